package dev.runstore.store;

import dev.runstore.api.AverageInteractionStats;
import dev.runstore.api.Checks;
import dev.runstore.api.DailyRunsStats;
import dev.runstore.api.DailyTerminalsStats;
import dev.runstore.api.DailyTokenCostStats;
import dev.runstore.api.DataAccessException;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.InvalidCursorException;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.RunPosition;
import dev.runstore.api.StatsQuery;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecutionRepository;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunCounts;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one implementation of {@link WorkflowRunRepository}'s rules (API.md) for every backend:
 * argument checks before any storage access, the "malformed id matches nothing" short-cuts, the
 * v1 page as a one-trigger listing, cursor decoding and page assembly ({@code limit + 1} rows
 * give {@code hasMore} and {@code nextCursor}), time-bound normalization ({@link Bounds}),
 * {@link #executions}, the batch loop of {@code deleteRunsByApp} and the retry policy. Below it,
 * a {@link RunStore} only stores and finds, with arguments already checked.
 *
 * <p>Retry: a store call failing with a {@linkplain DataAccessException.Reason#isRetryable()
 * deadlock or serialization failure} is run again, at most {@value #MAX_ATTEMPTS} times in all
 * and within {@link #MAX_RETRY_TIME}, with a short random back-off; only calls that are one
 * statement or one transaction (a failed attempt wrote nothing) are retried. Thread-safe.
 */
public final class RepositoryFront implements WorkflowRunRepository {

  /** Attempts of one retried store call, the first included. */
  static final int MAX_ATTEMPTS = 8;

  /** No new attempt starts later than this after the first. */
  static final Duration MAX_RETRY_TIME = Duration.ofSeconds(10);

  private static final Comparator<WorkflowRun> NEWEST_FIRST = RunPosition.RUN_ORDER.reversed();

  private final RunStore store;

  /** The front of {@code store}, which it closes in {@link #close()}. */
  public RepositoryFront(RunStore store) {
    this.store = Checks.requireNonNull(store, "store");
  }

  /** The backend's short name. */
  public String backend() {
    return store.name();
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void save(WorkflowRun run) {
    Checks.requireNonNull(run, "run");
    if (!retrying(() -> store.upsert(run))) {
      throw new IllegalArgumentException(
          "save refused: run id " + run.id() + " is stored under another tenant or app; a run never moves");
    }
  }

  @Override
  public WorkflowExecutionRepository executions(ExecutionContext context) {
    Checks.requireNonNull(context, "context");
    return execution -> save(WorkflowRun.fromExecution(context, execution));
  }

  // ---------------------------------------------------------------- pages

  @Override
  public InfiniteScrollPagination<WorkflowRun> getPaginatedWorkflowRuns(
      String tenantId, String appId, TriggeredFrom triggeredFrom, int limit, @Nullable String lastId) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(appId, "appId");
    Checks.requireNonNull(triggeredFrom, "triggeredFrom");
    Checks.requireRange(limit, 1, MAX_PAGE_LIMIT, "limit");
    return page(tenantId, appId, Set.of(triggeredFrom), null, limit, lastId, null);
  }

  @Override
  public InfiniteScrollPagination<WorkflowRun> getPaginatedWorkflowRuns(RunListQuery query) {
    Checks.requireNonNull(query, "query");
    // A token is decoded before any storage access: an invalid one fails at once, and a valid
    // one needs no lookup (the run it points at may have been deleted since).
    RunPosition position = query.cursor() == null ? null : RunPosition.fromCursor(query.cursor());
    return page(query.tenantId(), query.appId(), query.triggeredFrom(), query.status(), query.limit(),
        query.lastId(), position);
  }

  private InfiniteScrollPagination<WorkflowRun> page(
      String tenantId, String appId, Set<TriggeredFrom> triggers, @Nullable WorkflowRunStatus status,
      int limit, @Nullable String lastId, @Nullable RunPosition position) {
    String tenant = Checks.canonicalUuid(tenantId);
    String app = Checks.canonicalUuid(appId);
    String cursorId = lastId == null ? null : Checks.canonicalUuid(lastId);
    if (lastId != null && (cursorId == null || tenant == null || app == null)) {
      throw invalidLastId(lastId);
    }
    if (tenant == null || app == null) {
      return new InfiniteScrollPagination<>(List.of(), limit, false);
    }
    RunFilter filter = new RunFilter(tenant, app, triggers, status);
    int fetch = limit + 1;
    List<WorkflowRun> rows = cursorId != null
        ? store.pageAfterRun(filter, cursorId, fetch)
        : store.page(filter, position, fetch);
    if (rows == null) {
      throw invalidLastId(java.util.Objects.requireNonNull(lastId));
    }
    List<WorkflowRun> sorted = new ArrayList<>(rows);
    sorted.sort(NEWEST_FIRST);
    boolean hasMore = sorted.size() > limit;
    List<WorkflowRun> data = hasMore ? sorted.subList(0, limit) : sorted;
    String next = hasMore ? RunPosition.of(data.get(data.size() - 1)).toCursor() : null;
    return new InfiniteScrollPagination<>(List.copyOf(data), limit, hasMore, next);
  }

  private static InvalidCursorException invalidLastId(String lastId) {
    String shown = lastId.length() <= 64 ? lastId : lastId.substring(0, 64) + "...";
    return new InvalidCursorException("lastId '" + shown + "' is not a run of this tenant and app matching the"
        + " listing's triggers and status (unknown, malformed, deleted or another tenant's)");
  }

  // ---------------------------------------------------------------- single runs

  @Override
  public Optional<WorkflowRun> getWorkflowRunById(String tenantId, String appId, String runId) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(appId, "appId");
    String tenant = Checks.canonicalUuid(tenantId);
    String app = Checks.canonicalUuid(appId);
    String id = Checks.canonicalUuid(runId);
    if (tenant == null || app == null || id == null) {
      return Optional.empty();
    }
    return store.findById(tenant, app, id);
  }

  @Override
  public Optional<WorkflowRun> getWorkflowRunByIdWithoutTenant(String runId) {
    Checks.requireNonNull(runId, "runId");
    String id = Checks.canonicalUuid(runId);
    return id == null ? Optional.empty() : store.findByIdWithoutTenant(id);
  }

  // ---------------------------------------------------------------- batches

  @Override
  public List<WorkflowRun> getExpiredRunsBatch(String tenantId, Instant beforeDate, int batchSize) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireNonNull(beforeDate, "beforeDate");
    Checks.requireRange(batchSize, 1, MAX_BATCH_SIZE, "batchSize");
    String tenant = Checks.canonicalUuid(tenantId);
    Bounds bounds = Bounds.of(null, beforeDate);
    if (tenant == null || bounds.isEmpty()) {
      return List.of();
    }
    Instant to = bounds.to();
    return List.copyOf(to == null
        ? store.expired(tenant, Checks.MAX_INSTANT, true, batchSize)
        : store.expired(tenant, to, false, batchSize));
  }

  @Override
  public List<WorkflowRun> getRunsBatchByTimeRange(TimeRangeBatchQuery query) {
    Checks.requireNonNull(query, "query");
    if (query.runTypes() != null && query.runTypes().isEmpty()) {
      return List.of();
    }
    Bounds bounds = Bounds.of(query.startFrom(), query.endBefore());
    RunPosition after = query.lastSeen();
    Instant from = bounds.from();
    Instant to = bounds.to();
    if (after != null && from != null && after.createdAt().isBefore(from)) {
      after = null; // the window's start bounds the walk more tightly
    }
    if (bounds.isEmpty() || (after != null && to != null && !after.createdAt().isBefore(to))) {
      return List.of();
    }
    Set<String> tenants = query.tenantIds() == null ? Set.of() : query.tenantIds();
    EndedRunsBatch batch = new EndedRunsBatch(
        from, to, after, query.batchSize(), query.runTypes(), List.copyOf(new TreeSet<>(tenants)));
    return List.copyOf(store.endedBatch(batch));
  }

  // ---------------------------------------------------------------- deletes

  @Override
  public int deleteRunsByIds(Collection<String> runIds) {
    Checks.requireNonNull(runIds, "runIds");
    List<String> ids = canonicalIds(runIds);
    return ids.isEmpty() ? 0 : store.deleteByIds(null, ids);
  }

  @Override
  public int deleteRunsByIds(String tenantId, Collection<String> runIds) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireNonNull(runIds, "runIds");
    String tenant = Checks.canonicalUuid(tenantId);
    if (tenant == null) {
      return 0; // a malformed tenant id owns no run
    }
    List<String> ids = canonicalIds(runIds);
    return ids.isEmpty() ? 0 : store.deleteByIds(tenant, ids);
  }

  /** The distinct canonical forms of the well-formed ids, in the order given. */
  private static List<String> canonicalIds(Collection<String> runIds) {
    Set<String> ids = new LinkedHashSet<>();
    for (String runId : runIds) {
      String id = Checks.canonicalUuid(runId);
      if (id != null) {
        ids.add(id);
      }
    }
    return List.copyOf(ids);
  }

  @Override
  public int deleteRunsByApp(String tenantId, String appId, int batchSize) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(appId, "appId");
    Checks.requireRange(batchSize, 1, MAX_BATCH_SIZE, "batchSize");
    String tenant = Checks.canonicalUuid(tenantId);
    String app = Checks.canonicalUuid(appId);
    if (tenant == null || app == null) {
      return 0;
    }
    int total = 0;
    int idleRounds = 0;
    while (true) {
      int deleted = retrying(() -> store.deleteAppBatch(tenant, app, batchSize));
      total += deleted;
      if (deleted >= batchSize) {
        idleRounds = 0;
        continue;
      }
      // A short batch does not mean the app is empty (a concurrent deleter may hold rows):
      // stop only when no run is left.
      if (!store.appHasRuns(tenant, app)) {
        return total;
      }
      if (deleted == 0) {
        pause(++idleRounds);
      }
    }
  }

  // ---------------------------------------------------------------- counts and statistics

  @Override
  public WorkflowRunCounts getWorkflowRunsCount(
      String tenantId, String appId, TriggeredFrom triggeredFrom,
      @Nullable WorkflowRunStatus status, @Nullable Duration timeRange) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(appId, "appId");
    Checks.requireNonNull(triggeredFrom, "triggeredFrom");
    // "now" comes from the JVM, never the database's clock: every backend counts the same window.
    Instant since = Checks.sinceNow(timeRange);
    String tenant = Checks.canonicalUuid(tenantId);
    String app = Checks.canonicalUuid(appId);
    if (tenant == null || app == null) {
      return WorkflowRunCounts.of(java.util.Map.of());
    }
    return WorkflowRunCounts.of(store.countByStatus(
        tenant, app, triggeredFrom, status, since == null ? null : Bounds.ceilToMicros(since)));
  }

  @Override
  public List<DailyRunsStats> getDailyRunsStatistics(StatsQuery query) {
    return daily(query, d -> new DailyRunsStats(d.date(), d.runs()));
  }

  @Override
  public List<DailyTerminalsStats> getDailyTerminalsStatistics(StatsQuery query) {
    return daily(query, d -> new DailyTerminalsStats(d.date(), d.creators()));
  }

  @Override
  public List<DailyTokenCostStats> getDailyTokenCostStatistics(StatsQuery query) {
    return daily(query, d -> new DailyTokenCostStats(d.date(), d.tokens()));
  }

  @Override
  public List<AverageInteractionStats> getAverageAppInteractionStatistics(StatsQuery query) {
    return daily(query, d -> new AverageInteractionStats(d.date(), AverageInteractionStats.average(d.runs(), d.creators())));
  }

  private <T> List<T> daily(StatsQuery query, Function<DailyAggregate, T> result) {
    Checks.requireNonNull(query, "query");
    String tenant = Checks.canonicalUuid(query.tenantId());
    String app = Checks.canonicalUuid(query.appId());
    Bounds bounds = Bounds.of(query.start(), query.end());
    if (tenant == null || app == null || bounds.isEmpty()) {
      return List.of();
    }
    return store.dailyStatistics(tenant, app, query.triggeredFrom(), bounds.from(), bounds.to(), query.zone())
        .stream().map(result).toList();
  }

  // ---------------------------------------------------------------- v1.2 (in progress)

  @Override
  public Optional<WorkflowRun> getWorkflowRunByIdAndTenantId(String tenantId, String runId) {
    throw new UnsupportedOperationException("v1.2 in progress");
  }

  @Override
  public List<dev.runstore.api.RunRef> getCleanupRefsBatch(TimeRangeBatchQuery query, @Nullable RunPosition upperBound) {
    throw new UnsupportedOperationException("v1.2 in progress");
  }

  @Override
  public dev.runstore.api.WorkflowPause createWorkflowPause(
      String tenantId, String runId, String stateOwnerUserId, byte[] state, List<dev.runstore.api.PauseReason> reasons) {
    throw new UnsupportedOperationException("v1.2 in progress");
  }

  @Override
  public Optional<dev.runstore.api.WorkflowPause> getWorkflowPause(String tenantId, String runId) {
    throw new UnsupportedOperationException("v1.2 in progress");
  }

  @Override
  public byte[] getWorkflowPauseState(dev.runstore.api.WorkflowPause pause) {
    throw new UnsupportedOperationException("v1.2 in progress");
  }

  @Override
  public dev.runstore.api.WorkflowPause resumeWorkflowPause(String tenantId, String runId, String pauseId) {
    throw new UnsupportedOperationException("v1.2 in progress");
  }

  @Override
  public void deleteWorkflowPause(String tenantId, String pauseId) {
    throw new UnsupportedOperationException("v1.2 in progress");
  }

  @Override
  public List<String> pruneWorkflowPauses(Instant expiration, Instant resumptionExpiration, int limit) {
    throw new UnsupportedOperationException("v1.2 in progress");
  }

  // ---------------------------------------------------------------- lifecycle and retry

  @Override
  public void close() {
    store.close();
  }

  /**
   * Runs {@code work}, again after a deadlock or serialization failure, at most
   * {@value #MAX_ATTEMPTS} times and within {@link #MAX_RETRY_TIME}.
   */
  private static <T> T retrying(Supplier<T> work) {
    long deadline = System.nanoTime() + MAX_RETRY_TIME.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (DataAccessException e) {
        if (!e.reason().isRetryable() || attempt >= MAX_ATTEMPTS || System.nanoTime() - deadline > 0) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  /** Backs off a little longer each round (1, 2, 4 ... 64 ms, with jitter), for retries and lock waits. */
  private static void pause(int round) {
    long base = 1L << Math.min(round, 6);
    long millis = base + ThreadLocalRandom.current().nextLong(base + 1);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataAccessException("interrupted while waiting to retry", e, false);
    }
  }
}
