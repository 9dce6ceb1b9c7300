package dev.runstore.jdbc.mysql;

import dev.runstore.api.RunPosition;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.jdbc.JdbcTypes;
import dev.runstore.jdbc.LocalDayWindows;
import dev.runstore.jdbc.PortableSql;
import dev.runstore.jdbc.SchemaScripts;
import dev.runstore.jdbc.Sql;
import dev.runstore.jdbc.SqlDialect;
import dev.runstore.jdbc.Upsert;
import dev.runstore.jdbc.WorkflowRunColumns;
import dev.runstore.spi.SqlErrorClassifier;
import dev.runstore.store.EndedRunsBatch;
import dev.runstore.store.RunFilter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of MySQL 8.0+ and MariaDB 10.6+ (one text for both), with Connector/J's quirks.
 *
 * <ul>
 *   <li>Keyset: {@code created_at < ? OR (created_at = ? AND id < ?)}. Both servers turn this
 *       OR-expanded form into an index range on {@code (tenant_id, app_id, triggered_from,
 *       created_at, id)}; MariaDB reads every row before the cursor with the row-value form
 *       {@code (created_at, id) < (?, ?)}.
 *   <li>Timestamps are bound as strings {@code 'yyyy-MM-dd HH:mm:ss.SSSSSS'} at UTC: Connector/J
 *       takes MariaDB 10.x (which announces itself as {@code 5.5.5-10.x}) for MySQL 5.5 and
 *       silently drops the fractional seconds of bound time values. They are read as
 *       {@link LocalDateTime} (no time-zone conversion for {@code DATETIME}) and taken as UTC, so
 *       neither the JVM's nor the session's time zone matters.
 *   <li>Upsert: {@code INSERT ... ON DUPLICATE KEY UPDATE c = IF(owned, VALUES(c), c)}, which both
 *       servers accept (MySQL's {@code AS new} alias form fails on MariaDB). {@code tenant_id} and
 *       {@code app_id} are never changed, so every {@code IF} sees the stored owner. A refused
 *       save leaves the row as it was and calls {@code LAST_INSERT_ID(nonce)}, which the server
 *       reports in the statement's OK packet and Connector/J returns as a generated key, so the
 *       refusal is known from the statement alone; only with {@code useAffectedRows=true}, where
 *       an unchanged row and a refusal both count 0, one more query tells them apart.
 *   <li>Pages and app batches are deferred joins: ids from the covering composite index, then the
 *       rows by primary key (see the statements' comments for the plans this avoids). Filtered
 *       pages (v1.1) take one such index range per trigger and cut their union to the page.
 *   <li>Daily statistics group by a day number ({@code TO_DAYS} plus the midnight crossings of a
 *       JVM-computed UTC offset), never by the server's time-zone tables.
 * </ul>
 *
 * <p>The statements both servers share with the other databases are {@link SqlDialect}'s
 * defaults (see {@link PortableSql}); some take an index hint here.
 */
final class MySqlDialect implements SqlDialect {

  /** The one instance: dialects are stateless. */
  static final MySqlDialect INSTANCE = new MySqlDialect();

  /**
   * The schema scripts, in order. {@code GET_LOCK} serializes concurrent starts (two of them could
   * both find an index missing and create it); it belongs to the session, which outlives this use
   * of a pooled connection, so it is released explicitly.
   */
  static final SchemaScripts SCHEMA = new SchemaScripts(
      List.of("db/runstore/mysql/V1__workflow_runs.sql", "db/runstore/mysql/V2__v1_1_indexes.sql",
          "db/runstore/mysql/V3__v1_2_pauses_cleanup.sql"),
      MySqlDialect.class, "SELECT GET_LOCK('runstore.schema', 120)", "SELECT RELEASE_LOCK('runstore.schema')");

  private static final SqlErrorClassifier ERRORS = new MySqlErrorCodes();

  private static final String TABLE = WorkflowRunColumns.TABLE;

  /** The index of the list query and the app delete (see the schema script). */
  static final String APP_INDEX = "workflow_run_tenant_app_trigger_created_idx";

  /** The index of the expired batch. */
  static final String TENANT_INDEX = "workflow_run_tenant_created_idx";

  /** The index of the status-filtered list and count (V2). */
  static final String STATUS_INDEX = "workflow_run_tenant_app_trigger_status_created_idx";

  /** The covering index of the cleanup-refs scan (V3). */
  static final String CLEANUP_INDEX = "workflow_run_cleanup_idx";

  /** An id's last hex digit: CHAR(36) ids are canonical lower-case text. */
  private static final String LAST_ID_DIGIT = "RIGHT(id, 1)";

  /** The index of the time-range batch over every tenant (V2; Dify's PostgreSQL name). */
  static final String CREATED_INDEX = "workflow_run_created_at_id_idx";
  private static final String COLUMNS = WorkflowRunColumns.SELECT_LIST;

  /** Keyset predicate on the run aliased {@code k}, strictly after the cursor run {@code c}. */
  private static final String AFTER_CURSOR =
      "(k.created_at < c.created_at OR (k.created_at = c.created_at AND k.id < c.id))";

  private static final String SELECT_BY_ID =
      "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = ? AND tenant_id = ? AND app_id = ?";

  private static final String EXPIRED_HINT = hint(TENANT_INDEX);

  private static final String OWNED = "tenant_id = VALUES(tenant_id) AND app_id = VALUES(app_id)";

  private static final String UPSERT = upsertText(false);

  /** {@link #UPSERT} leaving the stored created_at as it is (engine saves). */
  private static final String UPSERT_KEEP_CREATED_AT = upsertText(true);

  // A batch is chosen from the composite index alone (covering), then deleted by primary key: a
  // plain DELETE ... LIMIT may scan (tenant_id, created_at, id) on MariaDB and lock the index
  // entries of the tenant's other apps it passes. (DELETE ... WHERE id IN (SELECT ... LIMIT n)
  // is refused by both servers; the IN (SELECT FROM (SELECT ... LIMIT n)) form scans the table
  // on MariaDB 10.11.) The ORDER BY is the index order (no sort): batches go oldest first per
  // trigger, deterministically, which also keeps the statement safe for statement-based binlogs.
  private static final String DELETE_APP_BATCH =
      "DELETE r FROM " + TABLE + " r JOIN (SELECT /*+ INDEX(k " + APP_INDEX + ") */ k.id FROM " + TABLE + " k"
          + " WHERE k.tenant_id = ? AND k.app_id = ? ORDER BY k.triggered_from, k.created_at, k.id LIMIT ?) batch"
          + " ON r.id = batch.id";

  private MySqlDialect() {}

  /** An optimizer hint for {@link PortableSql}: use these indexes (comma-separated) on the table. */
  private static String hint(String indexes) {
    return "/*+ INDEX(" + TABLE + " " + indexes + ") */ ";
  }

  private static String nulls(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "NULL"));
  }

  private static String upsertText(boolean keepCreatedAt) {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(TABLE).append(" (").append(COLUMNS)
        .append(") VALUES (").append(String.join(", ", java.util.Collections.nCopies(WorkflowRunColumns.ALL.size(), "?")))
        .append(") ON DUPLICATE KEY UPDATE ");
    for (String column : WorkflowRunColumns.updated(keepCreatedAt)) {
      sql.append(column).append(" = IF(").append(OWNED).append(", VALUES(").append(column).append("), ")
          .append(column).append("), ");
    }
    // Last, so that the IFs above saw the stored owner (MySQL applies assignments left to right).
    // Assigns tenant_id its own value; on refusal it also sets LAST_INSERT_ID(nonce), the signal.
    sql.append("tenant_id = IF(").append(OWNED).append(", tenant_id, IF(LAST_INSERT_ID(?), tenant_id, tenant_id))");
    return sql.toString();
  }

  /**
   * {@code innodb_lock_wait_timeout} (row locks, error 1205) and {@code lock_wait_timeout}
   * (metadata locks, e.g. behind an ALTER TABLE; a year by default), both in whole seconds.
   */
  @Override
  public List<String> lockTimeoutStatements(int seconds) {
    return List.of("SET SESSION innodb_lock_wait_timeout = " + seconds + ", lock_wait_timeout = " + seconds);
  }

  @Override
  public String name() {
    return MySqlWorkflowRunRepository.NAME;
  }

  @Override
  public JdbcTypes types() {
    return MySqlTypes.INSTANCE;
  }

  @Override
  public SqlErrorClassifier errors() {
    return ERRORS;
  }

  @Override
  public SchemaScripts schema() {
    return SCHEMA;
  }

  @Override
  public Sql selectById(String tenantId, String appId, String runId) {
    return Sql.of(SELECT_BY_ID).uuid(runId).uuid(tenantId).uuid(appId).build();
  }

  @Override
  public Sql selectExpired(String tenantId, Instant bound, boolean inclusive, int batchSize) {
    return PortableSql.selectExpired(EXPIRED_HINT, tenantId, bound, inclusive, batchSize);
  }

  /**
   * {@code INSERT ... ON DUPLICATE KEY UPDATE c = IF(owned, VALUES(c), c)}; a refused save sets
   * {@code LAST_INSERT_ID(nonce)}, a value unique to the call, so that a value left in the
   * session by an earlier refusal is never mistaken for this one. InnoDB may deadlock two such
   * statements inserting one new id (gap locks on the primary key): the front retries the call.
   */
  @Override
  public Upsert upsert() {
    return (run, keepCreatedAt) ->
        new UpsertCall(run, keepCreatedAt, 1 + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE - 1));
  }

  /** One upsert with its refusal signal. */
  private record UpsertCall(WorkflowRun run, boolean keepCreatedAt, long nonce) implements Upsert.Call {

    @Override
    public Sql sql() {
      return PortableSql.runParams(Sql.of(keepCreatedAt ? UPSERT_KEEP_CREATED_AT : UPSERT), run).bigint(nonce).build();
    }

    @Override
    public boolean returnsGeneratedKeys() {
      return true;
    }

    /**
     * Applied unless the statement set {@code LAST_INSERT_ID(nonce)}, its refusal signal. With a
     * non-zero update count (found-rows mode, or a real write) the OK packet's insert id comes
     * back as a generated key; an update count of 0 (only with {@code useAffectedRows=true}:
     * unchanged or refused) is told apart by asking the session for {@code LAST_INSERT_ID()},
     * which holds this statement's nonce only if this statement refused.
     */
    @Override
    public boolean applied(PreparedStatement executed, int updateCount) throws SQLException {
      if (updateCount > 0) {
        try (ResultSet keys = executed.getGeneratedKeys()) {
          while (keys.next()) {
            if (keys.getLong(1) == nonce) {
              return false;
            }
          }
        }
        return true;
      }
      try (Statement statement = executed.getConnection().createStatement();
          ResultSet rs = statement.executeQuery("SELECT LAST_INSERT_ID()")) {
        return !(rs.next() && rs.getLong(1) == nonce);
      }
    }
  }

  @Override
  public Sql deleteAppBatch(String tenantId, String appId, int batchSize) {
    return Sql.of(DELETE_APP_BATCH).uuid(tenantId).uuid(appId).integer(batchSize).build();
  }

  // Pages are deferred joins: the inner query reads only the composite index (it covers
  // tenant_id, app_id, triggered_from, created_at and id) in order, for LIMIT entries, and the
  // outer one fetches those rows by primary key. MariaDB 10.11 otherwise scans the index by its
  // three equal parts only ("ref") when the whole row is selected, reading every run before the
  // cursor instead of a range after it (seen: 80,000 index entries for a page of 20).
  //
  // The /*+ INDEX(...) */ hints: MySQL 8.0 otherwise may walk (tenant_id, created_at, id) and
  // filter the app, which reads every run of the tenant's other apps on the way. They are
  // comments to MariaDB (which finds these plans itself), and MySQL only warns when a hinted
  // index is missing (a Dify table on which the schema script has not run), where FORCE INDEX
  // would fail.

  /**
   * A deferred join over one index branch per trigger (every trigger when the filter names none,
   * plus one branch over the values no trigger has, see {@link PortableSql#triggerCondition}):
   * each branch takes {@code (id, created_at)} of at most {@code fetchSize} runs from the covering
   * index {@code (tenant_id, app_id, triggered_from[, status], created_at, id)}, a range read
   * backwards from the OR-expanded keyset; the branches' union (at most 7 x fetchSize small rows)
   * is cut to {@code fetchSize}, and only those rows are read by primary key. Neither server
   * merges the sorted index ranges of an {@code IN} list for an ORDER BY, so a plain
   * {@code triggered_from IN (...)} would sort every run of those triggers.
   */
  @Override
  public Sql selectFilteredPage(RunFilter filter, @Nullable RunPosition after, int fetchSize) {
    Sql.Composer sql = Sql.compose()
        .sql("SELECT 0 AS " + WorkflowRunColumns.IS_CURSOR + ", " + WorkflowRunColumns.selectList("r") + " FROM (");
    pageIds(sql, filter, after, null, fetchSize);
    return sql.sql(") page JOIN " + TABLE + " r ON r.id = page.id").build();
  }

  /**
   * {@link #selectFilteredPage} bounded by the stored run {@code cursorId}: each branch joins
   * the cursor run {@code c} by primary key, so the optimizer treats it as a constant and the
   * keyset is again a range of the composite index, scanned backwards for LIMIT rows; the cursor
   * run must match the whole filter. A last branch returns the marker row when it does (column
   * names and types of a UNION come from its first branch).
   */
  @Override
  public Sql selectFilteredPageAfterRun(RunFilter filter, String cursorId, int fetchSize) {
    Sql.Composer sql = Sql.compose()
        .sql("(SELECT 0 AS " + WorkflowRunColumns.IS_CURSOR + ", " + WorkflowRunColumns.selectList("r") + " FROM (");
    pageIds(sql, filter, null, cursorId, fetchSize);
    sql.sql(") page JOIN " + TABLE + " r ON r.id = page.id)"
        + " UNION ALL SELECT 1, " + nulls(WorkflowRunColumns.ALL.size()) + " FROM " + TABLE + " WHERE id = ?")
        .uuid(cursorId);
    cursorMatches(sql, "", filter);
    return sql.build();
  }

  /** The ids of a page: one branch alone, or a UNION ALL of branches cut to the {@code fetchSize} newest. */
  private static void pageIds(
      Sql.Composer sql, RunFilter filter, @Nullable RunPosition after, @Nullable String cursorId, int fetchSize) {
    List<@Nullable TriggeredFrom> triggers = PortableSql.branches(filter);
    boolean union = triggers.size() > 1;
    for (int i = 0; i < triggers.size(); i++) {
      if (union) {
        sql.sql(i == 0 ? "(" : " UNION ALL (");
      }
      branch(sql, filter, triggers.get(i), after, cursorId, fetchSize);
      if (union) {
        sql.sql(")");
      }
    }
    if (union) {
      sql.sql(" ORDER BY created_at DESC, id DESC LIMIT ?").integer(fetchSize);
    }
  }

  /**
   * One trigger's ids, newest first, from the covering index: strictly after the position
   * {@code after} (bound values), or after the cursor run {@code c} (joined by primary key,
   * matching the whole filter), or from the top when both are null.
   */
  private static void branch(
      Sql.Composer sql, RunFilter filter, @Nullable TriggeredFrom trigger,
      @Nullable RunPosition after, @Nullable String cursorId, int fetchSize) {
    String index = filter.status() == null ? APP_INDEX : STATUS_INDEX;
    sql.sql("SELECT /*+ INDEX(k " + index + ") */ k.id, k.created_at FROM ")
        .sql(cursorId == null ? TABLE + " k WHERE " : TABLE + " c JOIN " + TABLE + " k ON ")
        .sql("k.tenant_id = ? AND k.app_id = ? AND ")
        .uuid(filter.tenantId()).uuid(filter.appId());
    PortableSql.triggerCondition(sql, "k.triggered_from", trigger);
    if (filter.status() != null) {
      sql.sql(" AND k.status = ?").text(filter.status().value());
    }
    if (after != null) {
      sql.sql(" AND (k.created_at < ? OR (k.created_at = ? AND k.id < ?))")
          .instant(after.createdAt()).instant(after.createdAt()).uuid(after.id());
    }
    if (cursorId != null) {
      sql.sql(" AND " + AFTER_CURSOR + " WHERE c.id = ?").uuid(cursorId);
      cursorMatches(sql, "c.", filter);
    }
    sql.sql(" ORDER BY k.created_at DESC, k.id DESC LIMIT ?").integer(fetchSize);
  }

  /** The whole filter on the cursor run (columns prefixed by {@code prefix}), after its id condition. */
  private static void cursorMatches(Sql.Composer sql, String prefix, RunFilter filter) {
    sql.sql(" AND " + prefix + "tenant_id = ? AND " + prefix + "app_id = ?").uuid(filter.tenantId()).uuid(filter.appId());
    PortableSql.triggersAndStatus(sql, prefix, filter);
  }

  @Override
  public Sql countByStatus(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable WorkflowRunStatus status, @Nullable Instant since) {
    // The status index covers every column here and is in status order: no row read, no temporary table.
    return PortableSql.countByStatus(hint(STATUS_INDEX), tenantId, appId, trigger, status, since);
  }

  /**
   * The local day as a day number: {@code TO_DAYS(created_at)} plus the days that the UTC
   * offset (the window's CASE, computed by the JVM from the zone's rules) moves the time of day
   * across midnight (-1, 0 or +1). No time-zone table, no session time zone, and no date
   * arithmetic that could leave DATETIME's range at its ends (9999-12-31 UTC is already
   * 10000-01-01 east of Greenwich); {@link #readDate} turns the number into a date. Offsets are
   * inlined integer literals (from ZoneRules, never from input); transition instants are bound.
   */
  @Override
  public Sql selectDailyStatistics(String tenantId, String appId, TriggeredFrom trigger, LocalDayWindows.Window window) {
    Sql.Composer sql = Sql.compose()
        .sql("SELECT TO_DAYS(created_at) + FLOOR((HOUR(created_at) * 3600 + MINUTE(created_at) * 60"
            + " + SECOND(created_at) + (");
    PortableSql.utcOffsetSeconds(sql, window)
        .sql(")) / 86400) AS " + WorkflowRunColumns.DAY + ", " + PortableSql.DAILY_AGGREGATES);
    return PortableSql.runsOfWindow(sql, tenantId, appId, trigger, window).sql(" GROUP BY 1 ORDER BY 1").build();
  }

  /**
   * Walks the {@code (created_at, id)} index forwards from the OR-expanded keyset, filtering
   * status, type and tenant on the rows it passes, and stops after {@code batchSize} matches; for
   * one tenant, the optimizer may walk {@code (tenant_id, created_at, id)} instead.
   */
  @Override
  public Sql selectEndedRunsBatch(EndedRunsBatch batch) {
    String index = batch.tenantIds().size() == 1 ? CREATED_INDEX + ", " + TENANT_INDEX : CREATED_INDEX;
    return PortableSql.selectEndedRunsBatch(
        hint(index), WorkflowRunColumns.SELECT_LIST, batch, PortableSql.OR_EXPANDED, LAST_ID_DIGIT);
  }

  /**
   * Like {@link #selectEndedRunsBatch} on the covering index {@code (created_at, id, tenant_id,
   * status, type, workflow_id)} of V3: every column it filters on or returns is in the index, so
   * no row (and no JSON text) is read.
   */
  @Override
  public Sql selectCleanupRefs(EndedRunsBatch batch) {
    return PortableSql.selectEndedRunsBatch(
        hint(CLEANUP_INDEX), PortableSql.REF_COLUMNS, batch, PortableSql.OR_EXPANDED, LAST_ID_DIGIT);
  }

  /** Backticks: {@code key} is a reserved word in MySQL. */
  @Override
  public String quote(String identifier) {
    return "`" + identifier + "`";
  }

  @Override
  public String lastIdDigit() {
    return LAST_ID_DIGIT;
  }
}
