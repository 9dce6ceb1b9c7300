package dev.runstore.jdbc.postgres;

import static dev.runstore.jdbc.WorkflowRunColumns.IS_CURSOR;
import static dev.runstore.jdbc.WorkflowRunColumns.SELECT_LIST;

import dev.runstore.api.RunPosition;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import dev.runstore.jdbc.EndedRunsBatch;
import dev.runstore.jdbc.LocalDayWindows;
import dev.runstore.jdbc.RunListFilter;
import dev.runstore.jdbc.Sql;
import dev.runstore.jdbc.SqlDialect;
import dev.runstore.jdbc.WorkflowRunColumns;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGStatement;

/**
 * PostgreSQL's SQL. Columns are Dify's: {@code uuid} ids and {@code timestamp} (without time
 * zone) holding UTC. Timestamps are bound and read as {@link LocalDateTime} at UTC, which pgjdbc
 * sends and returns without any zone conversion, so neither the JVM zone nor the session's
 * {@code TimeZone} matters.
 */
final class PostgresDialect implements SqlDialect {

  static final PostgresDialect INSTANCE = new PostgresDialect();

  /** The schema scripts, in order. */
  static final List<String> SCHEMA =
      List.of("db/runstore/postgres/V1__workflow_runs.sql", "db/runstore/postgres/V2__v1_1_indexes.sql");

  // Serializes concurrent schema creation (CREATE ... IF NOT EXISTS races on the catalog).
  private static final String SCHEMA_LOCK = "SELECT pg_advisory_xact_lock(8245180921740655218)";

  static final String SELECT_BY_ID =
      "SELECT " + SELECT_LIST + " FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND id = ?";

  // Keyset paging reads the index (tenant_id, app_id, triggered_from, created_at, id) backwards.
  // Only the row-value comparison becomes an index range on PostgreSQL (the OR-expanded form
  // does not), hence "(created_at, id) < (...)".
  static final String SELECT_FIRST_PAGE =
      "SELECT 0 AS " + IS_CURSOR + ", " + SELECT_LIST + " FROM workflow_runs"
          + " WHERE tenant_id = ? AND app_id = ? AND triggered_from = ?"
          + " ORDER BY created_at DESC, id DESC LIMIT ?";

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
          + " ORDER BY created_at DESC, id DESC LIMIT ?)";

  static final String SELECT_EXPIRED =
      "SELECT " + SELECT_LIST + " FROM workflow_runs WHERE tenant_id = ? AND created_at < ?"
          + " ORDER BY created_at, id LIMIT ?";

  static final String SELECT_EXPIRED_INCLUSIVE = SELECT_EXPIRED.replace("created_at < ?", "created_at <= ?");

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

  static final String SELECT_APP_HAS_RUNS =
      "SELECT 1 FROM workflow_runs WHERE tenant_id = ? AND app_id = ? LIMIT 1";

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
  public Sql selectById(String tenantId, String appId, String runId) {
    return Sql.of(SELECT_BY_ID).uuid(tenantId).uuid(appId).uuid(runId).build();
  }

  @Override
  public Sql selectFirstPage(String tenantId, String appId, TriggeredFrom trigger, int fetchSize) {
    return Sql.of(SELECT_FIRST_PAGE).uuid(tenantId).uuid(appId).text(trigger.value()).integer(fetchSize).build();
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
  public Sql selectExpired(String tenantId, Instant bound, boolean inclusive, int batchSize) {
    return Sql.of(inclusive ? SELECT_EXPIRED_INCLUSIVE : SELECT_EXPIRED)
        .uuid(tenantId).instant(bound).integer(batchSize).build();
  }

  @Override
  public Sql upsert(WorkflowRun run) {
    return Sql.of(UPSERT)
        .uuid(run.id())
        .uuid(run.tenantId())
        .uuid(run.appId())
        .uuid(run.workflowId())
        .text(run.type().value())
        .text(run.triggeredFrom().value())
        .text(run.version())
        .text(run.graph())
        .text(run.inputs())
        .text(run.status().value())
        .text(run.outputs())
        .text(run.error())
        .dbl(run.elapsedTime())
        .bigint(run.totalTokens())
        .integer(run.totalSteps())
        .text(run.createdByRole().value())
        .uuid(run.createdBy())
        .instant(run.createdAt())
        .instant(run.finishedAt())
        .integer(run.exceptionsCount())
        .build();
  }

  @Override
  public Sql deleteByIds(List<String> runIds) {
    String placeholders = runIds.stream().map(id -> "?").collect(Collectors.joining(", "));
    Sql.Builder sql = Sql.of("DELETE FROM workflow_runs WHERE id IN (" + placeholders + ")");
    runIds.forEach(sql::uuid);
    return sql.build();
  }

  @Override
  public Sql deleteAppBatch(String tenantId, String appId, int batchSize) {
    return Sql.of(DELETE_APP_BATCH).uuid(tenantId).uuid(appId).integer(batchSize).build();
  }

  @Override
  public Sql selectAppHasRuns(String tenantId, String appId) {
    return Sql.of(SELECT_APP_HAS_RUNS).uuid(tenantId).uuid(appId).build();
  }

  // ---------------------------------------------------------------- v1.1

  static final String SELECT_BY_ID_WITHOUT_TENANT =
      "SELECT " + SELECT_LIST + " FROM workflow_runs WHERE id = ?";

  private static final String ORDER_NEWEST_FIRST = " ORDER BY created_at DESC, id DESC LIMIT ?";

  @Override
  public Sql selectByIdWithoutTenant(String runId) {
    return Sql.of(SELECT_BY_ID_WITHOUT_TENANT).uuid(runId).build();
  }

  @Override
  public Sql deleteByIdsInTenant(String tenantId, List<String> runIds) {
    Sql.Composer sql = Sql.compose().sql("DELETE FROM workflow_runs WHERE tenant_id = ?").uuid(tenantId)
        .sql(" AND id IN (").placeholders(runIds.size()).sql(")");
    runIds.forEach(sql::uuid);
    return sql.build();
  }

  /**
   * One branch per trigger (every trigger when the filter names none), each an index range read
   * backwards ({@code (tenant_id, app_id, triggered_from[, status], created_at, id)}) with its own
   * LIMIT, merged by PostgreSQL's Merge Append: exactly the rows the page needs are read, however
   * many triggers and however selective the status, with the row-value keyset as index condition.
   */
  @Override
  public Sql selectFilteredPage(RunListFilter filter, @Nullable RunPosition after, int fetchSize) {
    Sql.Composer sql = Sql.compose();
    branches(sql, filter, fetchSize, keyset -> keyset
        .sql(" AND (created_at, id) < (?, ?)").instant(Objects.requireNonNull(after).createdAt()).uuid(after.id()),
        after != null);
    return sql.build();
  }

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
    if (!filter.triggers().isEmpty()) {
      List<TriggeredFrom> triggers = sortedTriggers(filter);
      sql.sql(" AND triggered_from IN (").placeholders(triggers.size()).sql(")");
      triggers.forEach(t -> sql.text(t.value()));
    }
    if (filter.status() != null) {
      sql.sql(" AND status = ?").text(filter.status().value());
    }
    sql.sql(") SELECT 1 AS " + IS_CURSOR + ", " + nulls() + " FROM cursor_run UNION ALL (");
    branches(sql, filter, fetchSize, keyset -> keyset.sql(
        " AND (created_at, id) < ((SELECT created_at FROM cursor_run), (SELECT id FROM cursor_run))"), true);
    return sql.sql(")").build();
  }

  private static List<TriggeredFrom> sortedTriggers(RunListFilter filter) {
    EnumSet<TriggeredFrom> triggers = EnumSet.noneOf(TriggeredFrom.class);
    triggers.addAll(filter.triggers().isEmpty() ? EnumSet.allOf(TriggeredFrom.class) : filter.triggers());
    return List.copyOf(triggers);
  }

  /** Appends the page: one trigger's branch alone, or a UNION ALL of branches under one ORDER BY ... LIMIT. */
  private static void branches(
      Sql.Composer sql, RunListFilter filter, int fetchSize, java.util.function.Consumer<Sql.Composer> keyset, boolean withKeyset) {
    List<TriggeredFrom> triggers = sortedTriggers(filter);
    boolean union = triggers.size() > 1;
    if (union) {
      sql.sql("SELECT * FROM (");
    }
    for (int i = 0; i < triggers.size(); i++) {
      sql.sql(i == 0 ? "(" : " UNION ALL (")
          .sql("SELECT 0 AS " + IS_CURSOR + ", " + SELECT_LIST + " FROM workflow_runs"
              + " WHERE tenant_id = ? AND app_id = ? AND triggered_from = ?")
          .uuid(filter.tenantId()).uuid(filter.appId()).text(triggers.get(i).value());
      if (filter.status() != null) {
        sql.sql(" AND status = ?").text(filter.status().value());
      }
      if (withKeyset) {
        keyset.accept(sql);
      }
      sql.sql(ORDER_NEWEST_FIRST + ")").integer(fetchSize);
    }
    if (union) {
      sql.sql(") page" + ORDER_NEWEST_FIRST).integer(fetchSize);
    }
  }

  @Override
  public Sql countByStatus(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable WorkflowRunStatus status, @Nullable Instant since) {
    Sql.Composer sql = Sql.compose()
        .sql("SELECT status AS " + WorkflowRunColumns.STATUS + ", COUNT(*) AS " + WorkflowRunColumns.RUNS
            + " FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND triggered_from = ?")
        .uuid(tenantId).uuid(appId).text(trigger.value());
    if (status != null) {
      sql.sql(" AND status = ?").text(status.value());
    }
    if (since != null) {
      sql.sql(" AND created_at >= ?").instant(since);
    }
    return sql.sql(" GROUP BY status").build();
  }

  @Override
  public Sql selectCreatedAtRange(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable Instant from, @Nullable Instant to) {
    // MIN and MAX each become one read at an end of the (tenant, app, trigger, created_at) range.
    Sql.Composer sql = Sql.compose()
        .sql("SELECT MIN(created_at) AS " + WorkflowRunColumns.FIRST_CREATED_AT
            + ", MAX(created_at) AS " + WorkflowRunColumns.LAST_CREATED_AT
            + " FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND triggered_from = ?")
        .uuid(tenantId).uuid(appId).text(trigger.value());
    if (from != null) {
      sql.sql(" AND created_at >= ?").instant(from);
    }
    if (to != null) {
      sql.sql(" AND created_at < ?").instant(to);
    }
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
    Sql.Composer sql = Sql.compose().sql("SELECT CAST(created_at + ");
    List<Integer> offsets = window.offsetSeconds();
    if (window.transitions().isEmpty()) {
      sql.sql("(" + offsets.get(0) + ")");
    } else {
      sql.sql("(CASE");
      for (int i = 0; i < window.transitions().size(); i++) {
        sql.sql(" WHEN created_at < ? THEN " + offsets.get(i)).instant(window.transitions().get(i));
      }
      sql.sql(" ELSE " + offsets.get(offsets.size() - 1) + " END)");
    }
    return sql.sql(" * INTERVAL '1 second' AS date) AS " + WorkflowRunColumns.DAY
            + ", COUNT(*) AS " + WorkflowRunColumns.RUNS
            + ", COUNT(DISTINCT created_by) AS " + WorkflowRunColumns.CREATORS
            + ", SUM(total_tokens) AS " + WorkflowRunColumns.TOKENS
            + " FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND triggered_from = ?"
            + " AND created_at >= ? AND created_at <= ? GROUP BY 1 ORDER BY 1")
        .uuid(tenantId).uuid(appId).text(trigger.value()).instant(window.from()).instant(window.last())
        .build();
  }

  /**
   * Walks Dify's {@code (created_at, id)} index forwards from the row-value keyset (an index
   * condition), filtering status, type and tenant on the way.
   */
  @Override
  public Sql selectEndedRunsBatch(EndedRunsBatch batch) {
    Sql.Composer sql = Sql.compose().sql("SELECT " + SELECT_LIST + " FROM workflow_runs WHERE status IN ("
        + WorkflowRunColumns.ENDED_STATUSES_SQL + ")");
    if (batch.from() != null) {
      sql.sql(" AND created_at >= ?").instant(batch.from());
    }
    if (batch.to() != null) {
      sql.sql(" AND created_at < ?").instant(batch.to());
    }
    RunPosition after = batch.after();
    if (after != null) {
      sql.sql(" AND (created_at, id) > (?, ?)").instant(after.createdAt()).uuid(after.id());
    }
    if (batch.types() != null) {
      EnumSet<WorkflowType> types = EnumSet.noneOf(WorkflowType.class);
      types.addAll(batch.types());
      sql.sql(" AND type IN (").placeholders(types.size()).sql(")");
      types.forEach(t -> sql.text(t.value()));
    }
    if (!batch.tenantIds().isEmpty()) {
      sql.sql(" AND tenant_id IN (").placeholders(batch.tenantIds().size()).sql(")");
      batch.tenantIds().forEach(sql::uuid);
    }
    return sql.sql(" ORDER BY created_at, id LIMIT ?").integer(batch.batchSize()).build();
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

  @Override
  public @Nullable Instant readInstant(ResultSet resultSet, String column) throws SQLException {
    LocalDateTime value = resultSet.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }
}
