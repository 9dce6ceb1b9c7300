package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.RunPosition;
import dev.runstore.api.RunRef;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Windows and positions at and beyond their edges, for {@code getRunsBatchByTimeRange} and
 * {@code getCleanupRefsBatch} (issue 10, item 7): an empty window ({@code startFrom ==
 * endBefore}), an inverted one, a {@code lastSeen} before, inside, at the edges of or after the
 * window, an {@code upperBound} anywhere: every combination returns the right, possibly empty,
 * list on every backend and never throws.
 */
public interface TimeRangeEdgesContract extends RepositoryFixture {

  /** The runs of one tenant around {@code t0}: ties, microsecond neighbours, both window edges. */
  private List<WorkflowRun> saveEdgeRuns(String tenant, Instant t0) {
    List<WorkflowRun> runs = new ArrayList<>();
    for (Instant at : List.of(t0.minusSeconds(1), t0, t0, t0.plus(1, ChronoUnit.MICROS), t0.plusSeconds(2),
        t0.plusSeconds(5).minus(1, ChronoUnit.MICROS), t0.plusSeconds(5), t0.plusSeconds(10))) {
      WorkflowRun run = TimeRangeSelection.run(tenant, at, WorkflowRunStatus.SUCCEEDED);
      repository().save(run);
      runs.add(run);
    }
    // An unended run in the middle: never selected, whatever the window.
    WorkflowRun running = TimeRangeSelection.run(tenant, t0.plusSeconds(2), WorkflowRunStatus.RUNNING);
    repository().save(running);
    runs.add(running);
    runs.sort(TimeRangeSelection.OLDEST_FIRST);
    return runs;
  }

  private static List<Instant> edges(Instant t0) {
    return List.of(t0.minusSeconds(2), t0.minusSeconds(1), t0, t0.plus(1, ChronoUnit.MICROS), t0.plusSeconds(2),
        t0.plusSeconds(5), t0.plusSeconds(10), t0.plusSeconds(20));
  }

  private static List<@Nullable RunPosition> positions(Instant t0, List<WorkflowRun> runs) {
    List<@Nullable RunPosition> positions = new ArrayList<>();
    positions.add(null);
    positions.add(new RunPosition(t0.minusSeconds(5), TestRuns.newId()));
    positions.add(new RunPosition(t0, "00000000-0000-0000-0000-000000000000"));
    positions.add(new RunPosition(t0, "ffffffff-ffff-ffff-ffff-ffffffffffff"));
    for (WorkflowRun run : runs) {
      positions.add(RunPosition.of(run));
    }
    positions.add(new RunPosition(t0.plusSeconds(3600), TestRuns.newId()));
    return positions;
  }

  /** Calls {@code call}, recording a mismatch or an exception under {@code label}. */
  private static <T> void check(List<String> problems, String label, List<T> expected, Supplier<List<T>> call) {
    try {
      List<T> actual = call.get();
      if (!Objects.equals(expected, actual)) {
        problems.add(label + ": expected " + expected.size() + " " + expected + " but was " + actual.size() + " " + actual);
      }
    } catch (RuntimeException e) {
      problems.add(label + ": threw " + e);
    }
  }

  private static void assertNoProblems(List<String> problems, int calls) {
    assertThat(problems).as("%d of %d calls went wrong; the first ones:%n%s", problems.size(), calls,
        String.join("\n", problems.subList(0, Math.min(10, problems.size())))).isEmpty();
  }

  @Test
  default void runBatchesOfEveryWindowAndLastSeen() {
    Instant t0 = TimeRangeSelection.privateWindow();
    String tenant = TestRuns.newId();
    List<WorkflowRun> runs = saveEdgeRuns(tenant, t0);
    List<@Nullable Instant> starts = new ArrayList<>(edges(t0));
    starts.add(null);
    List<String> problems = new ArrayList<>();
    int calls = 0;
    for (Instant start : starts) {
      for (Instant end : edges(t0)) {
        for (RunPosition lastSeen : positions(t0, runs)) {
          int batchSize = calls % 2 == 0 ? 1000 : 2; // half the calls cut the selection short
          TimeRangeBatchQuery query = new TimeRangeBatchQuery(start, end, lastSeen, batchSize, null, Set.of(tenant));
          calls++;
          check(problems, "window [" + start + ", " + end + ") after " + lastSeen + " batch " + batchSize,
              TimeRangeSelection.batch(runs, query), () -> repository().getRunsBatchByTimeRange(query));
        }
      }
    }
    assertNoProblems(problems, calls);
  }

  @Test
  default void refBatchesOfEveryWindowLastSeenAndUpperBound() {
    Instant t0 = TimeRangeSelection.privateWindow();
    String tenant = TestRuns.newId();
    List<WorkflowRun> runs = saveEdgeRuns(tenant, t0);
    List<@Nullable Instant> starts = Arrays.asList(null, t0.minusSeconds(1), t0, t0.plusSeconds(2), t0.plusSeconds(10));
    List<Instant> ends = List.of(t0, t0.plus(1, ChronoUnit.MICROS), t0.plusSeconds(2), t0.plusSeconds(10),
        t0.plusSeconds(20));
    List<@Nullable RunPosition> bounds = Arrays.asList(null, new RunPosition(t0.minusSeconds(5), TestRuns.newId()),
        new RunPosition(t0, "ffffffff-ffff-ffff-ffff-ffffffffffff"), RunPosition.of(runs.get(5)),
        new RunPosition(t0.plusSeconds(3600), TestRuns.newId()));
    List<@Nullable RunPosition> lastSeens = Arrays.asList(null, new RunPosition(t0.minusSeconds(5), TestRuns.newId()),
        new RunPosition(t0, "00000000-0000-0000-0000-000000000000"),
        new RunPosition(t0, "ffffffff-ffff-ffff-ffff-ffffffffffff"), RunPosition.of(runs.get(3)),
        RunPosition.of(runs.get(6)), new RunPosition(t0.plusSeconds(3600), TestRuns.newId()));
    List<String> problems = new ArrayList<>();
    int calls = 0;
    for (Instant start : starts) {
      for (Instant end : ends) {
        for (RunPosition lastSeen : lastSeens) {
          for (RunPosition upper : bounds) {
            TimeRangeBatchQuery query = new TimeRangeBatchQuery(start, end, lastSeen, 1000, null, Set.of(tenant));
            calls++;
            List<RunRef> expected = TimeRangeSelection.refs(runs, query, upper);
            check(problems, "window [" + start + ", " + end + ") after " + lastSeen + " up to " + upper,
                expected, () -> repository().getCleanupRefsBatch(query, upper));
          }
        }
      }
    }
    assertNoProblems(problems, calls);
  }

  /** The plainest cases by name, so that a failure here reads at once. */
  @Test
  default void emptyAndInvertedWindowsAreEmptyNotErrors() {
    Instant t0 = TimeRangeSelection.privateWindow();
    String tenant = TestRuns.newId();
    saveEdgeRuns(tenant, t0);
    Set<String> tenants = Set.of(tenant);
    TimeRangeBatchQuery empty = new TimeRangeBatchQuery(t0, t0, null, 10, null, tenants);
    TimeRangeBatchQuery inverted = new TimeRangeBatchQuery(t0.plusSeconds(5), t0, null, 10, null, tenants);
    TimeRangeBatchQuery lastSeenAfterEnd =
        new TimeRangeBatchQuery(t0, t0.plusSeconds(2), new RunPosition(t0.plusSeconds(30), TestRuns.newId()), 10, null, tenants);
    for (TimeRangeBatchQuery query : List.of(empty, inverted, lastSeenAfterEnd)) {
      assertThat(repository().getRunsBatchByTimeRange(query)).as("%s", query).isEmpty();
      assertThat(repository().getCleanupRefsBatch(query, null)).as("refs %s", query).isEmpty();
    }
    // Every tenant, no tenant filter at all: still empty, still no error.
    assertThat(repository().getRunsBatchByTimeRange(TimeRangeBatchQuery.builder(t0).startFrom(t0).build())).isEmpty();
    assertThat(repository().getRunsBatchByTimeRange(
            TimeRangeBatchQuery.builder(t0).startFrom(t0.plusSeconds(86_400)).build()))
        .isEmpty();
  }
}
