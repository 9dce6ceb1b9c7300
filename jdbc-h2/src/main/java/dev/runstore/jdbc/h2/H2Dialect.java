package dev.runstore.jdbc.h2;

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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * H2's SQL (H2 2.x, its own mode: no {@code MODE=} compatibility flag is needed or wanted).
 * Ids are H2 {@code UUID}s, bound as {@link UUID} objects; timestamps are
 * {@code TIMESTAMP(6)} without time zone holding UTC, bound and read as {@link LocalDateTime} at
 * UTC, which H2 stores and returns without any zone conversion, so neither the JVM zone nor the
 * session's {@code TIME ZONE} matters.
 *
 * <p>Driver quirks handled here: H2 cannot parse {@code ON CONFLICT}, so the upsert is a standard
 * {@code MERGE ... USING (VALUES ...)}, whose {@code WHEN MATCHED AND} condition refuses a row of
 * another tenant or app (update count 0). Two sessions merging the same new id at once both take
 * the {@code NOT MATCHED} branch and the later one fails with a duplicate key (23505): that
 * failure is retried ({@link #isUpsertRetryable}), and the retry finds the row and updates it.
 * {@code DAY} is a reserved word in H2, so that result column is quoted.
 */
final class H2Dialect implements SqlDialect {

  static final H2Dialect INSTANCE = new H2Dialect();

  /** The schema scripts, in order. */
  static final List<String> SCHEMA =
      List.of("db/runstore/h2/V1__workflow_runs.sql", "db/runstore/h2/V2__v1_1_indexes.sql");

  /** H2's error code for a duplicate key (SQLState 23505). */
  static final int DUPLICATE_KEY = 23505;
  /** H2's error code for a row changed by another transaction ({@code CONCURRENT_UPDATE_1}). */
  static final int CONCURRENT_UPDATE = 90131;
  /** H2's error code for a lock wait that timed out ({@code LOCK_TIMEOUT_1}, SQLState HYT00). */
  static final int LOCK_TIMEOUT = 50200;

  /** The SQL types of the columns, for the typed parameters of the MERGE source row. */
  private static final Map<String, String> COLUMN_TYPES = Map.ofEntries(
      Map.entry("id", "UUID"),
      Map.entry("tenant_id", "UUID"),
      Map.entry("app_id", "UUID"),
      Map.entry("workflow_id", "UUID"),
      Map.entry("type", "CHARACTER VARYING(255)"),
      Map.entry("triggered_from", "CHARACTER VARYING(255)"),
      Map.entry("version", "CHARACTER VARYING(255)"),
      Map.entry("graph", "CHARACTER LARGE OBJECT"),
      Map.entry("inputs", "CHARACTER LARGE OBJECT"),
      Map.entry("status", "CHARACTER VARYING(255)"),
      Map.entry("outputs", "CHARACTER LARGE OBJECT"),
      Map.entry("error", "CHARACTER LARGE OBJECT"),
      Map.entry("elapsed_time", "DOUBLE PRECISION"),
      Map.entry("total_tokens", "BIGINT"),
      Map.entry("total_steps", "INTEGER"),
      Map.entry("created_by_role", "CHARACTER VARYING(255)"),
      Map.entry("created_by", "UUID"),
      Map.entry("created_at", "TIMESTAMP(6)"),
      Map.entry("finished_at", "TIMESTAMP(6)"),
      Map.entry("exceptions_count", "INTEGER"));

  static final String SELECT_BY_ID =
      "SELECT " + SELECT_LIST + " FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND id = ?";

  private static final String ORDER_NEWEST_FIRST = " ORDER BY created_at DESC, id DESC LIMIT ?";

  // The index (tenant_id, app_id, triggered_from, created_at, id) gives the equality prefix;
  // H2 2.x turns the row-value keyset into a range on created_at within it (seen in EXPLAIN).
  static final String SELECT_FIRST_PAGE =
      "SELECT 0 AS " + IS_CURSOR + ", " + SELECT_LIST + " FROM workflow_runs"
          + " WHERE tenant_id = ? AND app_id = ? AND triggered_from = ?" + ORDER_NEWEST_FIRST;

  /** The cursor run's {@code created_at} and {@code id}, looked up by primary key within tenant/app/trigger. */
  private static final String CURSOR_RUN =
      " FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND triggered_from = ? AND id = ?";

  // One statement: the marker row (is_cursor = 1) when the cursor run belongs to this
  // tenant/app/trigger, and the page bounded by that run's (created_at, id). An unknown cursor
  // makes the scalar sub-selects NULL: no marker and, through the NULL comparison, no page rows.
  static final String SELECT_PAGE_AFTER =
      "SELECT 1 AS " + IS_CURSOR + ", " + nulls() + CURSOR_RUN
          + " UNION ALL"
          + " (SELECT 0, " + SELECT_LIST + " FROM workflow_runs"
          + " WHERE tenant_id = ? AND app_id = ? AND triggered_from = ?"
          + " AND (created_at, id) < ((SELECT created_at" + CURSOR_RUN + "), (SELECT id" + CURSOR_RUN + "))"
          + ORDER_NEWEST_FIRST + ")";

  static final String SELECT_EXPIRED =
      "SELECT " + SELECT_LIST + " FROM workflow_runs WHERE tenant_id = ? AND created_at < ?"
          + " ORDER BY created_at, id LIMIT ?";

  static final String SELECT_EXPIRED_INCLUSIVE = SELECT_EXPIRED.replace("created_at < ?", "created_at <= ?");

  // Standard MERGE: the WHEN MATCHED AND condition refuses a row of another tenant or app
  // (0 rows affected, row unchanged); tenant and app never change on update.
  static final String UPSERT =
      "MERGE INTO workflow_runs t USING (VALUES ("
          + WorkflowRunColumns.ALL.stream().map(c -> "CAST(? AS " + COLUMN_TYPES.get(c) + ")")
              .collect(Collectors.joining(", "))
          + ")) s(" + SELECT_LIST + ") ON t.id = s.id"
          + " WHEN MATCHED AND t.tenant_id = s.tenant_id AND t.app_id = s.app_id THEN UPDATE SET "
          + WorkflowRunColumns.ALL.stream()
              .filter(c -> !c.equals("id") && !c.equals("tenant_id") && !c.equals("app_id"))
              .map(c -> c + " = s." + c)
              .collect(Collectors.joining(", "))
          + " WHEN NOT MATCHED THEN INSERT (" + SELECT_LIST + ") VALUES ("
          + WorkflowRunColumns.selectList("s") + ")";

  // H2's own bounded DELETE (LIMIT on DELETE); a concurrent deleter of the same app waits for
  // the row locks and then skips the rows already gone.
  static final String DELETE_APP_BATCH =
      "DELETE FROM workflow_runs WHERE tenant_id = ? AND app_id = ? LIMIT ?";

  static final String SELECT_APP_HAS_RUNS =
      "SELECT 1 FROM workflow_runs WHERE tenant_id = ? AND app_id = ? LIMIT 1";

  static final String SELECT_BY_ID_WITHOUT_TENANT =
      "SELECT " + SELECT_LIST + " FROM workflow_runs WHERE id = ?";

  private H2Dialect() {}

  private static String nulls() {
    // Typed NULLs so that the UNION's column types resolve like the page branch.
    return WorkflowRunColumns.ALL.stream()
        .map(c -> "CAST(NULL AS " + COLUMN_TYPES.get(c) + ") AS " + c)
        .collect(Collectors.joining(", "));
  }

  @Override
  public String name() {
    return H2WorkflowRunRepository.NAME;
  }

  @Override
  public List<String> schemaResources() {
    return SCHEMA;
  }

  @Override
  public @Nullable InputStream openSchemaResource(String resource) {
    return H2Dialect.class.getResourceAsStream("/" + resource);
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
        .uuid(tenantId).uuid(appId).text(trigger.value()).uuid(cursorId)
        .uuid(tenantId).uuid(appId).text(trigger.value()).uuid(cursorId)
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
    Sql.Composer sql = Sql.compose().sql("DELETE FROM workflow_runs WHERE id IN (").placeholders(runIds.size()).sql(")");
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
   * One branch per trigger (every trigger when the filter names none), each an index range of
   * {@code (tenant_id, app_id, triggered_from[, status], created_at, id)} bounded by the
   * row-value keyset and cut to {@code fetchSize}, under one outer ORDER BY ... LIMIT: H2 sorts
   * at most {@code fetchSize} rows per trigger instead of every run of the app.
   */
  @Override
  public Sql selectFilteredPage(RunListFilter filter, @Nullable RunPosition after, int fetchSize) {
    Sql.Composer sql = Sql.compose();
    branches(sql, filter, fetchSize, after == null ? null : keyset -> keyset
        .sql(" AND (created_at, id) < (?, ?)").instant(after.createdAt()).uuid(after.id()));
    return sql.build();
  }

  /**
   * Like {@link #SELECT_PAGE_AFTER}: the cursor run must match the filter (tenant, app, triggers,
   * status) to yield the marker row, and bounds every branch through scalar sub-selects of its
   * {@code created_at} and {@code id} (primary-key lookups, NULL when it does not match).
   */
  @Override
  public Sql selectFilteredPageAfterRun(RunListFilter filter, String cursorId, int fetchSize) {
    Sql cursorRun = cursorRun(filter, cursorId);
    Sql.Composer sql = Sql.compose()
        .sql("SELECT 1 AS " + IS_CURSOR + ", " + nulls()).sql(cursorRun).sql(" UNION ALL (");
    branches(sql, filter, fetchSize, keyset -> keyset
        .sql(" AND (created_at, id) < ((SELECT created_at").sql(cursorRun)
        .sql("), (SELECT id").sql(cursorRun).sql("))"));
    return sql.sql(")").build();
  }

  /** {@code FROM ... WHERE} the cursor run, when it matches the filter. */
  private static Sql cursorRun(RunListFilter filter, String cursorId) {
    Sql.Composer sql = Sql.compose()
        .sql(" FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND id = ?")
        .uuid(filter.tenantId()).uuid(filter.appId()).uuid(cursorId);
    if (!filter.triggers().isEmpty()) {
      List<TriggeredFrom> triggers = sortedTriggers(filter);
      sql.sql(" AND triggered_from IN (").placeholders(triggers.size()).sql(")");
      triggers.forEach(t -> sql.text(t.value()));
    }
    WorkflowRunStatus status = filter.status();
    if (status != null) {
      sql.sql(" AND status = ?").text(status.value());
    }
    return sql.build();
  }

  private static List<TriggeredFrom> sortedTriggers(RunListFilter filter) {
    EnumSet<TriggeredFrom> triggers = EnumSet.noneOf(TriggeredFrom.class);
    triggers.addAll(filter.triggers().isEmpty() ? EnumSet.allOf(TriggeredFrom.class) : filter.triggers());
    return List.copyOf(triggers);
  }

  /** Appends the page: one trigger's branch alone, or a UNION ALL of branches under one ORDER BY ... LIMIT. */
  private static void branches(
      Sql.Composer sql, RunListFilter filter, int fetchSize, @Nullable Consumer<Sql.Composer> keyset) {
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
      WorkflowRunStatus status = filter.status();
      if (status != null) {
        sql.sql(" AND status = ?").text(status.value());
      }
      if (keyset != null) {
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
   * The local day is {@code CAST(DATEADD(SECOND, <offset>, created_at) AS DATE)} with the offset
   * from the window's CASE (computed by the JVM from the zone's rules), so H2's session time zone
   * plays no part. Offsets are inlined as integer literals (they come from ZoneRules, never from
   * input); transition instants are bound. The day is computed in a derived table and grouped by
   * name ({@code "day"} is quoted: {@code DAY} is reserved in H2).
   */
  @Override
  public Sql selectDailyStatistics(String tenantId, String appId, TriggeredFrom trigger, LocalDayWindows.Window window) {
    String day = "\"" + WorkflowRunColumns.DAY + "\"";
    Sql.Composer sql = Sql.compose().sql("SELECT " + day + ", COUNT(*) AS " + WorkflowRunColumns.RUNS
        + ", COUNT(DISTINCT created_by) AS " + WorkflowRunColumns.CREATORS
        + ", SUM(total_tokens) AS " + WorkflowRunColumns.TOKENS
        + " FROM (SELECT CAST(DATEADD(SECOND, ");
    List<Integer> offsets = window.offsetSeconds();
    if (window.transitions().isEmpty()) {
      sql.sql(Integer.toString(offsets.get(0)));
    } else {
      sql.sql("CASE");
      for (int i = 0; i < window.transitions().size(); i++) {
        sql.sql(" WHEN created_at < ? THEN " + offsets.get(i)).instant(window.transitions().get(i));
      }
      sql.sql(" ELSE " + offsets.get(offsets.size() - 1) + " END");
    }
    return sql.sql(", created_at) AS DATE) AS " + day + ", created_by, total_tokens"
            + " FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND triggered_from = ?"
            + " AND created_at >= ? AND created_at <= ?) runs_of_window"
            + " GROUP BY " + day + " ORDER BY " + day)
        .uuid(tenantId).uuid(appId).text(trigger.value()).instant(window.from()).instant(window.last())
        .build();
  }

  /**
   * Ended runs ascending by {@code (created_at, id)} from the row-value keyset, which H2 turns
   * into a range of the {@code (created_at, id)} index; status, type and tenant are filtered on
   * the way.
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
      types.addAll(Objects.requireNonNull(batch.types()));
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
   * A duplicate key from two sessions inserting one new id at once (the retry finds the row and
   * updates it), and whatever {@link #isRetryable} retries.
   */
  @Override
  public boolean isUpsertRetryable(SQLException e) {
    return hasErrorCode(e, DUPLICATE_KEY) || isRetryable(e);
  }

  /**
   * Deadlocks and serialization failures (40001), and H2's concurrent-update and lock-timeout
   * errors, which concurrent writers of the same rows can meet in H2's MVStore.
   */
  @Override
  public boolean isRetryable(SQLException e) {
    return SqlDialect.super.isRetryable(e) || hasErrorCode(e, CONCURRENT_UPDATE) || hasErrorCode(e, LOCK_TIMEOUT);
  }

  private static boolean hasErrorCode(SQLException e, int code) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getErrorCode() == code) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  @Override
  public void bindUuid(PreparedStatement statement, int index, String uuid) throws SQLException {
    // A java.util.UUID is bound as H2's UUID type: the comparison stays uuid = uuid (indexable).
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
