package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Test data and checks for the v1.2 pause rules (API.md "Pauses"): runs that may pause, the
 * formats of pause ids and state keys, the prune rule written out plainly, and {@link #drain},
 * which empties the (system-wide) prune queue before a test that expects exact prune results.
 */
public final class Pauses {

  /** Earlier than every pause a test creates: as {@code expiration}, it selects nothing. */
  public static final Instant FAR_PAST = Instant.parse("2000-01-01T00:00:00Z");

  /** Later than every pause a test creates: as an expiration, it selects every pause. */
  public static final Instant FAR_FUTURE = Instant.parse("9000-01-01T00:00:00Z");

  /** How far a time the repository stamps ("now") may be from this JVM's clock. */
  public static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(2);

  /** The order of prune results: oldest first by {@code (createdAt, id)}. */
  public static final Comparator<WorkflowPause> OLDEST_FIRST =
      Comparator.comparing(WorkflowPause::createdAt).thenComparing(WorkflowPause::id);

  private static final Pattern STATE_KEY = Pattern.compile(
      "workflow-state-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.json");

  private Pauses() {}

  /** A builder for a valid run of {@code (tenantId, appId)} with status RUNNING (not finished). */
  public static WorkflowRun.Builder running(String tenantId, String appId) {
    return TestRuns.run(tenantId, appId).status(WorkflowRunStatus.RUNNING).finishedAt(null).outputs(null);
  }

  /** A RUNNING run of a new tenant and app, saved. */
  public static WorkflowRun savedRunning(WorkflowRunRepository repository) {
    WorkflowRun run = running(TestRuns.newId(), TestRuns.newId()).build();
    repository.save(run);
    return run;
  }

  /** UTF-8 bytes of {@code text}. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Asserts that {@code id} is a canonical UUID of version 7 whose time is close to now. */
  public static void assertUuidV7(String id) {
    assertThat(id).as("pause id").matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    long millis = UUID.fromString(id).getMostSignificantBits() >>> 16;
    assertThat(Instant.ofEpochMilli(millis)).as("time in UUIDv7 %s", id)
        .isBetween(Instant.now().minus(Duration.ofMinutes(10)), Instant.now().plus(Duration.ofMinutes(10)));
  }

  /** Asserts that {@code key} is {@code workflow-state-<uuid4>.json}. */
  public static void assertStateKey(String key) {
    assertThat(key).as("state object key").matches(STATE_KEY);
  }

  /**
   * Asserts that {@code stamped}, a time the repository set to "now" between {@code before} and
   * {@code after} (this JVM's clock), is that time at some column precision (whole seconds at
   * worst) within {@link #CLOCK_TOLERANCE}. A time zone mistake (hours off) fails.
   */
  public static void assertStampedNow(Instant stamped, Instant before, Instant after, String what) {
    assertThat(stamped).as(what)
        .isBetween(before.truncatedTo(ChronoUnit.SECONDS).minus(CLOCK_TOLERANCE), after.plus(CLOCK_TOLERANCE));
  }

  /** One microsecond later: the smallest step of every time column. */
  public static Instant justAfter(Instant instant) {
    return instant.plus(1, ChronoUnit.MICROS);
  }

  /**
   * API.md's prune rule written out: the pauses created before {@code expiration} or resumed
   * before {@code resumptionExpiration}, oldest first, at most {@code limit}; their ids.
   */
  public static List<String> expectedPrune(
      Collection<WorkflowPause> pauses, Instant expiration, Instant resumptionExpiration, int limit) {
    List<WorkflowPause> due = new ArrayList<>();
    for (WorkflowPause pause : pauses) {
      boolean expired = pause.createdAt().isBefore(expiration);
      boolean resumedLongAgo = pause.resumedAt() != null && pause.resumedAt().isBefore(resumptionExpiration);
      if (expired || resumedLongAgo) {
        due.add(pause);
      }
    }
    due.sort(OLDEST_FIRST);
    return due.stream().limit(limit).map(WorkflowPause::id).toList();
  }

  /**
   * Prunes every pause of the storage created up to now, so that a test's own pauses are the
   * only ones a prune can see until it ends. Pruning is system-wide by design: this deletes the
   * pauses earlier tests left behind (tests of one class run one after another). Works by
   * creating a probe pause and pruning everything created up to it, in bounded rounds.
   */
  public static void drain(WorkflowRunRepository repository) {
    WorkflowRun probe = savedRunning(repository);
    WorkflowPause pause = repository.createWorkflowPause(
        probe.tenantId(), probe.id(), TestRuns.newId(), utf8("{\"probe\":true}"), List.of());
    Instant upTo = justAfter(pause.createdAt());
    for (int round = 0; round < 100; round++) {
      if (repository.pruneWorkflowPauses(upTo, upTo, WorkflowRunRepository.MAX_PRUNE_LIMIT).isEmpty()) {
        assertThat(repository.getWorkflowPause(probe.tenantId(), probe.id())).as("probe pause after draining").isEmpty();
        repository.deleteRunsByIds(List.of(probe.id()));
        return;
      }
    }
    throw new AssertionError("pruneWorkflowPauses still returned pauses after 100 rounds of "
        + WorkflowRunRepository.MAX_PRUNE_LIMIT);
  }
}
