package dev.runstore.jdbc.postgres;

import static dev.runstore.jdbc.WorkflowRunColumns.SELECT_LIST;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.jdbc.JdbcTypes;
import dev.runstore.jdbc.LocalDayWindows;
import dev.runstore.jdbc.PortableSql;
import dev.runstore.jdbc.SchemaScripts;
import dev.runstore.jdbc.Sql;
import dev.runstore.jdbc.SqlDialect;
import dev.runstore.jdbc.Upsert;
import dev.runstore.jdbc.WorkflowRunColumns;
import dev.runstore.spi.SqlErrorClassifier;
import dev.runstore.store.RunFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGStatement;

/**
 * PostgreSQL's SQL. Columns are Dify's: {@code uuid} ids and {@code timestamp} (without time
 * zone) holding UTC. Timestamps are bound and read as {@link LocalDateTime} at UTC, which pgjdbc
 * sends and returns without any zone conversion, so neither the JVM zone nor the session's
 * {@code TimeZone} matters. Filtered pages and the ended-runs batch use the row-value keyset
 * {@code (created_at, id) < (?, ?)}: only that form becomes an index range on PostgreSQL (the
 * OR-expanded one does not). The statements PostgreSQL shares with the other databases are
 * {@link SqlDialect}'s defaults (see {@link PortableSql}).
 *
 * <p>Filtered pages (v1.1) are the default {@link PortableSql#selectFilteredPage}: one branch per
 * trigger, each an index range read backwards ({@code (tenant_id, app_id, triggered_from[,
 * status], created_at, id)}) with its own LIMIT, merged by PostgreSQL's Merge Append: exactly the
 * rows the page needs are read, however many triggers and however selective the status, with the
 * row-value keyset as index condition.
 */
final class PostgresDialect implements SqlDialect {

  static final PostgresDialect INSTANCE = new PostgresDialect();

  /**
   * The schema scripts, in order; an advisory lock serializes concurrent schema creation
   * (CREATE ... IF NOT EXISTS races on the catalog).
   */
  static final SchemaScripts SCHEMA = new SchemaScripts(
      List.of("db/runstore/postgres/V1__workflow_runs.sql", "db/runstore/postgres/V2__v1_1_indexes.sql",
          "db/runstore/postgres/V3__v1_2_pauses_cleanup.sql"),
      PostgresDialect.class, "SELECT pg_advisory_xact_lock(8245180921740655218)", null);

  private static final SqlErrorClassifier ERRORS = new PostgresErrorCodes();

  // The WHERE of DO UPDATE refuses a row of another tenant or app: 0 rows affected, row unchanged.
  static final String UPSERT = upsertText(false);

  /** {@link #UPSERT} leaving the stored created_at as it is (engine saves). */
  static final String UPSERT_KEEP_CREATED_AT = upsertText(true);

  private static String upsertText(boolean keepCreatedAt) {
    return "INSERT INTO workflow_runs (" + SELECT_LIST + ") VALUES ("
        + WorkflowRunColumns.ALL.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")"
        + " ON CONFLICT (id) DO UPDATE SET "
        + WorkflowRunColumns.updated(keepCreatedAt).stream().map(c -> c + " = EXCLUDED." + c)
            .collect(Collectors.joining(", "))
        + " WHERE workflow_runs.tenant_id = EXCLUDED.tenant_id AND workflow_runs.app_id = EXCLUDED.app_id";
  }

  // SKIP LOCKED: concurrent deleters of one app take disjoint batches instead of deadlocking.
  static final String DELETE_APP_BATCH =
      "DELETE FROM workflow_runs WHERE id IN (SELECT id FROM workflow_runs"
          + " WHERE tenant_id = ? AND app_id = ? LIMIT ? FOR UPDATE SKIP LOCKED)";

  // Without SKIP LOCKED: waits for the locked runs (lock_timeout bounds it, 55P03).
  static final String DELETE_APP_BATCH_WAITING =
      "DELETE FROM workflow_runs WHERE id IN (SELECT id FROM workflow_runs"
          + " WHERE tenant_id = ? AND app_id = ? LIMIT ? FOR UPDATE)";

  private PostgresDialect() {}

  /**
   * A table of related rows loaded in bulk and not yet analyzed (a restore, a migration, an
   * import) has no statistics: PostgreSQL then estimates an {@code IN} list of 500 run ids at
   * ~10 % of the table and scans all of it, once per statement of every chunk, so a purge slows
   * with the table's size (measured: 30,000 runs x 10 node executions, 672 runs/s against 1,526
   * at 10,000). Each lookup has an index Dify ships; {@code SET LOCAL} keeps the planner on it for
   * this transaction only.
   */
  @Override
  public List<String> relatedLookupSettings() {
    return List.of("SET LOCAL enable_seqscan = off");
  }

  /** {@code lock_timeout}: a wait for any lock (row or table) fails with 55P03 after it. */
  @Override
  public List<String> lockTimeoutStatements(int seconds) {
    return List.of("SET lock_timeout = '" + seconds + "s'");
  }

  @Override
  public String name() {
    return PostgresWorkflowRunRepository.NAME;
  }

  @Override
  public JdbcTypes types() {
    return JdbcTypes.NATIVE_UUID;
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
  public Upsert upsert() {
    return (run, keepCreatedAt) -> () ->
        PortableSql.runParams(Sql.of(keepCreatedAt ? UPSERT_KEEP_CREATED_AT : UPSERT), run).samePlanForAnyValues().build();
  }

  @Override
  public Sql deleteAppBatch(String tenantId, String appId, int batchSize) {
    return Sql.of(DELETE_APP_BATCH).uuid(tenantId).uuid(appId).integer(batchSize).build();
  }

  @Override
  public Sql deleteAppBatchWaiting(String tenantId, String appId, int batchSize) {
    return Sql.of(DELETE_APP_BATCH_WAITING).uuid(tenantId).uuid(appId).integer(batchSize).build();
  }

  /**
   * Keyset paging reads the index {@code (tenant_id, app_id, triggered_from[, status],
   * created_at, id)} backwards, one branch per trigger, as the page after a token does, but
   * bounded inclusively by the cursor run's {@code (created_at, id)}: its {@code created_at} from a
   * scalar sub-select by primary key (an InitPlan, so the row comparison stays an index
   * condition), its id bound. The cursor run itself is then the newest row of the page when (and
   * only when) it matches the filter, marked is_cursor = 1 by {@code id = ?}, and every branch
   * reads one row more. An unknown or foreign id makes the bound NULL: no row at all. Planned on
   * every call, this costs 1.18-1.21x the token page; the earlier materialized CTE plus a UNION
   * branch for the marker cost 1.44-1.48x (issue 16, benchmarks README).
   */
  @Override
  public Sql selectFilteredPageAfterRun(RunFilter filter, String cursorId, int fetchSize) {
    Sql.Composer sql = Sql.compose();
    PortableSql.triggerBranches(sql, filter, fetchSize + 1,
        isCursor -> isCursor.sql("CASE WHEN id = ? THEN 1 ELSE 0 END").uuid(cursorId),
        keyset -> keyset.sql(" AND (created_at, id) <= ((SELECT created_at FROM workflow_runs"
                + " WHERE tenant_id = ? AND app_id = ? AND id = ?), ?)")
            .uuid(filter.tenantId()).uuid(filter.appId()).uuid(cursorId).uuid(cursorId));
    return sql.build();
  }

  /**
   * The local day is {@code CAST(created_at + <offset> * INTERVAL '1 second' AS date)} with the
   * offset from the window's CASE (computed by the JVM from the zone's rules), so the server's
   * tz data and session time zone play no part. Offsets are inlined as integer literals (they
   * come from ZoneRules, never from input); transition instants are bound.
   */
  @Override
  public Sql selectDailyStatistics(String tenantId, String appId, TriggeredFrom trigger, LocalDayWindows.Window window) {
    Sql.Composer sql = Sql.compose().sql("SELECT CAST(created_at + (");
    PortableSql.utcOffsetSeconds(sql, window)
        .sql(") * INTERVAL '1 second' AS date) AS " + WorkflowRunColumns.DAY + ", " + PortableSql.DAILY_AGGREGATES);
    return PortableSql.runsOfWindow(sql, tenantId, appId, trigger, window).sql(" GROUP BY 1 ORDER BY 1").build();
  }

  /**
   * Plans a statement whose best plan depends on the values with those values, on every call: a
   * named (server-prepared) statement, which pgjdbc switches to after five executions, may get a
   * generic plan, and with the values unknown the planner estimates that a tenant's app holds a
   * handful of runs and prefers Dify's short index {@code (tenant_id, app_id, triggered_from)} plus
   * a Sort, which reads every run of the app for a deep page (seen on 100k runs). A statement whose
   * plan is the same for any values ({@link Sql#samePlanForAnyValues()}: the upsert and the lookups
   * by primary key) is server-prepared from its first call instead, so the server parses and plans
   * it once per connection (the upsert cost 1.7x a raw upsert re-planned each time, 0.96x prepared).
   */
  @Override
  public PreparedStatement prepare(Connection connection, Sql sql, String text, boolean generatedKeys)
      throws SQLException {
    PreparedStatement statement = generatedKeys
        ? connection.prepareStatement(text, Statement.RETURN_GENERATED_KEYS)
        : connection.prepareStatement(text);
    if (statement.isWrapperFor(PGStatement.class)) {
      statement.unwrap(PGStatement.class).setPrepareThreshold(sql.samePlanForAnyValues() ? 1 : 0);
    }
    return statement;
  }
}
