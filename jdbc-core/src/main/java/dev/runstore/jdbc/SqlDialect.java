package dev.runstore.jdbc;

import dev.runstore.api.RunPosition;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What differs between the SQL databases runstore supports: the text of each statement and how
 * UUIDs and instants are bound and read. Everything else (argument checks, loops, chunking,
 * retry, row mapping, error translation) lives in {@link AbstractJdbcWorkflowRunRepository}.
 * Statements whose text is the same on every supported database are default methods here (from
 * {@link PortableSql}); a dialect overrides them only where its database needs other SQL.
 *
 * <p>Ids, tenant ids and app ids handed to the statement builders are always canonical
 * lower-case UUID strings (malformed ones never reach a dialect). Statements that return runs
 * select at least the columns of {@link WorkflowRunColumns#SELECT_LIST}, read by name.
 * Implementations are stateless and thread-safe.
 */
public interface SqlDialect {

  /** Short name of the backend, e.g. {@code "postgres"}; used in messages and pool names. */
  String name();

  /**
   * Class-path resources holding the versioned schema scripts, in the order to apply them
   * (e.g. {@code db/runstore/postgres/V1__workflow_runs.sql}). Every statement in them must be
   * idempotent ({@code IF NOT EXISTS}): {@link SchemaRunner} applies them at every start when
   * {@code runstore.schema.create=true}.
   */
  List<String> schemaResources();

  /**
   * Opens one of {@link #schemaResources()}, or returns null when it is missing. Implement it in
   * the backend's own module (e.g. {@code MyDialect.class.getResourceAsStream("/" + resource)}):
   * on the module path, resources are readable only from code of the module holding them.
   */
  @Nullable InputStream openSchemaResource(String resource);

  /**
   * A statement run first in the schema transaction to serialize concurrent starts (e.g. an
   * advisory lock), or null when the database needs none.
   */
  default @Nullable String schemaLockSql() {
    return null;
  }

  /**
   * A statement run after the schema scripts (also when they fail) to release a lock taken by
   * {@link #schemaLockSql()} that does not end with the transaction (e.g. MySQL's
   * {@code GET_LOCK}), or null when none is needed.
   */
  default @Nullable String schemaUnlockSql() {
    return null;
  }

  /** The run with this id under this tenant and app: zero or one row. */
  default Sql selectById(String tenantId, String appId, String runId) {
    return PortableSql.selectById(tenantId, appId, runId);
  }

  /**
   * The first page: the newest {@code fetchSize} runs of {@code (tenantId, appId, trigger)} by
   * {@code (created_at DESC, id DESC)}. One statement; rows may come in any order (the caller
   * sorts). Result rows carry a column {@value WorkflowRunColumns#IS_CURSOR} equal to 0.
   */
  default Sql selectFirstPage(String tenantId, String appId, TriggeredFrom trigger, int fetchSize) {
    return PortableSql.selectFirstPage(tenantId, appId, trigger, fetchSize);
  }

  /**
   * A following page, in ONE statement that also resolves the cursor: the first
   * {@code fetchSize} runs of {@code (tenantId, appId, trigger)} strictly after the run
   * {@code cursorId} in {@code (created_at DESC, id DESC)} order, with
   * {@value WorkflowRunColumns#IS_CURSOR} = 0, plus exactly one row with
   * {@value WorkflowRunColumns#IS_CURSOR} = 1 when (and only when) {@code cursorId} is a run of
   * that tenant, app and trigger. Rows may come in any order (the caller sorts).
   */
  Sql selectPageAfter(String tenantId, String appId, TriggeredFrom trigger, String cursorId, int fetchSize);

  /**
   * Up to {@code batchSize} runs of the tenant with {@code created_at < bound} (or
   * {@code <= bound} when {@code inclusive}), ordered by {@code (created_at, id)} ascending.
   * {@code bound} lies within {@link dev.runstore.api.Checks#MIN_INSTANT} ..
   * {@link dev.runstore.api.Checks#MAX_INSTANT} and has microsecond precision.
   */
  default Sql selectExpired(String tenantId, Instant bound, boolean inclusive, int batchSize) {
    return PortableSql.selectExpired("", tenantId, bound, inclusive, batchSize);
  }

  /**
   * Insert the run, or update the row with its id in place when that row belongs to the same
   * tenant and app; a row of another tenant or app must be left unchanged, and
   * {@link #upsertApplied(int)} must then return false for the statement's update count.
   */
  Sql upsert(WorkflowRun run);

  /** Whether the {@link #upsert} statement wrote the row, from its update count. */
  default boolean upsertApplied(int updateCount) {
    return updateCount > 0;
  }

  /**
   * Whether a failed {@link #upsert} statement is run again (up to a few times, with a short
   * back-off). For databases whose upsert is not atomic against a concurrent insert of the same
   * id: H2's {@code MERGE} reports a duplicate key (23505) when two sessions insert one new id at
   * once, and the retry then finds the row and updates it. The upsert runs alone in auto-commit
   * mode, so a failed attempt wrote nothing. Default: never retried.
   */
  default boolean isUpsertRetryable(SQLException e) {
    return false;
  }

  /**
   * How the {@link #upsert} statement is prepared: {@link java.sql.Statement#NO_GENERATED_KEYS}
   * (the default) or {@link java.sql.Statement#RETURN_GENERATED_KEYS} for a dialect whose
   * {@link #upsertApplied(Sql, PreparedStatement, int)} reads generated keys.
   */
  default int upsertAutoGeneratedKeys() {
    return java.sql.Statement.NO_GENERATED_KEYS;
  }

  /**
   * Whether the executed {@link #upsert} statement {@code upsert} wrote the row, for dialects
   * whose update count alone cannot tell (MySQL: its meaning depends on the connection's
   * {@code useAffectedRows}); it may run a query on {@code executed.getConnection()}. The default
   * is {@link #upsertApplied(int)}.
   */
  default boolean upsertApplied(Sql upsert, PreparedStatement executed, int updateCount) throws SQLException {
    return upsertApplied(updateCount);
  }

  /** The largest id list {@link #deleteByIds} is given at once (far below driver limits). */
  default int maxIdsPerStatement() {
    return 1000;
  }

  /** Deletes the runs with these ids (1..{@link #maxIdsPerStatement()} distinct ids). */
  default Sql deleteByIds(List<String> runIds) {
    return PortableSql.deleteByIds(runIds);
  }

  /** Deletes at most {@code batchSize} runs of {@code (tenantId, appId)}; run in its own transaction. */
  Sql deleteAppBatch(String tenantId, String appId, int batchSize);

  /** Returns at least one row when the app has runs left, none otherwise. */
  default Sql selectAppHasRuns(String tenantId, String appId) {
    return PortableSql.selectAppHasRuns(tenantId, appId);
  }

  // ---------------------------------------------------------------- v1.1

  /** The run with this id under any tenant: zero or one row ({@code getWorkflowRunByIdWithoutTenant}). */
  default Sql selectByIdWithoutTenant(String runId) {
    return PortableSql.selectByIdWithoutTenant(runId);
  }

  /**
   * Deletes those of the runs with these ids (1..{@link #maxIdsPerStatement()} distinct ids)
   * that belong to {@code tenantId}: {@code ... WHERE tenant_id = ? AND id IN (...)}.
   */
  default Sql deleteByIdsInTenant(String tenantId, List<String> runIds) {
    return PortableSql.deleteByIdsInTenant(tenantId, runIds);
  }

  /**
   * A page of a filtered listing: the first {@code fetchSize} runs matching {@code filter}
   * (tenant, app, any of its triggers or all when the set is empty, its status when set), in
   * {@code (created_at DESC, id DESC)} order, strictly after {@code after} when it is not null
   * (a position decoded from a cursor token: it need not be a stored row). One statement; rows
   * carry {@value WorkflowRunColumns#IS_CURSOR} = 0 and may come in any order (the caller sorts).
   * The keyset form is the dialect's choice (PostgreSQL: row values; MySQL/MariaDB: OR-expanded).
   * The default is {@link PortableSql#selectFilteredPage}: one branch per trigger with the
   * row-value keyset.
   */
  default Sql selectFilteredPage(RunListFilter filter, @Nullable RunPosition after, int fetchSize) {
    return PortableSql.selectFilteredPage(filter, after, fetchSize);
  }

  /**
   * Like {@link #selectPageAfter} for a filtered listing, in ONE statement: the first
   * {@code fetchSize} runs matching {@code filter} strictly after the run {@code cursorId}, with
   * {@value WorkflowRunColumns#IS_CURSOR} = 0, plus exactly one row with
   * {@value WorkflowRunColumns#IS_CURSOR} = 1 when (and only when) {@code cursorId} is a run
   * matching {@code filter} (tenant, app, triggers, status).
   */
  Sql selectFilteredPageAfterRun(RunListFilter filter, String cursorId, int fetchSize);

  /**
   * Run counts of {@code (tenantId, appId, trigger)} grouped by status, with
   * {@code created_at >= since} when {@code since} is set and {@code status = ?} when
   * {@code status} is set: columns {@value WorkflowRunColumns#STATUS} (the stored text) and
   * {@value WorkflowRunColumns#RUNS}, one row per status present. {@code since} has microsecond
   * precision and lies in the storable range.
   */
  default Sql countByStatus(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable WorkflowRunStatus status, @Nullable Instant since) {
    return PortableSql.countByStatus("", tenantId, appId, trigger, status, since);
  }

  /**
   * The earliest and latest {@code created_at} of {@code (tenantId, appId, trigger)} with
   * {@code from <= created_at < to} (either bound may be null): one row with columns
   * {@value WorkflowRunColumns#FIRST_CREATED_AT} and {@value WorkflowRunColumns#LAST_CREATED_AT},
   * both NULL when no run matches. Used to narrow statistics without bounds to the data's range.
   */
  default Sql selectCreatedAtRange(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable Instant from, @Nullable Instant to) {
    return PortableSql.selectCreatedAtRange(tenantId, appId, trigger, from, to);
  }

  /**
   * Daily aggregates of {@code (tenantId, appId, trigger)} with
   * {@code window.from() <= created_at <= window.last()} (bind {@code last()}, not {@code to()},
   * which may lie past the storable range), grouped by the calendar day of
   * {@code created_at} plus the window's UTC offset in effect at {@code created_at} (see
   * {@link LocalDayWindows}: {@code CASE WHEN created_at < t1 THEN o0 ... ELSE on END} seconds;
   * no CASE when there is no transition), never by the database's time-zone tables. Columns
   * {@value WorkflowRunColumns#DAY} (a DATE, read by {@link #readDate}),
   * {@value WorkflowRunColumns#RUNS} ({@code COUNT(*)}), {@value WorkflowRunColumns#CREATORS}
   * ({@code COUNT(DISTINCT created_by)}) and {@value WorkflowRunColumns#TOKENS}
   * ({@code SUM(total_tokens)}, any exact numeric type), ordered by day.
   */
  Sql selectDailyStatistics(String tenantId, String appId, TriggeredFrom trigger, LocalDayWindows.Window window);

  /**
   * One batch of {@code getRunsBatchByTimeRange}: see {@link EndedRunsBatch}. Ascending by
   * {@code (created_at, id)}; ended statuses as {@code status IN (}{@link WorkflowRunColumns#ENDED_STATUSES_SQL}{@code )}.
   */
  default Sql selectEndedRunsBatch(EndedRunsBatch batch) {
    return PortableSql.selectEndedRunsBatch("", batch, PortableSql.ROW_VALUE_AFTER);
  }

  /** Reads a DATE column (the {@value WorkflowRunColumns#DAY} of {@link #selectDailyStatistics}). */
  default LocalDate readDate(ResultSet resultSet, String column) throws SQLException {
    LocalDate value = resultSet.getObject(column, LocalDate.class);
    if (value == null) {
      throw new SQLException("column " + column + " is NULL", "22004");
    }
    return value;
  }

  /**
   * Prepares a statement; dialects may tune it for the driver (e.g. PostgreSQL disables
   * server-side prepared statements, whose generic plans ignore the values bound).
   */
  default PreparedStatement prepareStatement(Connection connection, String sql) throws SQLException {
    return connection.prepareStatement(sql);
  }

  /** Binds a canonical UUID string (to a {@code uuid} column, a {@code CHAR(36)} column, ...). */
  void bindUuid(PreparedStatement statement, int index, String uuid) throws SQLException;

  /** Binds an instant as the database's UTC timestamp, whatever the JVM or session time zone. */
  void bindInstant(PreparedStatement statement, int index, @Nullable Instant value) throws SQLException;

  /**
   * Reads a UTC timestamp column written by {@link #bindInstant}; null for SQL NULL. The default
   * reads a timestamp without time zone as {@link java.time.LocalDateTime} and takes it as UTC,
   * which every supported driver returns without any zone conversion.
   */
  default @Nullable Instant readInstant(ResultSet resultSet, String column) throws SQLException {
    java.time.LocalDateTime value = resultSet.getObject(column, java.time.LocalDateTime.class);
    return value == null ? null : value.toInstant(java.time.ZoneOffset.UTC);
  }

  /** Reads a UUID column as a canonical lower-case string; null for SQL NULL. */
  default @Nullable String readUuid(ResultSet resultSet, String column) throws SQLException {
    String value = resultSet.getString(column);
    return value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
  }

  /** Binds a text value; null as SQL NULL. */
  default void bindText(PreparedStatement statement, int index, @Nullable String value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  /**
   * Whether a failed batch of {@code deleteRunsByApp} is retried: deadlocks and serialization
   * failures. Connection loss is not retried here: it surfaces as a transient
   * {@link dev.runstore.api.DataAccessException} the caller may retry.
   */
  default boolean isRetryable(SQLException e) {
    // 40001 is the SQL standard's serialization failure; dialects add their own deadlock codes.
    return inChain(e, s -> "40001".equals(s.getSQLState()));
  }

  /** Whether {@code e} or an exception chained to it as its cause satisfies {@code test}. */
  static boolean inChain(SQLException e, java.util.function.Predicate<SQLException> test) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && test.test(s)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

}
