package dev.runstore.testkit;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The trail of a seeded model check ({@link ModelCheck}, {@link PauseModelCheck}): runs the steps
 * and the final comparison so that any failure names the check, the seed (with how to replay it),
 * the step and the steps just before it.
 */
final class StepTrail {

  private final String check;
  private final long seed;
  private final int steps;
  private final int remembered;
  private final Deque<String> recent = new ArrayDeque<>();
  private int step;
  private String current = "";

  /** A trail of {@code steps} steps of the check named {@code check}, remembering the last {@code remembered}. */
  StepTrail(String check, long seed, int steps, int remembered) {
    this.check = check;
    this.seed = seed;
    this.steps = steps;
    this.remembered = remembered;
  }

  /** Runs {@code randomStep} {@code steps} times, then {@code finalComparison} once. */
  void run(Runnable randomStep, Runnable finalComparison) {
    for (step = 0; step < steps; step++) {
      guarded(randomStep);
    }
    step = steps;
    guarded(finalComparison);
  }

  /** The step running now (0-based; {@code steps} during the final comparison). */
  int step() {
    return step;
  }

  /** Names what the current step does, for the failure message. */
  void describe(String description) {
    current = description;
    recent.addFirst(step + ": " + description);
    if (recent.size() > remembered) {
      recent.removeLast();
    }
  }

  /** The first 8 characters of a UUID, or a malformed id quoted. */
  static String shortId(String id) {
    return id.length() == 36 ? id.substring(0, 8) : "'" + id + "'";
  }

  private void guarded(Runnable action) {
    try {
      action.run();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          check + " failed: seed " + seed + " (rerun with -Drunstore.test.seed=" + seed + "), step " + step + " of "
              + steps + ": " + current + "\n  " + e + "\n  previous steps (newest first):\n    "
              + String.join("\n    ", recent),
          e);
    }
  }
}
