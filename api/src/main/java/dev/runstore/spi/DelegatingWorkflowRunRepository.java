package dev.runstore.spi;

import dev.runstore.api.AverageInteractionStats;
import dev.runstore.api.Checks;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A repository that forwards every call to another: the base of decorators (observing, injecting
 * failures in tests) and of the backends' public classes, each of which forwards to runstore's
 * one implementation of the contract's rules over its own storage.
 */
public abstract class DelegatingWorkflowRunRepository implements WorkflowRunRepository {

  private final WorkflowRunRepository delegate;

  /**
   * Forwards to {@code delegate}.
   *
   * @throws IllegalArgumentException when {@code delegate} is null
   */
  protected DelegatingWorkflowRunRepository(WorkflowRunRepository delegate) {
    this.delegate = Checks.requireNonNull(delegate, "delegate");
  }

  /** The repository calls are forwarded to. */
  protected WorkflowRunRepository delegate() {
    return delegate;
  }

  @Override
  public void save(WorkflowRun run) {
    delegate.save(run);
  }

  @Override
  public WorkflowExecutionRepository executions(ExecutionContext context) {
    return delegate.executions(context);
  }

  @Override
  public InfiniteScrollPagination<WorkflowRun> getPaginatedWorkflowRuns(
      String tenantId, String appId, TriggeredFrom triggeredFrom, int limit, @Nullable String lastId) {
    return delegate.getPaginatedWorkflowRuns(tenantId, appId, triggeredFrom, limit, lastId);
  }

  @Override
  public Optional<WorkflowRun> getWorkflowRunById(String tenantId, String appId, String runId) {
    return delegate.getWorkflowRunById(tenantId, appId, runId);
  }

  @Override
  public List<WorkflowRun> getExpiredRunsBatch(String tenantId, Instant beforeDate, int batchSize) {
    return delegate.getExpiredRunsBatch(tenantId, beforeDate, batchSize);
  }

  @Override
  public int deleteRunsByIds(Collection<String> runIds) {
    return delegate.deleteRunsByIds(runIds);
  }

  @Override
  public int deleteRunsByApp(String tenantId, String appId, int batchSize) {
    return delegate.deleteRunsByApp(tenantId, appId, batchSize);
  }

  @Override
  public InfiniteScrollPagination<WorkflowRun> getPaginatedWorkflowRuns(RunListQuery query) {
    return delegate.getPaginatedWorkflowRuns(query);
  }

  @Override
  public Optional<WorkflowRun> getWorkflowRunByIdWithoutTenant(String runId) {
    return delegate.getWorkflowRunByIdWithoutTenant(runId);
  }

  @Override
  public int deleteRunsByIds(String tenantId, Collection<String> runIds) {
    return delegate.deleteRunsByIds(tenantId, runIds);
  }

  @Override
  public WorkflowRunCounts getWorkflowRunsCount(
      String tenantId,
      String appId,
      TriggeredFrom triggeredFrom,
      @Nullable WorkflowRunStatus status,
      @Nullable Duration timeRange) {
    return delegate.getWorkflowRunsCount(tenantId, appId, triggeredFrom, status, timeRange);
  }

  @Override
  public List<DailyRunsStats> getDailyRunsStatistics(StatsQuery query) {
    return delegate.getDailyRunsStatistics(query);
  }

  @Override
  public List<DailyTerminalsStats> getDailyTerminalsStatistics(StatsQuery query) {
    return delegate.getDailyTerminalsStatistics(query);
  }

  @Override
  public List<DailyTokenCostStats> getDailyTokenCostStatistics(StatsQuery query) {
    return delegate.getDailyTokenCostStatistics(query);
  }

  @Override
  public List<AverageInteractionStats> getAverageAppInteractionStatistics(StatsQuery query) {
    return delegate.getAverageAppInteractionStatistics(query);
  }

  @Override
  public List<WorkflowRun> getRunsBatchByTimeRange(TimeRangeBatchQuery query) {
    return delegate.getRunsBatchByTimeRange(query);
  }

  @Override
  public Optional<WorkflowRun> getWorkflowRunByIdAndTenantId(String tenantId, String runId) {
    return delegate.getWorkflowRunByIdAndTenantId(tenantId, runId);
  }

  @Override
  public List<RunRef> getCleanupRefsBatch(TimeRangeBatchQuery query, @Nullable RunPosition upperBound) {
    return delegate.getCleanupRefsBatch(query, upperBound);
  }

  @Override
  public WorkflowPause createWorkflowPause(
      String tenantId, String runId, String stateOwnerUserId, byte[] state, List<PauseReason> reasons) {
    return delegate.createWorkflowPause(tenantId, runId, stateOwnerUserId, state, reasons);
  }

  @Override
  public Optional<WorkflowPause> getWorkflowPause(String tenantId, String runId) {
    return delegate.getWorkflowPause(tenantId, runId);
  }

  @Override
  public byte[] getWorkflowPauseState(WorkflowPause pause) {
    return delegate.getWorkflowPauseState(pause);
  }

  @Override
  public WorkflowPause resumeWorkflowPause(String tenantId, String runId, String pauseId) {
    return delegate.resumeWorkflowPause(tenantId, runId, pauseId);
  }

  @Override
  public void deleteWorkflowPause(String tenantId, String pauseId) {
    delegate.deleteWorkflowPause(tenantId, pauseId);
  }

  @Override
  public List<String> pruneWorkflowPauses(Instant expiration, Instant resumptionExpiration, int limit) {
    return delegate.pruneWorkflowPauses(expiration, resumptionExpiration, limit);
  }

  @Override
  public RelatedCounts countRunsWithRelated(String tenantId, Collection<String> runIds) {
    return delegate.countRunsWithRelated(tenantId, runIds);
  }

  @Override
  public RelatedCounts deleteRunsWithRelated(String tenantId, Collection<String> runIds) {
    return delegate.deleteRunsWithRelated(tenantId, runIds);
  }

  @Override
  public RelatedRows readRelatedRows(String tenantId, Collection<String> runIds) {
    return delegate.readRelatedRows(tenantId, runIds);
  }

  @Override
  public RelatedCounts restoreRelatedRows(String tenantId, RelatedRows rows) {
    return delegate.restoreRelatedRows(tenantId, rows);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
