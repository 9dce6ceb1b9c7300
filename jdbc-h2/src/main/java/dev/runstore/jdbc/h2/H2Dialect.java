package dev.runstore.jdbc.h2;

import static dev.runstore.jdbc.WorkflowRunColumns.IS_CURSOR;
import static dev.runstore.jdbc.WorkflowRunColumns.SELECT_LIST;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
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
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * H2's SQL (H2 2.x, its own mode: no {@code MODE=} compatibility flag is needed or wanted).
 * Ids are H2 {@code UUID}s, bound as {@link java.util.UUID} objects; timestamps are
 * {@code TIMESTAMP(6)} without time zone holding UTC, bound and read as {@link LocalDateTime} at
 * UTC, which H2 stores and returns without any zone conversion, so neither the JVM zone nor the
 * session's {@code TIME ZONE} matters.
 *
 * <p>Driver quirks handled here: H2 cannot parse {@code ON CONFLICT}, so the upsert is a standard
 * {@code MERGE ... USING (VALUES ...)}, whose {@code WHEN MATCHED AND} condition refuses a row of
 * another tenant or app (update count 0). Two sessions merging the same new id at once both take
 * the {@code NOT MATCHED} branch and the later one fails with a duplicate key (23505): that
 * failure is retried ({@link #isUpsertRetryable}), and the retry finds the row and updates it.
 * {@code DAY} is a reserved word in H2, so that result column is quoted. The statements H2
 * shares with the other databases are {@link SqlDialect}'s defaults (see {@link PortableSql});
 * H2 2.x turns their row-value keysets into index ranges (seen in EXPLAIN).
 *
 * <p>Filtered pages (v1.1) are the default {@link PortableSql#selectFilteredPage}: one branch per
 * trigger, each an index range of {@code (tenant_id, app_id, triggered_from[, status], created_at,
 * id)} bounded by the row-value keyset and cut to {@code fetchSize}, under one outer ORDER BY ...
 * LIMIT: H2 sorts at most {@code fetchSize} rows per trigger instead of every run of the app.
 */
final class H2Dialect implements SqlDialect {

  static final H2Dialect INSTANCE = new H2Dialect();

  /** The schema scripts, in order. */
  static final SchemaScripts SCHEMA = new SchemaScripts(
      List.of("db/runstore/h2/V1__workflow_runs.sql", "db/runstore/h2/V2__v1_1_indexes.sql",
          "db/runstore/h2/V3__v1_2_pauses_cleanup.sql"),
      H2Dialect.class, null, null);

  private static final SqlErrorClassifier ERRORS = new H2ErrorCodes();

  /**
   * Two sessions merging the same new id at once both take the {@code NOT MATCHED} branch and
   * the later one fails with a duplicate key: it lost the race, and a retry finds the row.
   */
  private static final Upsert UPSERT_CALLS = new Upsert() {
    @Override
    public Call call(WorkflowRun run, boolean keepCreatedAt) {
      Sql sql = PortableSql.runParams(Sql.of(keepCreatedAt ? UPSERT_KEEP_CREATED_AT : UPSERT), run).build();
      return () -> sql;
    }

    @Override
    public boolean lostRace(SQLException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException s && s.getErrorCode() == H2ErrorCodes.DUPLICATE_KEY) {
          return true;
        }
        if (t.getCause() == t) {
          break;
        }
      }
      return false;
    }
  };

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

  // Standard MERGE: the WHEN MATCHED AND condition refuses a row of another tenant or app
  // (0 rows affected, row unchanged); tenant and app never change on update.
  static final String UPSERT = upsertText(false);

  /** {@link #UPSERT} leaving the stored created_at as it is (engine saves). */
  static final String UPSERT_KEEP_CREATED_AT = upsertText(true);

  private static String upsertText(boolean keepCreatedAt) {
    return "MERGE INTO workflow_runs t USING (VALUES ("
        + WorkflowRunColumns.ALL.stream().map(c -> "CAST(? AS " + COLUMN_TYPES.get(c) + ")")
            .collect(Collectors.joining(", "))
        + ")) s(" + SELECT_LIST + ") ON t.id = s.id"
        + " WHEN MATCHED AND t.tenant_id = s.tenant_id AND t.app_id = s.app_id THEN UPDATE SET "
        + WorkflowRunColumns.updated(keepCreatedAt).stream().map(c -> c + " = s." + c)
            .collect(Collectors.joining(", "))
        + " WHEN NOT MATCHED THEN INSERT (" + SELECT_LIST + ") VALUES ("
        + WorkflowRunColumns.selectList("s") + ")";
  }

  // H2's own bounded DELETE (LIMIT on DELETE); a concurrent deleter of the same app waits for
  // the row locks and then skips the rows already gone.
  static final String DELETE_APP_BATCH =
      "DELETE FROM workflow_runs WHERE tenant_id = ? AND app_id = ? LIMIT ?";

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
    return UPSERT_CALLS;
  }

  @Override
  public Sql deleteAppBatch(String tenantId, String appId, int batchSize) {
    return Sql.of(DELETE_APP_BATCH).uuid(tenantId).uuid(appId).integer(batchSize).build();
  }

  /**
   * One statement: the marker row (is_cursor = 1) when the cursor run matches the filter
   * (tenant, app, triggers, status), and the page bounded by that run's {@code (created_at, id)}
   * through scalar sub-selects (primary-key lookups): an unknown cursor makes them NULL, so no
   * marker and, through the NULL comparison, no page rows.
   */
  @Override
  public Sql selectFilteredPageAfterRun(RunFilter filter, String cursorId, int fetchSize) {
    Sql cursorRun = cursorRun(filter, cursorId);
    Sql.Composer sql = Sql.compose()
        .sql("SELECT 1 AS " + IS_CURSOR + ", " + nulls()).sql(cursorRun).sql(" UNION ALL (");
    PortableSql.triggerBranches(sql, filter, fetchSize, keyset -> keyset
        .sql(" AND (created_at, id) < ((SELECT created_at").sql(cursorRun)
        .sql("), (SELECT id").sql(cursorRun).sql("))"));
    return sql.sql(")").build();
  }

  /** {@code FROM ... WHERE} the cursor run, when it matches the filter. */
  private static Sql cursorRun(RunFilter filter, String cursorId) {
    Sql.Composer sql = Sql.compose()
        .sql(" FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND id = ?")
        .uuid(filter.tenantId()).uuid(filter.appId()).uuid(cursorId);
    return PortableSql.triggersAndStatus(sql, "", filter).build();
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
    Sql.Composer sql = Sql.compose()
        .sql("SELECT " + day + ", " + PortableSql.DAILY_AGGREGATES + " FROM (SELECT CAST(DATEADD(SECOND, ");
    PortableSql.utcOffsetSeconds(sql, window).sql(", created_at) AS DATE) AS " + day + ", created_by, total_tokens");
    return PortableSql.runsOfWindow(sql, tenantId, appId, trigger, window)
        .sql(") runs_of_window GROUP BY " + day + " ORDER BY " + day)
        .build();
  }
}
