package dev.runstore.jdbc;

import dev.runstore.api.RunPosition;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.spi.SqlErrorClassifier;
import dev.runstore.store.EndedRunsBatch;
import dev.runstore.store.RunFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What differs between the SQL databases runstore supports: the text of each statement, plus
 * four small parts — {@link #types()} (binding and reading values), {@link #errors()} (the
 * database's error codes), {@link #upsert()} and {@link #schema()}. Everything else lives in
 * jdbc-core ({@link JdbcRunStore} orchestrates the statements) and above it in the contract front.
 * Statements whose text is the same on every supported database are default methods here (from
 * {@link PortableSql}); a dialect overrides them only where its database needs other SQL.
 *
 * <p>Ids, tenant ids and app ids handed to the statement builders are canonical lower-case UUID
 * strings; instants have microsecond precision within the storable range. Statements that return
 * runs select at least the columns of {@link WorkflowRunColumns#SELECT_LIST}, read by name.
 * Implementations are stateless and thread-safe.
 */
public interface SqlDialect {

  /** Short name of the backend, e.g. {@code "postgres"}; used in messages and pool names. */
  String name();

  /** How values are bound and read. */
  JdbcTypes types();

  /** The database's own error codes (deadlocks, lock and query timeouts, lost sessions). */
  SqlErrorClassifier errors();

  /** The upsert of a run. */
  Upsert upsert();

  /** The schema scripts. */
  SchemaScripts schema();

  /**
   * Prepares a statement; dialects may tune it for the driver (PostgreSQL plans the statements
   * whose best plan depends on the values with those values, each time, and keeps a server plan
   * for the others: see {@link Sql#samePlanForAnyValues()}).
   *
   * @param text the SQL text to prepare (the statement's, or with a prefix such as EXPLAIN)
   * @param generatedKeys whether the statement returns generated keys
   */
  default PreparedStatement prepare(Connection connection, Sql sql, String text, boolean generatedKeys)
      throws SQLException {
    return generatedKeys
        ? connection.prepareStatement(text, Statement.RETURN_GENERATED_KEYS)
        : connection.prepareStatement(text);
  }

  /**
   * The statements that make this session wait at most {@code seconds} for a lock another
   * transaction holds, failing with the database's lock-timeout error (run once per physical
   * session, in auto-commit mode). The default is H2's {@code SET LOCK_TIMEOUT} (milliseconds).
   */
  default List<String> lockTimeoutStatements(int seconds) {
    return List.of("SET LOCK_TIMEOUT " + seconds * 1000L);
  }

  /**
   * Statements run at the start of a transaction that looks up related rows by lists of run ids
   * ({@code deleteRunsWithRelated}, {@code countRunsWithRelated}, the retention's backup read), to
   * keep the lookups on the {@code workflow_run_id} indexes whatever the statistics say; their
   * effect must end with the transaction. None by default.
   */
  default List<String> relatedLookupSettings() {
    return List.of();
  }

  /** {@code identifier} quoted, for column names that are keywords (the state table's {@code key}). */
  default String quote(String identifier) {
    return "\"" + identifier + "\"";
  }

  /**
   * Whether {@code e} says a table does not exist (SQLState {@code 42P01} PostgreSQL,
   * {@code 42S02} MySQL and H2, {@code 42S04} H2 on an empty database): runstore then names the
   * schema script or option that provides it.
   */
  default boolean isUndefinedTable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s
          && ("42P01".equals(s.getSQLState()) || "42S02".equals(s.getSQLState()) || "42S04".equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /** The largest id list a delete by ids takes at once (far below driver limits). */
  default int maxIdsPerStatement() {
    return 1000;
  }

  // ---------------------------------------------------------------- single runs

  /** The run with this id under this tenant and app: zero or one row. */
  default Sql selectById(String tenantId, String appId, String runId) {
    return PortableSql.selectById(tenantId, appId, runId);
  }

  /** The run with this id under this tenant, any app: zero or one row. */
  default Sql selectByIdInTenant(String tenantId, String runId) {
    return PortableSql.selectByIdInTenant(tenantId, runId);
  }

  /** The run with this id under any tenant: zero or one row. */
  default Sql selectByIdWithoutTenant(String runId) {
    return PortableSql.selectByIdWithoutTenant(runId);
  }

  // ---------------------------------------------------------------- pages

  /**
   * A page: the first {@code fetchSize} runs matching {@code filter} (tenant, app, any of its
   * triggers or all when the set is empty, its status when set), in {@code (created_at DESC, id
   * DESC)} order, strictly after {@code after} when it is not null (a position decoded from a
   * cursor token: it need not be a stored row). One statement; rows carry
   * {@value WorkflowRunColumns#IS_CURSOR} = 0 and may come in any order (the caller sorts). The
   * default is {@link PortableSql#selectFilteredPage}: one branch per trigger with the row-value
   * keyset.
   */
  default Sql selectFilteredPage(RunFilter filter, @Nullable RunPosition after, int fetchSize) {
    return PortableSql.selectFilteredPage(filter, after, fetchSize);
  }

  /**
   * A page after a stored run, in ONE statement that also resolves it: the first
   * {@code fetchSize} runs matching {@code filter} strictly after the run {@code cursorId}, with
   * {@value WorkflowRunColumns#IS_CURSOR} = 0, plus exactly one row with
   * {@value WorkflowRunColumns#IS_CURSOR} = 1 when (and only when) {@code cursorId} is a run
   * matching {@code filter} (tenant, app, triggers, status).
   */
  Sql selectFilteredPageAfterRun(RunFilter filter, String cursorId, int fetchSize);

  // ---------------------------------------------------------------- batches

  /**
   * Up to {@code batchSize} runs of the tenant with {@code created_at < bound} (or
   * {@code <= bound} when {@code inclusive}), ordered by {@code (created_at, id)} ascending.
   */
  default Sql selectExpired(String tenantId, Instant bound, boolean inclusive, int batchSize) {
    return PortableSql.selectExpired("", tenantId, bound, inclusive, batchSize);
  }

  /**
   * One batch of a walk over ended runs ({@link EndedRunsBatch}), ascending by
   * {@code (created_at, id)}; ended statuses as {@code status IN (}{@link WorkflowRunColumns#ENDED_STATUSES_SQL}{@code )}.
   */
  default Sql selectEndedRunsBatch(EndedRunsBatch batch) {
    return PortableSql.selectEndedRunsBatch("", WorkflowRunColumns.SELECT_LIST, batch, PortableSql.ROW_VALUES, lastIdDigit());
  }

  /**
   * {@link #selectEndedRunsBatch} reading only {@link PortableSql#REF_COLUMNS} (id, tenant_id,
   * created_at), with the batch's upper bound: served by a covering index where the database can,
   * so no JSON text is read.
   */
  default Sql selectCleanupRefs(EndedRunsBatch batch) {
    return PortableSql.selectEndedRunsBatch("", PortableSql.REF_COLUMNS, batch, PortableSql.ROW_VALUES, lastIdDigit());
  }

  /** The SQL expression of the last hex digit of {@code id}, as a one-character lower-case string. */
  default String lastIdDigit() {
    return "RIGHT(CAST(id AS VARCHAR(36)), 1)";
  }

  // ---------------------------------------------------------------- deletes

  /** Deletes the runs with these ids (1..{@link #maxIdsPerStatement()} distinct ids). */
  default Sql deleteByIds(List<String> runIds) {
    return PortableSql.deleteByIds(runIds);
  }

  /** Deletes those of the runs with these ids that belong to {@code tenantId}. */
  default Sql deleteByIdsInTenant(String tenantId, List<String> runIds) {
    return PortableSql.deleteByIdsInTenant(tenantId, runIds);
  }

  /** Deletes at most {@code batchSize} runs of {@code (tenantId, appId)}; run in its own transaction. */
  Sql deleteAppBatch(String tenantId, String appId, int batchSize);

  /**
   * {@link #deleteAppBatch} that waits for runs other transactions lock (bounded by the lock
   * timeout) where {@link #deleteAppBatch} passes them by; the default is {@link #deleteAppBatch}.
   */
  default Sql deleteAppBatchWaiting(String tenantId, String appId, int batchSize) {
    return deleteAppBatch(tenantId, appId, batchSize);
  }

  /** Returns at least one row when the app has runs left, none otherwise. */
  default Sql selectAppHasRuns(String tenantId, String appId) {
    return PortableSql.selectAppHasRuns(tenantId, appId);
  }

  // ---------------------------------------------------------------- counts and statistics

  /**
   * Run counts of {@code (tenantId, appId, trigger)} grouped by status, with
   * {@code created_at >= since} when set and {@code status = ?} when set: columns
   * {@value WorkflowRunColumns#STATUS} (the stored text) and {@value WorkflowRunColumns#RUNS}.
   */
  default Sql countByStatus(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable WorkflowRunStatus status, @Nullable Instant since) {
    return PortableSql.countByStatus("", tenantId, appId, trigger, status, since);
  }

  /**
   * The earliest and latest {@code created_at} of {@code (tenantId, appId, trigger)} with
   * {@code from <= created_at < to} (either bound may be null): one row with columns
   * {@value WorkflowRunColumns#FIRST_CREATED_AT} and {@value WorkflowRunColumns#LAST_CREATED_AT},
   * both NULL when no run matches.
   */
  default Sql selectCreatedAtRange(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable Instant from, @Nullable Instant to) {
    return PortableSql.selectCreatedAtRange(tenantId, appId, trigger, from, to);
  }

  /**
   * Daily aggregates of {@code (tenantId, appId, trigger)} with
   * {@code window.from() <= created_at <= window.last()}, grouped by the calendar day of
   * {@code created_at} plus the window's UTC offset in effect at {@code created_at}
   * ({@link PortableSql#utcOffsetSeconds}), never by the database's time-zone tables. Columns
   * {@value WorkflowRunColumns#DAY} (read by {@link JdbcTypes#readDate}),
   * {@value WorkflowRunColumns#RUNS}, {@value WorkflowRunColumns#CREATORS} and
   * {@value WorkflowRunColumns#TOKENS} ({@link PortableSql#DAILY_AGGREGATES}), ordered by day.
   */
  Sql selectDailyStatistics(String tenantId, String appId, TriggeredFrom trigger, LocalDayWindows.Window window);
}
