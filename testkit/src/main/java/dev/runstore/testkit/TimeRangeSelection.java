package dev.runstore.testkit;

import dev.runstore.api.RunPosition;
import dev.runstore.api.RunRef;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * API.md's selection of {@code getRunsBatchByTimeRange} and {@code getCleanupRefsBatch} written out
 * plainly over a list of runs (it shares no code with any backend), plus run data shaped for it:
 * private time windows, tenant ids with a chosen first hex digit, run ids with a chosen last one.
 */
public final class TimeRangeSelection {

  /** The order of every batch: {@code (createdAt, id)}. */
  public static final Comparator<WorkflowRun> OLDEST_FIRST =
      Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id);

  private static final String HEX = "0123456789abcdef";

  private TimeRangeSelection() {}

  /**
   * A window no other test uses (a random day after the year 2300): queries over every tenant see
   * only the runs a test puts there.
   */
  public static Instant privateWindow() {
    return Instant.parse("2300-01-01T00:00:00Z").plusSeconds(86_400L * new Random().nextInt(200_000));
  }

  /** A random UUID string whose first hex digit is {@code first}. */
  public static String idStartingWith(char first) {
    return first + TestRuns.newId().substring(1);
  }

  /** A random UUID string whose last hex digit is {@code last}. */
  public static String idEndingWith(char last) {
    String id = TestRuns.newId();
    return id.substring(0, 35) + last;
  }

  /** The hex digit of value {@code digit} (0..15), lower case. */
  public static char hexDigit(int digit) {
    return HEX.charAt(digit);
  }

  /** A finished run of {@code tenantId} (a new app) created at {@code createdAt}, with {@code status}. */
  public static WorkflowRun run(String tenantId, Instant createdAt, WorkflowRunStatus status) {
    return TestRuns.run(tenantId, TestRuns.newId()).status(status).createdAt(createdAt)
        .finishedAt(status.isEnded() ? createdAt.plusSeconds(1) : null).build();
  }

  /** Whether {@code run} passes every filter of {@code query} and lies inside its window, after lastSeen. */
  public static boolean selects(TimeRangeBatchQuery query, @Nullable RunPosition upperBound, WorkflowRun run) {
    if (!run.status().isEnded()) {
      return false;
    }
    Instant at = run.createdAt();
    if (query.startFrom() != null && at.isBefore(query.startFrom())) {
      return false;
    }
    if (!at.isBefore(query.endBefore())) {
      return false;
    }
    if (query.lastSeen() != null && compare(run, query.lastSeen()) <= 0) {
      return false;
    }
    if (upperBound != null && compare(run, upperBound) > 0) {
      return false;
    }
    Set<WorkflowType> types = query.runTypes();
    if (types != null && !types.contains(run.type())) {
      return false;
    }
    if (!emptyOrContains(query.tenantIds(), run.tenantId())) {
      return false;
    }
    if (!emptyOrContains(query.workflowIds(), run.workflowId())) {
      return false;
    }
    Set<Character> prefixes = query.tenantPrefixes();
    if (prefixes != null && !prefixes.isEmpty() && !prefixes.contains(run.tenantId().charAt(0))) {
      return false;
    }
    if (query.shard() != null) {
      int lastDigit = HEX.indexOf(run.id().toLowerCase(Locale.ROOT).charAt(run.id().length() - 1));
      if (lastDigit % query.shard().total() != query.shard().index()) {
        return false;
      }
    }
    return true;
  }

  /** The batch {@code getRunsBatchByTimeRange(query)} returns, from {@code runs}. */
  public static List<WorkflowRun> batch(Collection<WorkflowRun> runs, TimeRangeBatchQuery query) {
    return refsOrRuns(runs, query, null);
  }

  /** The batch {@code getCleanupRefsBatch(query, upperBound)} returns, from {@code runs}. */
  public static List<RunRef> refs(Collection<WorkflowRun> runs, TimeRangeBatchQuery query, @Nullable RunPosition upperBound) {
    return refsOrRuns(runs, query, upperBound).stream().map(TimeRangeSelection::ref).toList();
  }

  /** The reference of {@code run}. */
  public static RunRef ref(WorkflowRun run) {
    return new RunRef(run.id(), run.tenantId(), run.createdAt());
  }

  /**
   * Every batch of a walk from {@code first} through {@code getRunsBatchByTimeRange}, each next
   * batch asked after the last run of the one before, concatenated; fails when a batch exceeds the
   * batch size or the walk does not end.
   */
  public static List<WorkflowRun> walk(dev.runstore.api.WorkflowRunRepository repository, TimeRangeBatchQuery first) {
    List<WorkflowRun> seen = new ArrayList<>();
    RunPosition last = first.lastSeen();
    for (int i = 0; i < 100_000; i++) {
      List<WorkflowRun> batch = repository.getRunsBatchByTimeRange(after(first, last));
      org.assertj.core.api.Assertions.assertThat(batch.size()).isLessThanOrEqualTo(first.batchSize());
      if (batch.isEmpty()) {
        return seen;
      }
      seen.addAll(batch);
      last = RunPosition.of(batch.get(batch.size() - 1));
    }
    throw new AssertionError("walk did not end");
  }

  /** {@code query} with {@code lastSeen} replaced. */
  public static TimeRangeBatchQuery after(TimeRangeBatchQuery query, @Nullable RunPosition lastSeen) {
    return new TimeRangeBatchQuery(query.startFrom(), query.endBefore(), lastSeen, query.batchSize(),
        query.runTypes(), query.tenantIds(), query.workflowIds(), query.tenantPrefixes(), query.shard());
  }

  /** {@code query} with {@code batchSize} replaced (e.g. 10000, to compute a whole walk at once). */
  public static TimeRangeBatchQuery withBatchSize(TimeRangeBatchQuery query, int batchSize) {
    return new TimeRangeBatchQuery(query.startFrom(), query.endBefore(), query.lastSeen(), batchSize,
        query.runTypes(), query.tenantIds(), query.workflowIds(), query.tenantPrefixes(), query.shard());
  }

  /** {@code query} with {@code runTypes} replaced. */
  public static TimeRangeBatchQuery withRunTypes(TimeRangeBatchQuery query, @Nullable Set<WorkflowType> runTypes) {
    return new TimeRangeBatchQuery(query.startFrom(), query.endBefore(), query.lastSeen(), query.batchSize(),
        runTypes, query.tenantIds(), query.workflowIds(), query.tenantPrefixes(), query.shard());
  }

  private static List<WorkflowRun> refsOrRuns(
      Collection<WorkflowRun> runs, TimeRangeBatchQuery query, @Nullable RunPosition upperBound) {
    List<WorkflowRun> selected = new ArrayList<>();
    for (WorkflowRun run : runs) {
      if (selects(query, upperBound, run)) {
        selected.add(run);
      }
    }
    selected.sort(OLDEST_FIRST);
    return List.copyOf(selected.subList(0, Math.min(query.batchSize(), selected.size())));
  }

  private static boolean emptyOrContains(@Nullable Set<String> ids, String id) {
    if (ids == null || ids.isEmpty()) {
      return true;
    }
    for (String candidate : ids) {
      if (UUID.fromString(candidate).equals(UUID.fromString(id))) {
        return true;
      }
    }
    return false;
  }

  private static int compare(WorkflowRun run, RunPosition position) {
    int c = run.createdAt().compareTo(position.createdAt());
    return c != 0 ? c : run.id().compareTo(position.id());
  }
}
