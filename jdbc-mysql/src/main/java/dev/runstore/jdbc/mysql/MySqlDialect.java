package dev.runstore.jdbc.mysql;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.jdbc.Sql;
import dev.runstore.jdbc.SqlDialect;
import dev.runstore.jdbc.WorkflowRunColumns;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
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
 *       rows by primary key (see the statements' comments for the plans this avoids).
 * </ul>
 */
final class MySqlDialect implements SqlDialect {

  /** The one instance: dialects are stateless. */
  static final MySqlDialect INSTANCE = new MySqlDialect();

  /** The schema scripts, in order. */
  static final List<String> SCHEMA = List.of("db/runstore/mysql/V1__workflow_runs.sql");

  /** A DATETIME(6) literal; parsed by both servers whatever their settings. */
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private static final String TABLE = WorkflowRunColumns.TABLE;

  /** The index of the list query and the app delete (see the schema script). */
  static final String APP_INDEX = "workflow_run_tenant_app_trigger_created_idx";

  /** The index of the expired batch. */
  static final String TENANT_INDEX = "workflow_run_tenant_created_idx";
  private static final String COLUMNS = WorkflowRunColumns.SELECT_LIST;

  /** Keyset predicate on the run aliased {@code k}, strictly after the cursor run {@code c}. */
  private static final String AFTER_CURSOR =
      "(k.created_at < c.created_at OR (k.created_at = c.created_at AND k.id < c.id))";

  private static final String SELECT_BY_ID =
      "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = ? AND tenant_id = ? AND app_id = ?";

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
  private static final String FIRST_PAGE =
      "SELECT 0 AS " + WorkflowRunColumns.IS_CURSOR + ", " + WorkflowRunColumns.selectList("r")
          + " FROM (SELECT /*+ INDEX(k " + APP_INDEX + ") */ k.id FROM " + TABLE + " k"
          + " WHERE k.tenant_id = ? AND k.app_id = ? AND k.triggered_from = ?"
          + " ORDER BY k.created_at DESC, k.id DESC LIMIT ?) page"
          + " JOIN " + TABLE + " r ON r.id = page.id";

  // The cursor run c is read by primary key, so the optimizer treats it as a constant and the
  // keyset predicate becomes a range of the composite index, scanned backwards for LIMIT rows.
  // The second branch is the cursor marker: one row exactly when the cursor is a run of this
  // tenant, app and trigger. Column names and types of a UNION come from its first branch.
  private static final String PAGE_AFTER =
      "(SELECT 0 AS " + WorkflowRunColumns.IS_CURSOR + ", " + WorkflowRunColumns.selectList("r")
          + " FROM (SELECT /*+ INDEX(k " + APP_INDEX + ") */ k.id FROM " + TABLE + " c JOIN " + TABLE + " k"
          + " ON k.tenant_id = ? AND k.app_id = ? AND k.triggered_from = ? AND " + AFTER_CURSOR
          + " WHERE c.id = ? AND c.tenant_id = ? AND c.app_id = ? AND c.triggered_from = ?"
          + " ORDER BY k.created_at DESC, k.id DESC LIMIT ?) page"
          + " JOIN " + TABLE + " r ON r.id = page.id)"
          + " UNION ALL"
          + " SELECT 1, " + nulls(WorkflowRunColumns.ALL.size()) + " FROM " + TABLE
          + " WHERE id = ? AND tenant_id = ? AND app_id = ? AND triggered_from = ?";

  private static final String EXPIRED =
      "SELECT /*+ INDEX(" + TABLE + " " + TENANT_INDEX + ") */ " + COLUMNS + " FROM " + TABLE
          + " WHERE tenant_id = ? AND created_at %s ?"
          + " ORDER BY created_at, id LIMIT ?";

  private static final String OWNED = "tenant_id = VALUES(tenant_id) AND app_id = VALUES(app_id)";

  private static final String UPSERT = upsertText();

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

  private static final String APP_HAS_RUNS =
      "SELECT 1 FROM " + TABLE + " WHERE tenant_id = ? AND app_id = ? LIMIT 1";

  private MySqlDialect() {}

  private static String nulls(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "NULL"));
  }

  private static String upsertText() {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(TABLE).append(" (").append(COLUMNS)
        .append(") VALUES (").append(String.join(", ", java.util.Collections.nCopies(WorkflowRunColumns.ALL.size(), "?")))
        .append(") ON DUPLICATE KEY UPDATE ");
    for (String column : WorkflowRunColumns.ALL) {
      if (column.equals("id") || column.equals("tenant_id") || column.equals("app_id")) {
        continue;
      }
      sql.append(column).append(" = IF(").append(OWNED).append(", VALUES(").append(column).append("), ")
          .append(column).append("), ");
    }
    // Last, so that the IFs above saw the stored owner (MySQL applies assignments left to right).
    // Assigns tenant_id its own value; on refusal it also sets LAST_INSERT_ID(nonce), the signal.
    sql.append("tenant_id = IF(").append(OWNED).append(", tenant_id, IF(LAST_INSERT_ID(?), tenant_id, tenant_id))");
    return sql.toString();
  }

  @Override
  public String name() {
    return MySqlWorkflowRunRepository.NAME;
  }

  @Override
  public List<String> schemaResources() {
    return SCHEMA;
  }

  @Override
  public @Nullable InputStream openSchemaResource(String resource) {
    return MySqlDialect.class.getResourceAsStream("/" + resource);
  }

  /** Serializes concurrent starts: two of them could both find an index missing and create it. */
  @Override
  public String schemaLockSql() {
    return "SELECT GET_LOCK('runstore.schema', 120)";
  }

  /** {@code GET_LOCK} belongs to the session, which outlives this use of a pooled connection. */
  @Override
  public String schemaUnlockSql() {
    return "SELECT RELEASE_LOCK('runstore.schema')";
  }

  @Override
  public Sql selectById(String tenantId, String appId, String runId) {
    return Sql.of(SELECT_BY_ID).uuid(runId).uuid(tenantId).uuid(appId).build();
  }

  @Override
  public Sql selectFirstPage(String tenantId, String appId, TriggeredFrom trigger, int fetchSize) {
    return Sql.of(FIRST_PAGE).uuid(tenantId).uuid(appId).text(trigger.value()).integer(fetchSize).build();
  }

  @Override
  public Sql selectPageAfter(
      String tenantId, String appId, TriggeredFrom trigger, String cursorId, int fetchSize) {
    return Sql.of(PAGE_AFTER)
        .uuid(tenantId).uuid(appId).text(trigger.value())
        .uuid(cursorId).uuid(tenantId).uuid(appId).text(trigger.value())
        .integer(fetchSize)
        .uuid(cursorId).uuid(tenantId).uuid(appId).text(trigger.value())
        .build();
  }

  @Override
  public Sql selectExpired(String tenantId, Instant bound, boolean inclusive, int batchSize) {
    return Sql.of(String.format(EXPIRED, inclusive ? "<=" : "<"))
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
        // the refusal signal, unique per statement so that a value left in the session by an
        // earlier refusal is never mistaken for this one (see upsertApplied)
        .bigint(1 + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE - 1))
        .build();
  }

  @Override
  public int upsertAutoGeneratedKeys() {
    return Statement.RETURN_GENERATED_KEYS;
  }

  /**
   * Applied unless the statement set {@code LAST_INSERT_ID(nonce)}, its refusal signal. With a
   * non-zero update count (found-rows mode, or a real write) the OK packet's insert id comes back
   * as a generated key; an update count of 0 (only with {@code useAffectedRows=true}: unchanged or
   * refused) is told apart by asking the session for {@code LAST_INSERT_ID()}, which holds this
   * statement's nonce only if this statement refused.
   */
  @Override
  public boolean upsertApplied(Sql upsert, PreparedStatement executed, int updateCount) throws SQLException {
    long nonce = (Long) java.util.Objects.requireNonNull(upsert.params().get(upsert.params().size() - 1).value());
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

  @Override
  public Sql deleteByIds(List<String> runIds) {
    String placeholders = runIds.stream().map(id -> "?").collect(Collectors.joining(", "));
    Sql.Builder sql = Sql.of("DELETE FROM " + TABLE + " WHERE id IN (" + placeholders + ")");
    runIds.forEach(sql::uuid);
    return sql.build();
  }

  @Override
  public Sql deleteAppBatch(String tenantId, String appId, int batchSize) {
    return Sql.of(DELETE_APP_BATCH).uuid(tenantId).uuid(appId).integer(batchSize).build();
  }

  @Override
  public Sql selectAppHasRuns(String tenantId, String appId) {
    return Sql.of(APP_HAS_RUNS).uuid(tenantId).uuid(appId).build();
  }

  @Override
  public void bindUuid(PreparedStatement statement, int index, String uuid) throws SQLException {
    statement.setString(index, uuid);
  }

  @Override
  public void bindInstant(PreparedStatement statement, int index, @Nullable Instant value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP);
    } else {
      statement.setString(index, format(value));
    }
  }

  @Override
  public @Nullable Instant readInstant(ResultSet resultSet, String column) throws SQLException {
    LocalDateTime value = resultSet.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  /** {@code value} as a DATETIME(6) literal at UTC. */
  static String format(Instant value) {
    return DATETIME.format(value.atOffset(ZoneOffset.UTC));
  }
}
