package dev.runstore.retention.contract;

import dev.runstore.api.AverageInteractionStats;
import dev.runstore.api.DailyRunsStats;
import dev.runstore.api.DailyTerminalsStats;
import dev.runstore.api.DailyTokenCostStats;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.RunListQuery;
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
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WorkflowRunRepository} that delegates every call to a real one and "kills the
 * process" at an armed tenant-scoped delete: after really deleting the first {@code k} of its
 * ids ({@code k = 0}: killed between backup and delete; {@code 0 < k < n}: killed mid-delete).
 */
public final class CrashingRepository implements WorkflowRunRepository {
  private final WorkflowRunRepository delegate;
  private int deletes;
  private int crashAtDelete = -1;
  private int deleteFirst;

  /** Wraps {@code delegate}; nothing is armed. */
  public CrashingRepository(WorkflowRunRepository delegate) {
    this.delegate = delegate;
  }

  /** Crash at the {@code n}-th tenant-scoped delete from now, after deleting its first {@code k} ids. */
  public CrashingRepository crashAtDelete(int n, int k) {
    this.deletes = 0;
    this.crashAtDelete = n;
    this.deleteFirst = k;
    return this;
  }

  /** Disarms. */
  public CrashingRepository disarm() {
    this.crashAtDelete = -1;
    return this;
  }

  @Override
  public int deleteRunsByIds(String tenantId, Collection<String> runIds) {
    deletes++;
    if (deletes == crashAtDelete) {
      crashAtDelete = -1;
      List<String> ids = new ArrayList<>(runIds);
      delegate.deleteRunsByIds(tenantId, ids.subList(0, Math.min(deleteFirst, ids.size())));
      throw new SimulatedCrash("in delete #" + deletes + " after " + deleteFirst + " of " + ids.size() + " ids");
    }
    return delegate.deleteRunsByIds(tenantId, runIds);
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
  public WorkflowRunCounts getWorkflowRunsCount(
      String tenantId, String appId, TriggeredFrom triggeredFrom, @Nullable WorkflowRunStatus status, @Nullable Duration timeRange) {
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

  /** Leaves the delegate open: the test owns it. */
  @Override
  public void close() {}
}
