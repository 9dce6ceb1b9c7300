package dev.runstore.internal.observe;

import dev.runstore.api.AverageInteractionStats;
import dev.runstore.api.DailyRunsStats;
import dev.runstore.api.DailyTerminalsStats;
import dev.runstore.api.DailyTokenCostStats;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.PauseReason;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.RunPosition;
import dev.runstore.api.RunRef;
import dev.runstore.api.StatsQuery;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecutionRepository;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunCounts;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.spi.Operation;
import dev.runstore.spi.OperationObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one decorator that reports every operation of any {@link WorkflowRunRepository} to its
 * observers: it forwards each method unchanged, and around it tells the observers the
 * {@link Operation}, the outcome, the rows returned or deleted and (when asked) the duration.
 * Results and exceptions pass through untouched. {@code close()} is forwarded unobserved.
 *
 * <p>Every method spells out the same few lines instead of passing a lambda, so an observed call
 * allocates nothing but its event (JMH: {@code ObserverOverheadBenchmark}).
 */
public final class ObservedWorkflowRunRepository implements WorkflowRunRepository {

  private final WorkflowRunRepository delegate;
  private final ObserverCalls calls;

  private ObservedWorkflowRunRepository(WorkflowRunRepository delegate, ObserverCalls calls) {
    this.delegate = delegate;
    this.calls = calls;
  }

  /**
   * {@code repository} reporting to {@code observers} under the tag {@code backend}; the
   * repository itself when there are no observers (so nothing is added to its calls), or when it
   * already reports (it is not wrapped twice).
   *
   * @throws IllegalArgumentException when an argument or an observer is null
   */
  public static WorkflowRunRepository wrap(
      WorkflowRunRepository repository, String backend, List<? extends OperationObserver> observers) {
    if (repository == null || observers == null) {
      throw new IllegalArgumentException("repository and observers must not be null");
    }
    ObserverCalls calls = ObserverCalls.of(observers, backend);
    if (calls == null || repository instanceof ObservedWorkflowRunRepository) {
      return repository;
    }
    return new ObservedWorkflowRunRepository(repository, calls);
  }

  /** {@code repository} reporting through {@code calls}. */
  public static WorkflowRunRepository wrap(WorkflowRunRepository repository, ObserverCalls calls) {
    return repository instanceof ObservedWorkflowRunRepository
        ? repository
        : new ObservedWorkflowRunRepository(repository, calls);
  }

  /** The repository the calls are forwarded to. */
  public WorkflowRunRepository delegate() {
    return delegate;
  }

  /** The backend tag of the events. */
  public String backend() {
    return calls.backend();
  }

  @Override
  public void save(WorkflowRun run) {
    long started = calls.clock();
    Object context = calls.start(Operation.SAVE);
    try {
      delegate.save(run);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.SAVE, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.SAVE, started, context, 1);
  }

  @Override
  public WorkflowExecutionRepository executions(ExecutionContext context) {
    WorkflowExecutionRepository executions = delegate.executions(context);
    return execution -> {
      long started = calls.clock();
      Object observed = calls.start(Operation.EXECUTION_SAVE);
      try {
        executions.save(execution);
      } catch (RuntimeException | Error e) {
        calls.failed(Operation.EXECUTION_SAVE, started, observed, e);
        throw e;
      }
      calls.succeeded(Operation.EXECUTION_SAVE, started, observed, 1);
    };
  }

  @Override
  public InfiniteScrollPagination<WorkflowRun> getPaginatedWorkflowRuns(
      String tenantId, String appId, TriggeredFrom triggeredFrom, int limit, @Nullable String lastId) {
    long started = calls.clock();
    Object context = calls.start(Operation.GET_PAGE);
    InfiniteScrollPagination<WorkflowRun> page;
    try {
      page = delegate.getPaginatedWorkflowRuns(tenantId, appId, triggeredFrom, limit, lastId);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.GET_PAGE, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.GET_PAGE, started, context, page.data().size());
    return page;
  }

  @Override
  public InfiniteScrollPagination<WorkflowRun> getPaginatedWorkflowRuns(RunListQuery query) {
    long started = calls.clock();
    Object context = calls.start(Operation.GET_PAGE);
    InfiniteScrollPagination<WorkflowRun> page;
    try {
      page = delegate.getPaginatedWorkflowRuns(query);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.GET_PAGE, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.GET_PAGE, started, context, page.data().size());
    return page;
  }

  @Override
  public Optional<WorkflowRun> getWorkflowRunById(String tenantId, String appId, String runId) {
    long started = calls.clock();
    Object context = calls.start(Operation.GET_BY_ID);
    Optional<WorkflowRun> run;
    try {
      run = delegate.getWorkflowRunById(tenantId, appId, runId);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.GET_BY_ID, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.GET_BY_ID, started, context, run.isPresent() ? 1 : 0);
    return run;
  }

  @Override
  public Optional<WorkflowRun> getWorkflowRunByIdWithoutTenant(String runId) {
    long started = calls.clock();
    Object context = calls.start(Operation.GET_BY_ID_WITHOUT_TENANT);
    Optional<WorkflowRun> run;
    try {
      run = delegate.getWorkflowRunByIdWithoutTenant(runId);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.GET_BY_ID_WITHOUT_TENANT, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.GET_BY_ID_WITHOUT_TENANT, started, context, run.isPresent() ? 1 : 0);
    return run;
  }

  @Override
  public List<WorkflowRun> getExpiredRunsBatch(String tenantId, Instant beforeDate, int batchSize) {
    long started = calls.clock();
    Object context = calls.start(Operation.GET_EXPIRED_BATCH);
    List<WorkflowRun> runs;
    try {
      runs = delegate.getExpiredRunsBatch(tenantId, beforeDate, batchSize);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.GET_EXPIRED_BATCH, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.GET_EXPIRED_BATCH, started, context, runs.size());
    return runs;
  }

  @Override
  public List<WorkflowRun> getRunsBatchByTimeRange(TimeRangeBatchQuery query) {
    long started = calls.clock();
    Object context = calls.start(Operation.GET_TIME_RANGE_BATCH);
    List<WorkflowRun> runs;
    try {
      runs = delegate.getRunsBatchByTimeRange(query);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.GET_TIME_RANGE_BATCH, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.GET_TIME_RANGE_BATCH, started, context, runs.size());
    return runs;
  }

  @Override
  public int deleteRunsByIds(Collection<String> runIds) {
    long started = calls.clock();
    Object context = calls.start(Operation.DELETE_BY_IDS);
    int deleted;
    try {
      deleted = delegate.deleteRunsByIds(runIds);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.DELETE_BY_IDS, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.DELETE_BY_IDS, started, context, deleted);
    return deleted;
  }

  @Override
  public int deleteRunsByIds(String tenantId, Collection<String> runIds) {
    long started = calls.clock();
    Object context = calls.start(Operation.DELETE_BY_IDS);
    int deleted;
    try {
      deleted = delegate.deleteRunsByIds(tenantId, runIds);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.DELETE_BY_IDS, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.DELETE_BY_IDS, started, context, deleted);
    return deleted;
  }

  @Override
  public int deleteRunsByApp(String tenantId, String appId, int batchSize) {
    long started = calls.clock();
    Object context = calls.start(Operation.DELETE_BY_APP);
    int deleted;
    try {
      deleted = delegate.deleteRunsByApp(tenantId, appId, batchSize);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.DELETE_BY_APP, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.DELETE_BY_APP, started, context, deleted);
    return deleted;
  }

  @Override
  public WorkflowRunCounts getWorkflowRunsCount(
      String tenantId,
      String appId,
      TriggeredFrom triggeredFrom,
      @Nullable WorkflowRunStatus status,
      @Nullable Duration timeRange) {
    long started = calls.clock();
    Object context = calls.start(Operation.COUNT);
    WorkflowRunCounts counts;
    try {
      counts = delegate.getWorkflowRunsCount(tenantId, appId, triggeredFrom, status, timeRange);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.COUNT, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.COUNT, started, context, -1);
    return counts;
  }

  @Override
  public List<DailyRunsStats> getDailyRunsStatistics(StatsQuery query) {
    long started = calls.clock();
    Object context = calls.start(Operation.DAILY_RUNS);
    List<DailyRunsStats> days;
    try {
      days = delegate.getDailyRunsStatistics(query);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.DAILY_RUNS, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.DAILY_RUNS, started, context, days.size());
    return days;
  }

  @Override
  public List<DailyTerminalsStats> getDailyTerminalsStatistics(StatsQuery query) {
    long started = calls.clock();
    Object context = calls.start(Operation.DAILY_TERMINALS);
    List<DailyTerminalsStats> days;
    try {
      days = delegate.getDailyTerminalsStatistics(query);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.DAILY_TERMINALS, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.DAILY_TERMINALS, started, context, days.size());
    return days;
  }

  @Override
  public List<DailyTokenCostStats> getDailyTokenCostStatistics(StatsQuery query) {
    long started = calls.clock();
    Object context = calls.start(Operation.DAILY_TOKEN_COST);
    List<DailyTokenCostStats> days;
    try {
      days = delegate.getDailyTokenCostStatistics(query);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.DAILY_TOKEN_COST, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.DAILY_TOKEN_COST, started, context, days.size());
    return days;
  }

  @Override
  public List<AverageInteractionStats> getAverageAppInteractionStatistics(StatsQuery query) {
    long started = calls.clock();
    Object context = calls.start(Operation.AVERAGE_INTERACTIONS);
    List<AverageInteractionStats> days;
    try {
      days = delegate.getAverageAppInteractionStatistics(query);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.AVERAGE_INTERACTIONS, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.AVERAGE_INTERACTIONS, started, context, days.size());
    return days;
  }

  @Override
  public Optional<WorkflowRun> getWorkflowRunByIdAndTenantId(String tenantId, String runId) {
    long started = calls.clock();
    Object context = calls.start(Operation.GET_BY_ID_AND_TENANT);
    Optional<WorkflowRun> result;
    try {
      result = delegate.getWorkflowRunByIdAndTenantId(tenantId, runId);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.GET_BY_ID_AND_TENANT, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.GET_BY_ID_AND_TENANT, started, context, result.isPresent() ? 1 : 0);
    return result;
  }

  @Override
  public List<RunRef> getCleanupRefsBatch(TimeRangeBatchQuery query, @Nullable RunPosition upperBound) {
    long started = calls.clock();
    Object context = calls.start(Operation.GET_CLEANUP_REFS);
    List<RunRef> result;
    try {
      result = delegate.getCleanupRefsBatch(query, upperBound);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.GET_CLEANUP_REFS, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.GET_CLEANUP_REFS, started, context, result.size());
    return result;
  }

  @Override
  public WorkflowPause createWorkflowPause(
      String tenantId, String runId, String stateOwnerUserId, byte[] state, List<PauseReason> reasons) {
    long started = calls.clock();
    Object context = calls.start(Operation.CREATE_PAUSE);
    WorkflowPause result;
    try {
      result = delegate.createWorkflowPause(tenantId, runId, stateOwnerUserId, state, reasons);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.CREATE_PAUSE, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.CREATE_PAUSE, started, context, 1);
    return result;
  }

  @Override
  public Optional<WorkflowPause> getWorkflowPause(String tenantId, String runId) {
    long started = calls.clock();
    Object context = calls.start(Operation.GET_PAUSE);
    Optional<WorkflowPause> result;
    try {
      result = delegate.getWorkflowPause(tenantId, runId);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.GET_PAUSE, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.GET_PAUSE, started, context, result.isPresent() ? 1 : 0);
    return result;
  }

  @Override
  public byte[] getWorkflowPauseState(WorkflowPause pause) {
    long started = calls.clock();
    Object context = calls.start(Operation.GET_PAUSE_STATE);
    byte[] result;
    try {
      result = delegate.getWorkflowPauseState(pause);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.GET_PAUSE_STATE, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.GET_PAUSE_STATE, started, context, 1);
    return result;
  }

  @Override
  public WorkflowPause resumeWorkflowPause(String tenantId, String runId, String pauseId) {
    long started = calls.clock();
    Object context = calls.start(Operation.RESUME_PAUSE);
    WorkflowPause result;
    try {
      result = delegate.resumeWorkflowPause(tenantId, runId, pauseId);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.RESUME_PAUSE, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.RESUME_PAUSE, started, context, 1);
    return result;
  }

  @Override
  public void deleteWorkflowPause(String tenantId, String pauseId) {
    long started = calls.clock();
    Object context = calls.start(Operation.DELETE_PAUSE);
    try {
      delegate.deleteWorkflowPause(tenantId, pauseId);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.DELETE_PAUSE, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.DELETE_PAUSE, started, context, 1);
  }

  @Override
  public List<String> pruneWorkflowPauses(Instant expiration, Instant resumptionExpiration, int limit) {
    long started = calls.clock();
    Object context = calls.start(Operation.PRUNE_PAUSES);
    List<String> result;
    try {
      result = delegate.pruneWorkflowPauses(expiration, resumptionExpiration, limit);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.PRUNE_PAUSES, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.PRUNE_PAUSES, started, context, result.size());
    return result;
  }

  @Override
  public RelatedCounts countRunsWithRelated(String tenantId, Collection<String> runIds) {
    long started = calls.clock();
    Object context = calls.start(Operation.COUNT_WITH_RELATED);
    RelatedCounts result;
    try {
      result = delegate.countRunsWithRelated(tenantId, runIds);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.COUNT_WITH_RELATED, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.COUNT_WITH_RELATED, started, context, result.runs(), result.total() - result.runs(), 0);
    return result;
  }

  @Override
  public RelatedCounts deleteRunsWithRelated(String tenantId, Collection<String> runIds) {
    long started = calls.clock();
    Object context = calls.start(Operation.DELETE_WITH_RELATED);
    RelatedCounts result;
    try {
      result = delegate.deleteRunsWithRelated(tenantId, runIds);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.DELETE_WITH_RELATED, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.DELETE_WITH_RELATED, started, context, result.runs(), result.total() - result.runs(), 0);
    return result;
  }

  @Override
  public RelatedRows readRelatedRows(String tenantId, Collection<String> runIds) {
    long started = calls.clock();
    Object context = calls.start(Operation.READ_RELATED);
    RelatedRows result;
    try {
      result = delegate.readRelatedRows(tenantId, runIds);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.READ_RELATED, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.READ_RELATED, started, context, 0, result.counts().total(), 0);
    return result;
  }

  @Override
  public RelatedCounts restoreRelatedRows(String tenantId, RelatedRows rows) {
    long started = calls.clock();
    Object context = calls.start(Operation.RESTORE_RELATED);
    RelatedCounts result;
    try {
      result = delegate.restoreRelatedRows(tenantId, rows);
    } catch (RuntimeException | Error e) {
      calls.failed(Operation.RESTORE_RELATED, started, context, e);
      throw e;
    }
    calls.succeeded(Operation.RESTORE_RELATED, started, context, 0, result.total(), 0);
    return result;
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "Observed[" + delegate + "]";
  }
}
