package dev.runstore.store;

import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.RunPosition;
import dev.runstore.api.RunRef;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.spi.PauseStateStore;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The narrow storage interface behind {@link RepositoryFront}: what a backend must do, with
 * arguments the front has already checked and normalized. Every id is a canonical lower-case UUID
 * string, every instant has microsecond precision and lies in the storable range, every size is
 * in range, every collection is non-empty and free of duplicates. A store never validates, never
 * retries and never pages: the contract's rules live in the front, once.
 *
 * <p>Failures are {@link dev.runstore.api.DataAccessException}s whose
 * {@link dev.runstore.api.DataAccessException#reason() reason} tells the front what it may retry;
 * a method that fails leaves storage as it was (one statement, or one transaction rolled back
 * whole). Implementations are thread-safe.
 */
public interface RunStore extends AutoCloseable {

  /** The backend's short name, e.g. {@code postgres}, for messages. */
  String name();

  /**
   * Inserts {@code run}, or updates the row with its id in place when that row belongs to the
   * same tenant and app; with {@code keepCreatedAt} an update leaves the stored {@code createdAt}
   * as it is (an engine's re-save of a paused and resumed run).
   *
   * @return false, leaving the row unchanged, when the id is stored under another tenant or app
   */
  boolean upsert(WorkflowRun run, boolean keepCreatedAt);

  /** The run with this id under this tenant and app. */
  Optional<WorkflowRun> findById(String tenantId, String appId, String runId);

  /** The run with this id under any tenant. */
  Optional<WorkflowRun> findByIdWithoutTenant(String runId);

  /** The run with this id under this tenant, whatever its app. */
  Optional<WorkflowRun> findByIdInTenant(String tenantId, String runId);

  /**
   * The first {@code fetchSize} runs matching {@code filter} in {@code (createdAt DESC, id DESC)}
   * order, strictly after {@code after} when it is set (a position, not necessarily a stored
   * run), in any order (the front sorts). One round trip.
   */
  List<WorkflowRun> page(RunFilter filter, @Nullable RunPosition after, int fetchSize);

  /**
   * Like {@link #page}, strictly after the stored run {@code cursorRunId}, resolved in the same
   * round trip; null when that run does not exist or does not match {@code filter}.
   */
  @Nullable List<WorkflowRun> pageAfterRun(RunFilter filter, String cursorRunId, int fetchSize);

  /**
   * Up to {@code batchSize} runs of the tenant with {@code createdAt < bound} (or {@code <=} when
   * {@code inclusive}), oldest first by {@code (createdAt, id)}.
   */
  List<WorkflowRun> expired(String tenantId, Instant bound, boolean inclusive, int batchSize);

  /** One batch of a walk over ended runs, see {@link EndedRunsBatch}. */
  List<WorkflowRun> endedBatch(EndedRunsBatch batch);

  /** {@link #endedBatch} reading only id, tenant and creation time (no JSON text). */
  List<RunRef> cleanupRefs(EndedRunsBatch batch);

  /**
   * Run counts of {@code (tenantId, appId, trigger)} by status, with {@code createdAt >= since}
   * when set and only {@code status} when set; statuses without runs may be absent.
   */
  Map<WorkflowRunStatus, Long> countByStatus(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable WorkflowRunStatus status, @Nullable Instant since);

  /**
   * Daily aggregates of {@code (tenantId, appId, trigger)} with {@code from <= createdAt < to}
   * (either bound may be null; {@code from < to} when both are set), days in {@code zone},
   * ascending, only days that have runs.
   */
  List<DailyAggregate> dailyStatistics(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable Instant from, @Nullable Instant to, ZoneId zone);

  /**
   * Deletes the runs with these ids (of {@code tenantId} only, when it is not null); returns how
   * many were deleted. Chunked as the storage needs, each chunk its own statement.
   */
  int deleteByIds(@Nullable String tenantId, List<String> runIds);

  /** Deletes at most {@code batchSize} runs of {@code (tenantId, appId)} in one transaction; returns how many. */
  int deleteAppBatch(String tenantId, String appId, int batchSize);

  /**
   * The most tenant ids (and, separately, workflow ids) one batch statement may take; the front
   * splits larger collections and merges the results. The default suits the drivers (65,535
   * parameters a statement); a store behind an SQL parser with recursion per list element
   * (ShardingSphere) says less.
   */
  default int maxIdsPerStatement() {
    return 10_000;
  }

  /**
   * {@link #deleteAppBatch} that waits for runs locked by other transactions (bounded by the
   * lock timeout) instead of passing them by: the front calls it when a batch deleted nothing but
   * runs are left. The default is {@link #deleteAppBatch} (a store that never skips locked runs).
   */
  default int deleteAppBatchWaiting(String tenantId, String appId, int batchSize) {
    return deleteAppBatch(tenantId, appId, batchSize);
  }

  /** Whether the app has any run left. */
  boolean appHasRuns(String tenantId, String appId);

  // ---------------------------------------------------------------- pauses

  /**
   * The pause state store of this backend when the caller gives none: a table of the same
   * database for SQL backends, memory for the in-memory one.
   */
  PauseStateStore defaultPauseStateStore();

  /**
   * In one transaction: finds the run under the tenant (locking it), and when it is running or
   * paused deletes its earlier pause and that pause's reasons, inserts the new pause and its
   * reasons, and sets the run's status to paused.
   */
  PauseCreation createPause(NewPause pause);

  /** The pause of the run under the tenant, with its reasons in id order. */
  Optional<WorkflowPause> findPause(String tenantId, String runId);

  /** The pause with this id when its run is under the tenant. */
  Optional<PauseRef> findPauseById(String tenantId, String pauseId);

  /**
   * In one transaction: checks the run under the tenant is paused and its pause has this id and is
   * not resumed (reporting the first check that fails), then sets the pause's {@code resumedAt}
   * (and {@code updated_at}) to {@code now} and the run's status to running.
   */
  PauseResumption resumePause(String tenantId, String runId, String pauseId, Instant now);

  /** Deletes the pause with this id and its reasons, in one transaction; whether it existed. */
  boolean deletePauseRows(String pauseId);

  /**
   * Up to {@code limit} pauses created before {@code createdBefore} or resumed before
   * {@code resumedBefore} (a null bound selects none by that rule), oldest first by
   * {@code (created_at, id)}.
   */
  List<PauseRef> prunablePauses(@Nullable Instant createdBefore, @Nullable Instant resumedBefore, int limit);

  // ---------------------------------------------------------------- runs with related rows

  /**
   * The runs among {@code runIds} (at most {@link RepositoryFront#RELATED_CHUNK}) that belong to
   * the tenant and their related rows in the related tables that exist, counted in one read.
   */
  RelatedCounts countWithRelated(String tenantId, List<String> runIds);

  /**
   * Deletes those runs and their related rows in one transaction, in Dify's order, locking the
   * runs first so that concurrent callers never count a row twice.
   */
  RelatedDeletion deleteWithRelated(String tenantId, List<String> runIds);

  /** Every related row of those runs, table by table in restore order, without pause states. */
  RelatedRows readRelated(String tenantId, List<String> runIds);

  /**
   * Inserts these rows (tables in restore order), leaving rows whose primary key exists as they
   * are; every row's run must be a run of the tenant.
   *
   * @throws IllegalArgumentException for an unknown table, or a row whose run is not the tenant's
   */
  RelatedCounts restoreRelated(String tenantId, RelatedRows rows);

  /** Releases what the store owns (a pool it built); idempotent. */
  @Override
  void close();
}
