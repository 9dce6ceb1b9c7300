package dev.runstore.jdbc.postgres;

import static dev.runstore.jdbc.PortableSql.ORDER_NEWEST_FIRST;
import static dev.runstore.jdbc.WorkflowRunColumns.IS_CURSOR;
import static dev.runstore.jdbc.WorkflowRunColumns.SELECT_LIST;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.jdbc.LocalDayWindows;
import dev.runstore.jdbc.PortableSql;
import dev.runstore.jdbc.RunListFilter;
import dev.runstore.jdbc.Sql;
import dev.runstore.jdbc.SqlDialect;
import dev.runstore.jdbc.WorkflowRunColumns;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
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

  /** Deadlocks ({@code 40P01}) and serialization failures ({@code 40001}). */
  @Override
  public boolean isRetryable(SQLException e) {
    return SqlDialect.inChain(e, s -> "40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState()));
  }

  static final PostgresDialect INSTANCE = new PostgresDialect();

  /** The schema scripts, in order. */
  static final List<String> SCHEMA =
      List.of("db/runstore/postgres/V1__workflow_runs.sql", "db/runstore/postgres/V2__v1_1_indexes.sql");

  // Serializes concurrent schema creation (CREATE ... IF NOT EXISTS races on the catalog).
  private static final String SCHEMA_LOCK = "SELECT pg_advisory_xact_lock(8245180921740655218)";

  // Keyset paging reads the index (tenant_id, app_id, triggered_from, created_at, id) backwards.
  // One statement: the cursor run is looked up once (materialized CTE), returned as the marker
  // row (is_cursor = 1) when it belongs to this tenant/app/trigger, and bounds the page. An
  // unknown cursor yields no marker and, through the NULL row comparison, no page rows.
  static final String SELECT_PAGE_AFTER =
      "WITH cursor_run AS MATERIALIZED ("
          + "SELECT created_at, id FROM workflow_runs"
          + " WHERE tenant_id = ? AND app_id = ? AND triggered_from = ? AND id = ?)"
          + " SELECT 1 AS " + IS_CURSOR + ", " + nulls() + " FROM cursor_run"
          + " UNION ALL"
          + " (SELECT 0, " + SELECT_LIST + " FROM workflow_runs"
          + " WHERE tenant_id = ? AND app_id = ? AND triggered_from = ?"
          + " AND (created_at, id) < ((SELECT created_at FROM cursor_run), (SELECT id FROM cursor_run))"
          + ORDER_NEWEST_FIRST + ")";

  // The WHERE of DO UPDATE refuses a row of another tenant or app: 0 rows affected, row unchanged.
  static final String UPSERT =
      "INSERT INTO workflow_runs (" + SELECT_LIST + ") VALUES ("
          + WorkflowRunColumns.ALL.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")"
          + " ON CONFLICT (id) DO UPDATE SET "
          + WorkflowRunColumns.ALL.stream()
              .filter(c -> !c.equals("id") && !c.equals("tenant_id") && !c.equals("app_id"))
              .map(c -> c + " = EXCLUDED." + c)
              .collect(Collectors.joining(", "))
          + " WHERE workflow_runs.tenant_id = EXCLUDED.tenant_id AND workflow_runs.app_id = EXCLUDED.app_id";

  // SKIP LOCKED: concurrent deleters of one app take disjoint batches instead of deadlocking.
  static final String DELETE_APP_BATCH =
      "DELETE FROM workflow_runs WHERE id IN (SELECT id FROM workflow_runs"
          + " WHERE tenant_id = ? AND app_id = ? LIMIT ? FOR UPDATE SKIP LOCKED)";

  private PostgresDialect() {}

  private static String nulls() {
    // Typed NULLs so that the UNION's column types resolve like the page branch.
    return "NULL::uuid AS id, NULL::uuid AS tenant_id, NULL::uuid AS app_id, NULL::uuid AS workflow_id,"
        + " NULL::varchar AS type, NULL::varchar AS triggered_from, NULL::varchar AS version,"
        + " NULL::text AS graph, NULL::text AS inputs, NULL::varchar AS status, NULL::text AS outputs,"
        + " NULL::text AS error, NULL::double precision AS elapsed_time, NULL::bigint AS total_tokens,"
        + " NULL::integer AS total_steps, NULL::varchar AS created_by_role, NULL::uuid AS created_by,"
        + " NULL::timestamp AS created_at, NULL::timestamp AS finished_at,"
        + " NULL::integer AS exceptions_count";
  }

  @Override
  public String name() {
    return PostgresWorkflowRunRepository.NAME;
  }

  @Override
  public List<String> schemaResources() {
    return SCHEMA;
  }

  @Override
  public @Nullable InputStream openSchemaResource(String resource) {
    return PostgresDialect.class.getResourceAsStream("/" + resource);
  }

  @Override
  public String schemaLockSql() {
    return SCHEMA_LOCK;
  }

  @Override
  public Sql selectPageAfter(
      String tenantId, String appId, TriggeredFrom trigger, String cursorId, int fetchSize) {
    return Sql.of(SELECT_PAGE_AFTER)
        .uuid(tenantId).uuid(appId).text(trigger.value()).uuid(cursorId)
        .uuid(tenantId).uuid(appId).text(trigger.value())
        .integer(fetchSize)
        .build();
  }

  @Override
  public Sql upsert(WorkflowRun run) {
    return PortableSql.runParams(Sql.of(UPSERT), run).build();
  }

  @Override
  public Sql deleteAppBatch(String tenantId, String appId, int batchSize) {
    return Sql.of(DELETE_APP_BATCH).uuid(tenantId).uuid(appId).integer(batchSize).build();
  }

  // ---------------------------------------------------------------- v1.1

  /**
   * Like {@link #SELECT_PAGE_AFTER}: the cursor run is looked up once (materialized CTE), must
   * match the filter to yield the marker row, and bounds every branch through the row-value
   * comparison with its (scalar sub-select) values, which stays an index condition.
   */
  @Override
  public Sql selectFilteredPageAfterRun(RunListFilter filter, String cursorId, int fetchSize) {
    Sql.Composer sql = Sql.compose()
        .sql("WITH cursor_run AS MATERIALIZED (SELECT created_at, id FROM workflow_runs"
            + " WHERE tenant_id = ? AND app_id = ? AND id = ?")
        .uuid(filter.tenantId()).uuid(filter.appId()).uuid(cursorId);
    PortableSql.triggersAndStatus(sql, "", filter)
        .sql(") SELECT 1 AS " + IS_CURSOR + ", " + nulls() + " FROM cursor_run UNION ALL (");
    PortableSql.triggerBranches(sql, filter, fetchSize, keyset -> keyset.sql(
        " AND (created_at, id) < ((SELECT created_at FROM cursor_run), (SELECT id FROM cursor_run))"));
    return sql.sql(")").build();
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
   * Keeps every statement unnamed on the server, so PostgreSQL plans it with the values bound.
   * A named (server-prepared) statement, which pgjdbc switches to after five executions, may
   * get a generic plan: with the values unknown, the planner estimates a tenant's app holds a
   * handful of runs and prefers Dify's short index {@code (tenant_id, app_id, triggered_from)}
   * plus a Sort, which reads every run of the app for a deep page (seen on 100k runs).
   */
  @Override
  public PreparedStatement prepareStatement(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    if (statement.isWrapperFor(PGStatement.class)) {
      statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }
    return statement;
  }

  @Override
  public void bindUuid(PreparedStatement statement, int index, String uuid) throws SQLException {
    // A java.util.UUID is sent as type uuid: the comparison stays uuid = uuid (indexable).
    statement.setObject(index, UUID.fromString(uuid));
  }

  @Override
  public void bindInstant(PreparedStatement statement, int index, @Nullable Instant value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP);
    } else {
      statement.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }
}
