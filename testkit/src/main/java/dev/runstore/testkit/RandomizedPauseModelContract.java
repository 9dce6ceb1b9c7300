package dev.runstore.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pause rules all at once: seeded sequences of pause, resume, delete and prune calls mixed
 * with run saves, execution saves and run deletes, compared step by step with {@link PauseModel}
 * ({@link PauseModelCheck}).
 *
 * <p>A failure names the seed and the step; {@code -Drunstore.test.seed=N} replays seed N in
 * {@link #randomizedPausesAgainstModelWithRandomSeed()}.
 * {@code -Drunstore.test.randomized.pause-steps=N} changes the length of every sequence (default 300).
 */
public interface RandomizedPauseModelContract extends RepositoryFixture {

  /** Fixed seeds: the same sequences on every build and every backend. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {2L, 20_260_115L})
  default void randomizedPausesAgainstModelWithFixedSeed(long seed) {
    System.out.println("runstore.test.seed=" + seed);
    new PauseModelCheck(repository(), seed, pauseSteps()).run();
  }

  /** A fresh seed on every run (printed), or the one given by {@code -Drunstore.test.seed}. */
  @Test
  default void randomizedPausesAgainstModelWithRandomSeed() {
    new PauseModelCheck(repository(), TestRuns.seed(), pauseSteps()).run();
  }

  private static int pauseSteps() {
    return Integer.getInteger("runstore.test.randomized.pause-steps", 300);
  }
}
