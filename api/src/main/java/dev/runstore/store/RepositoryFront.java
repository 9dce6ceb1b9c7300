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
import dev.runstore.api.PauseReason;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.RunRef;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.RunPosition;
import dev.runstore.api.StatsQuery;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecutionRepository;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunCounts;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.spi.PauseStateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  /** Runs per transaction of {@link #deleteRunsWithRelated} (and per read of the others). */
  public static final int RELATED_CHUNK = 500;


  private static final Comparator<WorkflowRun> NEWEST_FIRST = RunPosition.RUN_ORDER.reversed();

  private static final System.Logger LOG = System.getLogger(RepositoryFront.class.getName());

  private final RunStore store;
  private final PauseStateStore pauseStates;

  /** The front of {@code store} with the backend's defaults; it closes the store in {@link #close()}. */
  public RepositoryFront(RunStore store) {
    this(store, RepositoryOptions.defaults());
  }

  /**
   * The front of {@code store} with options given in code; it closes the store in {@link #close()}.
   *
   * @throws IllegalArgumentException when an argument is null
   */
  public RepositoryFront(RunStore store, RepositoryOptions options) {
    this.store = Checks.requireNonNull(store, "store");
    PauseStateStore given = Checks.requireNonNull(options, "options").pauseStateStore();
    this.pauseStates = given != null ? given : store.defaultPauseStateStore();
  }

  /** The backend's short name. */
  public String backend() {
    return store.name();
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void save(WorkflowRun run) {
    Checks.requireNonNull(run, "run");
    upsert(run, false);
  }

  /**
   * Engine saves keep the stored {@code createdAt} (Dify #32851: a paused and resumed run is
   * saved again with its new start time, which must not move it in the listings).
   */
  @Override
  public WorkflowExecutionRepository executions(ExecutionContext context) {
    Checks.requireNonNull(context, "context");
    return execution -> upsert(WorkflowRun.fromExecution(context, execution), true);
  }

  private void upsert(WorkflowRun run, boolean keepCreatedAt) {
    if (!retrying(() -> store.upsert(run, keepCreatedAt))) {
      throw new IllegalArgumentException(
          "save refused: run id " + run.id() + " is stored under another tenant or app; a run never moves");
    }
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
    EndedRunsBatch batch = endedBatch(query, null);
    return batch == null ? List.of() : inChunks(batch, store.maxIdsPerStatement(), store::endedBatch, RunPosition::of);
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
    try {
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
          // Every run left is locked by another transaction, which a batch skips (PostgreSQL's
          // SKIP LOCKED): wait for them, bounded by the lock timeout, instead of spinning.
          int waited = retrying(() -> store.deleteAppBatchWaiting(tenant, app, batchSize));
          total += waited;
          if (waited == 0) {
            pause(++idleRounds); // the holder deleted them itself: look again
          } else {
            idleRounds = 0;
          }
        }
      }
    } catch (DataAccessException e) {
      if (total == 0) {
        throw e;
      }
      throw new DataAccessException(
          e.getMessage() + " (" + total + " runs of the app were deleted before, in committed batches)",
          e.getCause(), e.reason());
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

  // ---------------------------------------------------------------- v1.2: lookups and cleanup scans

  @Override
  public Optional<WorkflowRun> getWorkflowRunByIdAndTenantId(String tenantId, String runId) {
    Checks.requireText(tenantId, "tenantId");
    String tenant = Checks.canonicalUuid(tenantId);
    String id = Checks.canonicalUuid(runId);
    return tenant == null || id == null ? Optional.empty() : store.findByIdInTenant(tenant, id);
  }

  @Override
  public List<RunRef> getCleanupRefsBatch(TimeRangeBatchQuery query, @Nullable RunPosition upperBound) {
    Checks.requireNonNull(query, "query");
    EndedRunsBatch batch = endedBatch(query, upperBound);
    return batch == null ? List.of() : inChunks(batch, store.maxIdsPerStatement(), store::cleanupRefs, RunRef::position);
  }

  /**
   * The normalized batch of a time-range query (and an upper bound), or null when no run can be
   * selected: bounds rounded to stored precision, a {@code lastSeen} before the window's start
   * dropped (the start bounds the walk more tightly), an empty window or one ending before
   * {@code lastSeen} or before an upper bound's start answered without storage access.
   */
  private static @Nullable EndedRunsBatch endedBatch(TimeRangeBatchQuery query, @Nullable RunPosition upperBound) {
    if (query.runTypes() != null && query.runTypes().isEmpty()) {
      return null;
    }
    Bounds bounds = Bounds.of(query.startFrom(), query.endBefore());
    RunPosition after = query.lastSeen();
    Instant from = bounds.from();
    Instant to = bounds.to();
    if (after != null && from != null && after.createdAt().isBefore(from)) {
      after = null;
    }
    if (bounds.isEmpty()
        || (after != null && to != null && !after.createdAt().isBefore(to))
        || (upperBound != null && from != null && upperBound.createdAt().isBefore(from))
        || (upperBound != null && after != null && upperBound.compareTo(after) <= 0)) {
      return null;
    }
    return new EndedRunsBatch(from, to, after, query.batchSize(), query.runTypes(),
        sorted(query.tenantIds()), sorted(query.workflowIds()),
        query.tenantPrefixes() == null ? List.of() : EndedRunsBatch.rangesOf(query.tenantPrefixes()),
        query.shard(), upperBound);
  }

  /**
   * One store call per chunk of at most {@code chunk} tenant ids and workflow ids (drivers
   * take at most 65,535 parameters a statement; Connector/J then silently finds nothing), merged
   * back into the first {@code batchSize} by {@code (createdAt, id)}: each chunk's batch is
   * ascending and at most that long, so their merge is the whole query's batch.
   */
  private static <T> List<T> inChunks(
      EndedRunsBatch batch, int chunk, Function<EndedRunsBatch, List<T>> read, Function<T, RunPosition> position) {
    List<String> tenants = batch.tenantIds();
    List<String> workflows = batch.workflowIds();
    if (tenants.size() <= chunk && workflows.size() <= chunk) {
      return List.copyOf(read.apply(batch));
    }
    List<T> merged = new ArrayList<>();
    for (List<String> t : chunksOf(tenants, chunk)) {
      for (List<String> w : chunksOf(workflows, chunk)) {
        merged.addAll(read.apply(new EndedRunsBatch(batch.from(), batch.to(), batch.after(), batch.batchSize(),
            batch.types(), t, w, batch.tenantRanges(), batch.shard(), batch.upperBound())));
      }
    }
    merged.sort(java.util.Comparator.comparing(position));
    return List.copyOf(merged.subList(0, Math.min(batch.batchSize(), merged.size())));
  }

  /** {@code ids} in chunks of {@code chunk}; an empty list (no filter) as one empty chunk. */
  private static List<List<String>> chunksOf(List<String> ids, int chunk) {
    if (ids.isEmpty()) {
      return List.of(ids);
    }
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += chunk) {
      chunks.add(ids.subList(from, Math.min(ids.size(), from + chunk)));
    }
    return chunks;
  }

  private static List<String> sorted(@Nullable Set<String> ids) {
    return ids == null ? List.of() : List.copyOf(new TreeSet<>(ids));
  }

  // ---------------------------------------------------------------- v1.2: pauses

  @Override
  public WorkflowPause createWorkflowPause(
      String tenantId, String runId, String stateOwnerUserId, byte[] state, List<PauseReason> reasons) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(runId, "runId");
    Checks.requireText(stateOwnerUserId, "stateOwnerUserId");
    Checks.requireNonNull(state, "state");
    Checks.requireNonNull(reasons, "reasons");
    for (PauseReason reason : reasons) {
      Checks.requireNonNull(reason, "reasons element");
    }
    String tenant = Checks.canonicalUuid(tenantId);
    String run = Checks.canonicalUuid(runId);
    if (tenant == null || run == null) {
      throw noRun(runId);
    }
    NewPause pause = new NewPause(tenant, run, Ids.uuidV7(), Ids.stateObjectKey(),
        Instant.now().truncatedTo(ChronoUnit.MICROS), reasons, Ids.uuidV7Sequence(reasons.size()));
    // The state goes first, under a new key: a pause row never points at a missing object.
    pauseStates.put(pause.stateObjectKey(), state.clone());
    PauseCreation created;
    try {
      created = retrying(() -> store.createPause(pause));
    } catch (RuntimeException e) {
      deleteState(pause.stateObjectKey(), e);
      throw e;
    }
    WorkflowPause result = created.pause();
    if (result == null) {
      deleteState(pause.stateObjectKey(), null);
      WorkflowRunStatus status = created.runStatus();
      if (status == null) {
        throw noRun(runId);
      }
      throw new IllegalStateException("run " + run + " is " + status.value()
          + ": only a running or paused run can pause");
    }
    String replaced = created.replacedStateKey();
    if (replaced != null) {
      deleteState(replaced, null); // the earlier pause is gone; its object would only be garbage
    }
    return result;
  }

  @Override
  public Optional<WorkflowPause> getWorkflowPause(String tenantId, String runId) {
    Checks.requireText(tenantId, "tenantId");
    String tenant = Checks.canonicalUuid(tenantId);
    String run = Checks.canonicalUuid(runId);
    return tenant == null || run == null ? Optional.empty() : store.findPause(tenant, run);
  }

  @Override
  public byte[] getWorkflowPauseState(WorkflowPause pause) {
    Checks.requireNonNull(pause, "pause");
    byte[] state = pauseStates.get(pause.stateObjectKey());
    if (state == null) {
      throw new IllegalStateException("the state object " + pause.stateObjectKey() + " of pause " + pause.id()
          + " is missing from the pause state store");
    }
    return state;
  }

  @Override
  public WorkflowPause resumeWorkflowPause(String tenantId, String runId, String pauseId) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(runId, "runId");
    String id = Checks.requireUuid(pauseId, "pauseId");
    String tenant = Checks.canonicalUuid(tenantId);
    String run = Checks.canonicalUuid(runId);
    if (tenant == null || run == null) {
      throw noRun(runId);
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    PauseResumption resumption = retrying(() -> store.resumePause(tenant, run, id, now));
    WorkflowPause pause = resumption.pause();
    WorkflowRunStatus status = resumption.runStatus();
    return switch (resumption.outcome()) {
      case RESUMED -> java.util.Objects.requireNonNull(pause);
      case NO_RUN -> throw noRun(runId);
      case RUN_NOT_PAUSED -> throw new IllegalStateException(
          "run " + run + " is not paused (it is " + (status == null ? "?" : status.value()) + ")");
      case NO_PAUSE -> throw new IllegalStateException("run " + run + " has no pause");
      case OTHER_PAUSE -> throw new IllegalStateException("pause " + id + " is not the pause of run " + run
          + (pause == null ? "" : " (its pause is " + pause.id() + ")"));
      case ALREADY_RESUMED -> throw new IllegalStateException("pause " + id + " of run " + run
          + " was already resumed" + (pause == null || pause.resumedAt() == null ? "" : " at " + pause.resumedAt()));
    };
  }

  @Override
  public void deleteWorkflowPause(String tenantId, String pauseId) {
    Checks.requireText(tenantId, "tenantId");
    String id = Checks.requireUuid(pauseId, "pauseId");
    String tenant = Checks.canonicalUuid(tenantId);
    PauseRef pause = tenant == null ? null : store.findPauseById(tenant, id).orElse(null);
    if (pause == null) {
      throw new IllegalArgumentException("pause " + id + " does not exist under this tenant");
    }
    // The object first, then the rows (as Dify does): a failure leaves the pause to retry.
    pauseStates.delete(pause.stateObjectKey());
    retrying(() -> store.deletePauseRows(pause.id()));
  }

  @Override
  public List<String> pruneWorkflowPauses(Instant expiration, Instant resumptionExpiration, int limit) {
    Checks.requireNonNull(expiration, "expiration");
    Checks.requireNonNull(resumptionExpiration, "resumptionExpiration");
    Checks.requireRange(limit, 1, MAX_PRUNE_LIMIT, "limit");
    List<PauseRef> candidates = store.prunablePauses(exclusiveBound(expiration), exclusiveBound(resumptionExpiration), limit);
    List<String> pruned = new ArrayList<>(candidates.size());
    for (PauseRef pause : candidates) {
      try {
        pauseStates.delete(pause.stateObjectKey());
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "pause " + pause.id() + " kept: deleting its state object "
            + pause.stateObjectKey() + " failed (" + e + "); the next prune tries again");
        continue;
      }
      if (retrying(() -> store.deletePauseRows(pause.id()))) {
        pruned.add(pause.id());
      }
    }
    return List.copyOf(pruned);
  }

  /** {@code t} as a store's exclusive upper bound, or null when no stored time lies before it. */
  private static @Nullable Instant exclusiveBound(Instant t) {
    Bounds bounds = Bounds.of(null, t);
    if (bounds.isEmpty()) {
      return null;
    }
    Instant to = bounds.to();
    return to == null ? Checks.MAX_INSTANT : to;
  }

  private static IllegalArgumentException noRun(String runId) {
    String shown = runId.length() <= 64 ? runId : runId.substring(0, 64) + "...";
    return new IllegalArgumentException("run '" + shown + "' does not exist under this tenant");
  }

  /** Deletes a state object that no pause points at; a failure only leaves garbage behind. */
  private void deleteState(String key, @Nullable RuntimeException failure) {
    try {
      pauseStates.delete(key);
    } catch (RuntimeException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      } else {
        LOG.log(System.Logger.Level.WARNING, "deleting the unused pause state object " + key + " failed: " + e);
      }
    }
  }

  // ---------------------------------------------------------------- v1.2: runs with their related rows

  @Override
  public RelatedCounts countRunsWithRelated(String tenantId, Collection<String> runIds) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireNonNull(runIds, "runIds");
    String tenant = Checks.canonicalUuid(tenantId);
    RelatedCounts total = RelatedCounts.ZERO;
    for (List<String> chunk : relatedChunks(tenant, runIds)) {
      total = total.plus(store.countWithRelated(java.util.Objects.requireNonNull(tenant), chunk));
    }
    return total;
  }

  @Override
  public RelatedCounts deleteRunsWithRelated(String tenantId, Collection<String> runIds) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireNonNull(runIds, "runIds");
    String tenant = Checks.canonicalUuid(tenantId);
    RelatedCounts total = RelatedCounts.ZERO;
    for (List<String> chunk : relatedChunks(tenant, runIds)) {
      RelatedDeletion deleted = retrying(() -> store.deleteWithRelated(java.util.Objects.requireNonNull(tenant), chunk));
      total = total.plus(deleted.counts());
      // After the commit: a state object whose pause is gone is only garbage, never a dangling row.
      deleted.pauseStateKeys().forEach(key -> deleteState(key, null));
    }
    return total;
  }

  @Override
  public RelatedRows readRelatedRows(String tenantId, Collection<String> runIds) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireNonNull(runIds, "runIds");
    String tenant = Checks.canonicalUuid(tenantId);
    List<RelatedRows> parts = new ArrayList<>();
    for (List<String> chunk : relatedChunks(tenant, runIds)) {
      parts.add(store.readRelated(java.util.Objects.requireNonNull(tenant), chunk));
    }
    RelatedRows rows = RelatedRowsMerger.merge(parts);
    RelatedRows.Table pauses = rows.table("workflow_pauses");
    if (pauses == null) {
      return rows;
    }
    java.util.Map<String, byte[]> states = new java.util.LinkedHashMap<>();
    int keyColumn = RelatedRowsMerger.column(pauses, "state_object_key");
    for (List<@Nullable Object> row : pauses.rows()) {
      Object key = row.get(keyColumn);
      if (key instanceof String k) {
        byte[] state = pauseStates.get(k);
        if (state != null) {
          states.put(k, state);
        }
      }
    }
    return new RelatedRows(rows.tables(), states);
  }

  @Override
  public RelatedCounts restoreRelatedRows(String tenantId, RelatedRows rows) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireNonNull(rows, "rows");
    String tenant = Checks.canonicalUuid(tenantId);
    if (tenant == null) {
      throw new IllegalArgumentException("tenantId must be a UUID string to restore rows into it");
    }
    for (RelatedRows.Table table : rows.tables()) {
      if (!RelatedRowsMerger.RESTORE_ORDER.contains(table.name())) {
        throw new IllegalArgumentException(
            "table " + table.name() + " is not a related table of runs; expected one of " + RelatedRowsMerger.RESTORE_ORDER);
      }
    }
    // States first: a restored pause row never points at a missing object.
    rows.pauseStates().forEach(pauseStates::put);
    return retrying(() -> store.restoreRelated(tenant, rows));
  }

  /**
   * The well-formed distinct ids in ascending order (so concurrent deleters lock runs in the
   * same order), in chunks of {@value #RELATED_CHUNK}; none for a malformed tenant.
   */
  private static List<List<String>> relatedChunks(@Nullable String tenant, Collection<String> runIds) {
    if (tenant == null) {
      return List.of();
    }
    List<String> ids = new ArrayList<>(new TreeSet<>(canonicalIds(runIds)));
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += RELATED_CHUNK) {
      chunks.add(List.copyOf(ids.subList(from, Math.min(ids.size(), from + RELATED_CHUNK))));
    }
    return chunks;
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
