package dev.runstore.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Stores and queries the runs of workflows: the Java counterpart of Dify's
 * {@code APIWorkflowRunRepository}. Every backend has exactly these semantics; the testkit
 * ({@code dev.runstore.testkit}) checks them.
 *
 * <p>Invalid arguments are rejected with {@link IllegalArgumentException} before any database
 * access; storage failures surface as {@link DataAccessException}. Implementations are
 * thread-safe.
 */
public interface WorkflowRunRepository extends AutoCloseable {

  /** The largest page {@link #getPaginatedWorkflowRuns} returns. */
  int MAX_PAGE_LIMIT = 1000;

  /** The largest batch {@link #getExpiredRunsBatch} and {@link #deleteRunsByApp} take. */
  int MAX_BATCH_SIZE = 10_000;

  /**
   * Create or update the row with {@code run.id()} (upsert, last write wins). A run never moves
   * to another tenant or app.
   *
   * @throws IllegalArgumentException when {@code run} is null, or its id is stored under another
   *     tenant or app (the stored row is left unchanged)
   * @throws DataAccessException when storage fails
   */
  void save(WorkflowRun run);

  /**
   * A repository bound to one tenant, app, creator and trigger, for the workflow engine.
   *
   * @throws IllegalArgumentException when {@code context} is null
   */
  WorkflowExecutionRepository executions(ExecutionContext context);

  /**
   * The runs of {@code (tenantId, appId, triggeredFrom)}, newest first by
   * {@code (createdAt DESC, id DESC)}, one page at a time, in one database round trip.
   *
   * @param limit 1..{@value #MAX_PAGE_LIMIT}
   * @param lastId null for the first page; else the id of the last run of the previous page: the
   *     page continues strictly after it (runs sharing its {@code createdAt} are neither skipped
   *     nor repeated)
   * @throws InvalidCursorException when {@code lastId} is not a run of this tenant, app and
   *     trigger (unknown, malformed, deleted, another tenant's)
   * @throws IllegalArgumentException for blank ids, a null trigger, or a limit out of range
   */
  InfiniteScrollPagination<WorkflowRun> getPaginatedWorkflowRuns(
      String tenantId, String appId, TriggeredFrom triggeredFrom, int limit, @Nullable String lastId);

  /**
   * The run with {@code runId} if it exists under that tenant and app, else empty. A malformed
   * {@code runId} gives empty, not an error.
   *
   * @throws IllegalArgumentException for blank or null tenant or app ids
   */
  Optional<WorkflowRun> getWorkflowRunById(String tenantId, String appId, String runId);

  /**
   * Up to {@code batchSize} runs of the tenant created before {@code beforeDate}, oldest first by
   * {@code (createdAt, id)}.
   *
   * @param batchSize 1..{@value #MAX_BATCH_SIZE}
   * @throws IllegalArgumentException for a blank tenant id, null date, or batch size out of range
   */
  List<WorkflowRun> getExpiredRunsBatch(String tenantId, Instant beforeDate, int batchSize);

  /**
   * Hard-deletes the runs with these ids; returns how many rows were deleted. Empty input returns
   * 0 without touching the database; unknown or malformed ids are ignored; any number of ids is
   * accepted (chunked internally, each chunk its own statement).
   *
   * @throws IllegalArgumentException when {@code runIds} is null
   */
  int deleteRunsByIds(Collection<String> runIds);

  /**
   * Deletes every run of {@code (tenantId, appId)} in batches of {@code batchSize}, one
   * transaction per batch, until none is left; returns the total. Other apps and tenants are
   * untouched. A batch failing with a transient error (deadlock, serialization failure) is
   * retried, so concurrent callers on one app both succeed and their totals add up.
   *
   * @param batchSize 1..{@value #MAX_BATCH_SIZE}
   * @throws IllegalArgumentException for blank ids or a batch size out of range
   */
  int deleteRunsByApp(String tenantId, String appId, int batchSize);

  // ---- v1.1: the rest of Dify's repository, plus a cursor that survives deletes ----

  /**
   * The runs of a tenant's app matching {@code query}'s triggers and status, newest first by
   * {@code (createdAt DESC, id DESC)}, one page at a time. Same order, {@code hasMore} and limit
   * rules as the v1 method. The page's {@link InfiniteScrollPagination#nextCursor()} continues
   * after its last run even when that run has been deleted in between.
   *
   * @throws InvalidCursorException when {@code query.lastId()} is not a run matching the query
   *     (tenant, app, triggers, status), or {@code query.cursor()} is not a valid token
   * @throws IllegalArgumentException when {@code query} is null
   */
  InfiniteScrollPagination<WorkflowRun> getPaginatedWorkflowRuns(RunListQuery query);

  /**
   * The run with {@code runId} under any tenant: for trusted system use only (never with an id
   * taken from a tenant's request). A malformed id gives empty.
   *
   * @throws IllegalArgumentException when {@code runId} is null
   */
  Optional<WorkflowRun> getWorkflowRunByIdWithoutTenant(String runId);

  /**
   * Hard-deletes those of the runs with these ids that belong to {@code tenantId}; returns how
   * many rows were deleted. Runs of other tenants are never deleted. Empty input returns 0
   * without touching the database; unknown or malformed ids are ignored; any number of ids is
   * accepted.
   *
   * @throws IllegalArgumentException for a blank tenant id or a null collection
   */
  int deleteRunsByIds(String tenantId, Collection<String> runIds);

  /**
   * Counts the runs of {@code (tenantId, appId, triggeredFrom)} by status.
   *
   * @param status count only this status (the other keys are 0), or null for every status
   * @param timeRange count only runs with {@code createdAt >= now - timeRange}, or null for all
   * @throws IllegalArgumentException for blank ids, a null trigger or a negative time range
   */
  WorkflowRunCounts getWorkflowRunsCount(
      String tenantId,
      String appId,
      TriggeredFrom triggeredFrom,
      @Nullable WorkflowRunStatus status,
      @Nullable Duration timeRange);

  /**
   * Runs created per calendar day (in {@code query.zone()}), every status, ascending by date,
   * only days that have runs.
   *
   * @throws IllegalArgumentException when {@code query} is null
   */
  List<DailyRunsStats> getDailyRunsStatistics(StatsQuery query);

  /**
   * Distinct creators ({@code createdBy}) per calendar day, ascending by date, only days that
   * have runs.
   *
   * @throws IllegalArgumentException when {@code query} is null
   */
  List<DailyTerminalsStats> getDailyTerminalsStatistics(StatsQuery query);

  /**
   * Sum of {@code totalTokens} per calendar day, ascending by date, only days that have runs.
   *
   * @throws IllegalArgumentException when {@code query} is null
   */
  List<DailyTokenCostStats> getDailyTokenCostStatistics(StatsQuery query);

  /**
   * Runs divided by distinct creators per calendar day, rounded half-up to 2 decimals
   * ({@link AverageInteractionStats#average(long, long)}), ascending by date, only days that
   * have runs.
   *
   * @throws IllegalArgumentException when {@code query} is null
   */
  List<AverageInteractionStats> getAverageAppInteractionStatistics(StatsQuery query);

  /**
   * Up to {@code query.batchSize()} ended runs ({@link WorkflowRunStatus#isEnded()}) with
   * {@code startFrom <= createdAt < endBefore}, ascending by {@code (createdAt, id)}, strictly
   * after {@code query.lastSeen()}, of the given types and tenants. Walking a window batch by
   * batch, each batch continuing from the position of the previous batch's last run, returns
   * every ended run in it exactly once.
   *
   * @throws IllegalArgumentException when {@code query} is null
   */
  List<WorkflowRun> getRunsBatchByTimeRange(TimeRangeBatchQuery query);

  // ---- v1.2: Dify 1.15 parity ----

  /** The largest number of pauses {@link #pruneWorkflowPauses} removes at once. */
  int MAX_PRUNE_LIMIT = 10_000;

  /**
   * The run with {@code runId} under that tenant, whatever its app; another tenant's run or a
   * malformed id gives empty.
   *
   * @throws IllegalArgumentException for a blank or null tenant id
   */
  Optional<WorkflowRun> getWorkflowRunByIdAndTenantId(String tenantId, String runId);

  /**
   * The same selection and order as {@link #getRunsBatchByTimeRange}, with
   * {@code (createdAt, id) <= upperBound} when it is set, returning only id, tenant and creation
   * time: an index-only scan where the database allows, no JSON text read.
   *
   * @throws IllegalArgumentException when {@code query} is null
   */
  List<RunRef> getCleanupRefsBatch(TimeRangeBatchQuery query, @Nullable RunPosition upperBound);

  /**
   * Pauses a run (human-in-the-loop): stores {@code state} in the {@link dev.runstore.spi.PauseStateStore}
   * under a new key {@code workflow-state-<uuid4>.json}, replaces an earlier pause of the run (its
   * reasons and state object too), records a pause with a new UUIDv7 id and these reasons, and sets
   * the run's status to {@link WorkflowRunStatus#PAUSED}, all in one transaction (the state object
   * is removed again if it fails).
   *
   * @param stateOwnerUserId who paused the run and owns its state (not blank; Dify passes the user)
   * @return the pause, equal to what {@link #getWorkflowPause} reads afterwards
   * @throws IllegalArgumentException for blank or malformed arguments, or when the run does not
   *     exist under the tenant
   * @throws IllegalStateException when the run is neither running nor paused
   */
  WorkflowPause createWorkflowPause(
      String tenantId, String runId, String stateOwnerUserId, byte[] state, List<PauseReason> reasons);

  /**
   * The pause of the run under that tenant (resumed or not), or empty when it has none, the run is
   * another tenant's or unknown, or the id is malformed.
   *
   * @throws IllegalArgumentException for a blank or null tenant id
   */
  Optional<WorkflowPause> getWorkflowPause(String tenantId, String runId);

  /**
   * The engine state stored for {@code pause}.
   *
   * @throws IllegalStateException when the state object is missing from the store
   * @throws IllegalArgumentException when {@code pause} is null
   */
  byte[] getWorkflowPauseState(WorkflowPause pause);

  /**
   * Resumes a paused run: sets the pause's {@code resumedAt} to now and the run's status to
   * {@link WorkflowRunStatus#RUNNING}; the pause row is kept.
   *
   * @return the resumed pause, equal to what {@link #getWorkflowPause} reads afterwards
   * @throws IllegalArgumentException for blank or malformed arguments, or when the run does not
   *     exist under the tenant
   * @throws IllegalStateException saying which, when the run is not paused, has no pause, its
   *     pause has another id, or the pause was already resumed
   */
  WorkflowPause resumeWorkflowPause(String tenantId, String runId, String pauseId);

  /**
   * Deletes a pause, its reasons and its state object.
   *
   * @throws IllegalArgumentException for blank or malformed arguments, an unknown pause, or another
   *     tenant's
   */
  void deleteWorkflowPause(String tenantId, String pauseId);

  /**
   * For a scheduled job, system-wide: deletes the pauses created before {@code expiration} or
   * resumed before {@code resumptionExpiration}, oldest first, at most {@code limit}, each with its
   * reasons and state object. A pause whose state object cannot be deleted stays (and is tried again
   * next time) and is not in the result.
   *
   * @param limit 1..{@value #MAX_PRUNE_LIMIT}
   * @return the ids of the pauses deleted
   * @throws IllegalArgumentException for a null instant or a limit out of range
   */
  List<String> pruneWorkflowPauses(Instant expiration, Instant resumptionExpiration, int limit);

  // ---- v1.2: runs with their related rows ----

  /**
   * Counts the runs among {@code runIds} that belong to {@code tenantId} and the rows related to
   * them (Dify's seven keys): exactly what {@link #deleteRunsWithRelated} would delete at that
   * moment. Empty input: all zeros without touching the database; unknown and malformed ids are
   * ignored; any number of ids.
   *
   * @throws IllegalArgumentException for a blank tenant id or a null collection
   */
  RelatedCounts countRunsWithRelated(String tenantId, Collection<String> runIds);

  /**
   * Deletes the runs among {@code runIds} that belong to {@code tenantId} together with their
   * related rows, in Dify's order (node-execution offloads, node executions, app logs, pause
   * reasons, pauses, trigger logs, runs), one transaction per chunk of ids: a failure leaves the
   * chunk whole. The state objects of deleted pauses are removed from the
   * {@link dev.runstore.spi.PauseStateStore} after the commit. Related tables that do not exist
   * count 0; with {@code runstore.related.tables=none} only runs are deleted.
   *
   * @return what was deleted, per key
   * @throws IllegalArgumentException for a blank tenant id or a null collection
   */
  RelatedCounts deleteRunsWithRelated(String tenantId, Collection<String> runIds);

  /**
   * Every row related to the runs among {@code runIds} that belong to {@code tenantId} (the
   * related tables that exist, every column typed) and the state objects of their pauses: what
   * {@link #deleteRunsWithRelated} would delete besides the runs, for a backup to keep. Any number
   * of ids; unknown and malformed ones are ignored.
   *
   * @throws IllegalArgumentException for a blank tenant id or a null collection
   */
  RelatedRows readRelatedRows(String tenantId, Collection<String> runIds);

  /**
   * Puts rows read by {@link #readRelatedRows} back (a restore, into the same kind of database,
   * after their runs were saved again): each row is inserted exactly as read unless a row with its
   * primary key exists (then it is left as it is), pause states are put back.
   *
   * @return the rows written, per table (runs 0)
   * @throws IllegalArgumentException for a blank tenant id, null rows, or a table that is not a
   *     related table of runs
   */
  RelatedCounts restoreRelatedRows(String tenantId, RelatedRows rows);

  /** Closes resources the repository owns (a pool it created); a no-op for a caller's DataSource. */
  @Override
  void close();
}
