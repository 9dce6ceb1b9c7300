package dev.runstore.jdbc;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RunPosition;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.spi.SqlErrorClassifier;
import dev.runstore.store.EndedRunsBatch;
import dev.runstore.store.RunFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A backend's dialect as seen through Apache ShardingSphere-JDBC (5.5), with {@code workflow_runs}
 * sharded by {@code tenant_id} and {@code workflow_run_ids} by {@code id}: the same statements,
 * except where the engine parses, routes or merges them wrongly. Chosen by
 * {@code runstore.jdbc.sharding} ({@link #forDataSource}); plain servers keep their dialect as is.
 *
 * <ul>
 *   <li>Temporal columns are read as text and parsed: the engine reads them through
 *       {@code java.sql.Timestamp}/{@code Date} (Julian calendar before 1583, JVM zone).
 *   <li>The app-delete batch names the tenant in the outer statement (so it is routed to one
 *       shard) and has no {@code FOR UPDATE SKIP LOCKED}, which the engine cannot parse.
 *   <li>The trigger and status values of filtered pages are SQL literals: bound, the engine takes
 *       some of them for sharding values ({@code NumberFormatException} in its condition merge).
 *   <li>On PostgreSQL the time-range and cleanup-ref batches select the id as text: the engine
 *       merges shards comparing {@code uuid} values with Java's signed {@code UUID.compareTo},
 *       not the database's order; text compares like the database. Tenant ranges there take
 *       cast bounds, from which the engine builds no (signed, possibly empty) UUID range.
 *   <li>Run ids are claimed in {@code workflow_run_ids} before a run is written
 *       ({@link #selectIdOwner}, {@link #claimId}), so an id never lives under two tenants.
 * </ul>
 */
public final class ShardingSphereDialect implements SqlDialect {

  /** The class of ShardingSphere-JDBC's DataSource, recognised by name (no compile dependency). */
  static final String DATA_SOURCE_CLASS = "org.apache.shardingsphere.driver.jdbc.core.datasource.ShardingSphereDataSource";

  /**
   * The most ids one statement lists through the engine: its ANTLR parser recurses once per list
   * element and overflowed a default thread stack on 10,000 (PostgreSQL grammar); 1,000, the
   * size of runstore's delete chunks, parses.
   */
  static final int MAX_IDS_PER_STATEMENT = 1_000;

  private static final Pattern LITERAL_SAFE = Pattern.compile("[a-z0-9_-]{1,64}");

  private final SqlDialect delegate;
  private final boolean postgres;
  private final JdbcTypes types;

  /** {@code delegate} as seen through ShardingSphere. */
  public ShardingSphereDialect(SqlDialect delegate) {
    this.delegate = delegate;
    this.postgres = "postgres".equals(delegate.name());
    this.types = new TextTemporalTypes(delegate.types());
  }

  /**
   * {@code dialect}, or its ShardingSphere form per {@code runstore.jdbc.sharding} (carried by
   * the DataSource {@link JdbcPools} hands over; {@code auto} when the repository was built from a
   * DataSource alone): {@code shardingsphere} always, {@code none} never, {@code auto} when
   * {@code dataSource} is ShardingSphere-JDBC's or a wrapper that says so.
   */
  public static SqlDialect forDataSource(SqlDialect dialect, DataSource dataSource) {
    RepositoryConfig.Sharding mode = dataSource instanceof JdbcLimits.Limited limited
        ? limited.limits().sharding() : RepositoryConfig.Sharding.AUTO;
    return switch (mode) {
      case NONE -> dialect;
      case SHARDINGSPHERE -> wrap(dialect);
      case AUTO -> isShardingSphere(dataSource) ? wrap(dialect) : dialect;
    };
  }

  private static SqlDialect wrap(SqlDialect dialect) {
    return dialect instanceof ShardingSphereDialect ? dialect : new ShardingSphereDialect(dialect);
  }

  /** Whether {@code dataSource} is ShardingSphere's, or a wrapper of it that says so through {@code isWrapperFor}. */
  static boolean isShardingSphere(DataSource dataSource) {
    if (DATA_SOURCE_CLASS.equals(dataSource.getClass().getName())) {
      return true;
    }
    Class<?> type;
    try {
      ClassLoader loader = dataSource.getClass().getClassLoader();
      type = Class.forName(DATA_SOURCE_CLASS, false, loader == null ? ClassLoader.getSystemClassLoader() : loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return false; // ShardingSphere is not there: a plain DataSource
    }
    try {
      return dataSource.isWrapperFor(type);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /** The tenant that owns run {@code runId}: zero or one row, column {@code tenant_id}; routed by id. */
  public Sql selectIdOwner(String runId) {
    return Sql.of("SELECT tenant_id FROM workflow_run_ids WHERE id = ?").uuid(runId).samePlanForAnyValues().build();
  }

  /** Claims {@code runId} for {@code tenantId} unless it is claimed already (then nothing changes). */
  public Sql claimId(String runId, String tenantId) {
    return Sql.of(postgres
            ? "INSERT INTO workflow_run_ids (id, tenant_id) VALUES (?, ?) ON CONFLICT (id) DO NOTHING"
            : "INSERT IGNORE INTO workflow_run_ids (id, tenant_id) VALUES (?, ?)")
        .uuid(runId).uuid(tenantId).samePlanForAnyValues().build();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public JdbcTypes types() {
    return types;
  }

  @Override
  public SqlErrorClassifier errors() {
    return delegate.errors();
  }

  @Override
  public Upsert upsert() {
    return delegate.upsert();
  }

  @Override
  public SchemaScripts schema() {
    return delegate.schema();
  }

  @Override
  public PreparedStatement prepare(Connection connection, Sql sql, String text, boolean generatedKeys)
      throws SQLException {
    return delegate.prepare(connection, sql, text, generatedKeys);
  }

  @Override
  public String quote(String identifier) {
    return delegate.quote(identifier);
  }

  @Override
  public boolean isUndefinedTable(SQLException e) {
    return delegate.isUndefinedTable(e);
  }

  @Override
  public int maxIdsPerStatement() {
    return delegate.maxIdsPerStatement();
  }

  @Override
  public Sql selectById(String tenantId, String appId, String runId) {
    return delegate.selectById(tenantId, appId, runId);
  }

  @Override
  public Sql selectByIdInTenant(String tenantId, String runId) {
    return delegate.selectByIdInTenant(tenantId, runId);
  }

  @Override
  public Sql selectByIdWithoutTenant(String runId) {
    return delegate.selectByIdWithoutTenant(runId);
  }

  @Override
  public Sql selectFilteredPage(RunFilter filter, @Nullable RunPosition after, int fetchSize) {
    return textAsLiterals(delegate.selectFilteredPage(filter, after, fetchSize));
  }

  /**
   * On PostgreSQL without the materialized CTE of the plain dialect, which the engine sends to
   * every shard: the cursor run is looked up by scalar sub-selects, each naming the tenant.
   */
  @Override
  public Sql selectFilteredPageAfterRun(RunFilter filter, String cursorId, int fetchSize) {
    if (!postgres) {
      return textAsLiterals(delegate.selectFilteredPageAfterRun(filter, cursorId, fetchSize));
    }
    Sql.Composer run = Sql.compose().sql(" FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND id = ?")
        .uuid(filter.tenantId()).uuid(filter.appId()).uuid(cursorId);
    Sql cursorRun = PortableSql.triggersAndStatus(run, "", filter).build();
    Sql.Composer sql = Sql.compose().sql("SELECT 1 AS " + WorkflowRunColumns.IS_CURSOR + ", " + POSTGRES_NULLS)
        .sql(cursorRun).sql(" UNION ALL (");
    PortableSql.triggerBranches(sql, filter, fetchSize, keyset -> keyset
        .sql(" AND (created_at, id) < ((SELECT created_at").sql(cursorRun)
        .sql("), (SELECT id").sql(cursorRun).sql("))"));
    return textAsLiterals(sql.sql(")").build());
  }

  /** Typed NULLs of the cursor's marker row, so the UNION's column types resolve like a page row's. */
  private static final String POSTGRES_NULLS =
      "NULL::uuid AS id, NULL::uuid AS tenant_id, NULL::uuid AS app_id, NULL::uuid AS workflow_id,"
          + " NULL::varchar AS type, NULL::varchar AS triggered_from, NULL::varchar AS version,"
          + " NULL::text AS graph, NULL::text AS inputs, NULL::varchar AS status, NULL::text AS outputs,"
          + " NULL::text AS error, NULL::double precision AS elapsed_time, NULL::bigint AS total_tokens,"
          + " NULL::integer AS total_steps, NULL::varchar AS created_by_role, NULL::uuid AS created_by,"
          + " NULL::timestamp AS created_at, NULL::timestamp AS finished_at,"
          + " NULL::integer AS exceptions_count";

  @Override
  public Sql selectExpired(String tenantId, Instant bound, boolean inclusive, int batchSize) {
    return delegate.selectExpired(tenantId, bound, inclusive, batchSize);
  }

  @Override
  public Sql selectEndedRunsBatch(EndedRunsBatch batch) {
    return idAsText(delegate.selectEndedRunsBatch(batch));
  }

  @Override
  public Sql selectCleanupRefs(EndedRunsBatch batch) {
    return idAsText(delegate.selectCleanupRefs(batch));
  }

  @Override
  public String lastIdDigit() {
    return delegate.lastIdDigit();
  }

  @Override
  public Sql deleteByIds(List<String> runIds) {
    return delegate.deleteByIds(runIds);
  }

  @Override
  public Sql deleteByIdsInTenant(String tenantId, List<String> runIds) {
    return delegate.deleteByIdsInTenant(tenantId, runIds);
  }

  /**
   * Names the tenant in the outer statement, so the engine routes it to the tenant's shard; no
   * {@code SKIP LOCKED} (the engine cannot parse it): concurrent deleters of one app may wait for
   * each other's batch instead of taking disjoint ones.
   */
  @Override
  public Sql deleteAppBatch(String tenantId, String appId, int batchSize) {
    if (postgres) {
      return Sql.of("DELETE FROM workflow_runs WHERE tenant_id = ? AND id IN (SELECT id FROM workflow_runs"
          + " WHERE tenant_id = ? AND app_id = ? LIMIT ?)").uuid(tenantId).uuid(tenantId).uuid(appId)
          .integer(batchSize).build();
    }
    return Sql.of("DELETE FROM workflow_runs WHERE tenant_id = ? AND app_id = ? LIMIT ?")
        .uuid(tenantId).uuid(appId).integer(batchSize).build();
  }

  @Override
  public Sql selectAppHasRuns(String tenantId, String appId) {
    return delegate.selectAppHasRuns(tenantId, appId);
  }

  @Override
  public Sql countByStatus(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable WorkflowRunStatus status, @Nullable Instant since) {
    return delegate.countByStatus(tenantId, appId, trigger, status, since);
  }

  @Override
  public Sql selectCreatedAtRange(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable Instant from, @Nullable Instant to) {
    return delegate.selectCreatedAtRange(tenantId, appId, trigger, from, to);
  }

  @Override
  public Sql selectDailyStatistics(String tenantId, String appId, TriggeredFrom trigger, LocalDayWindows.Window window) {
    return delegate.selectDailyStatistics(tenantId, appId, trigger, window);
  }

  /**
   * {@code sql} with its text parameters written as literals when they are enum values of
   * runstore's (lower-case words and dashes: triggers, statuses), never free text.
   */
  static Sql textAsLiterals(Sql sql) {
    Sql.Composer out = Sql.compose();
    String text = sql.text();
    int param = 0;
    int from = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) != '?') {
        continue;
      }
      Sql.Param p = sql.params().get(param++);
      out.sql(text.substring(from, i));
      from = i + 1;
      if (p.kind() == Sql.Kind.TEXT && p.value() instanceof String s && LITERAL_SAFE.matcher(s).matches()) {
        out.sql("'" + s + "'");
      } else {
        out.sql("?").param(p.kind(), p.value());
      }
    }
    return out.sql(text.substring(from)).build();
  }

  /**
   * On PostgreSQL, the batch's id column as text (ordered and merged as text, like the database
   * orders uuids), and tenant ranges with cast bounds: the engine would build a range of
   * {@code UUID}s, which Java's signed order can find empty ({@code Invalid range}); with casts it
   * takes no sharding value from them and asks every shard.
   */
  private Sql idAsText(Sql sql) {
    if (!postgres || !sql.text().startsWith("SELECT id, ")) {
      return sql;
    }
    String text = "SELECT CAST(id AS VARCHAR(36)) AS id, " + sql.text().substring("SELECT id, ".length());
    text = text.replace("tenant_id BETWEEN ? AND ?", "tenant_id BETWEEN CAST(? AS uuid) AND CAST(? AS uuid)");
    Sql.Composer out = Sql.compose().sql(text);
    sql.params().forEach(p -> out.param(p.kind(), p.value()));
    return out.build();
  }

  /** Reads temporal columns as their text, parsed, so no {@code java.sql.Timestamp} (Julian, JVM zone) is involved. */
  private static final class TextTemporalTypes implements JdbcTypes {
    private final JdbcTypes delegate;

    TextTemporalTypes(JdbcTypes delegate) {
      this.delegate = delegate;
    }

    @Override
    public void bindUuid(PreparedStatement statement, int index, String uuid) throws SQLException {
      delegate.bindUuid(statement, index, uuid);
    }

    @Override
    public void bindNullUuid(PreparedStatement statement, int index) throws SQLException {
      delegate.bindNullUuid(statement, index);
    }

    @Override
    public void bindInstant(PreparedStatement statement, int index, @Nullable Instant value) throws SQLException {
      delegate.bindInstant(statement, index, value);
    }

    @Override
    public void bindText(PreparedStatement statement, int index, @Nullable String value) throws SQLException {
      delegate.bindText(statement, index, value);
    }

    @Override
    public @Nullable Instant readInstant(ResultSet resultSet, String column) throws SQLException {
      String value = resultSet.getString(column);
      return value == null ? null : parseTimestamp(value, column).toInstant(ZoneOffset.UTC);
    }

    @Override
    public @Nullable String readUuid(ResultSet resultSet, String column) throws SQLException {
      return delegate.readUuid(resultSet, column);
    }

    @Override
    public LocalDate readDate(ResultSet resultSet, String column) throws SQLException {
      String value = resultSet.getString(column);
      if (value != null && value.indexOf('-', 1) > 0) {
        return parseDate(value, column);
      }
      return delegate.readDate(resultSet, column); // a day number (MySQL's TO_DAYS) or NULL
    }
  }

  /** {@code [-]y+-MM-dd[ HH:mm:ss[.f+]]} as the servers print it (years up to 5 digits and more). */
  static LocalDateTime parseTimestamp(String text, String column) throws SQLException {
    String s = text.trim();
    int space = s.indexOf(' ', 1);
    if (space < 0) {
      space = s.indexOf('T', 1);
    }
    LocalDate date = parseDate(space < 0 ? s : s.substring(0, space), column);
    if (space < 0) {
      return date.atStartOfDay();
    }
    String time = s.substring(space + 1);
    try {
      int dot = time.indexOf('.');
      LocalTime hms = LocalTime.parse(dot < 0 ? time : time.substring(0, dot));
      if (dot >= 0) {
        String fraction = (time.substring(dot + 1) + "000000000").substring(0, 9);
        hms = hms.withNano(Integer.parseInt(fraction));
      }
      return date.atTime(hms);
    } catch (RuntimeException e) {
      throw new SQLException("column " + column + " holds an unreadable timestamp", "22007", e);
    }
  }

  static LocalDate parseDate(String text, String column) throws SQLException {
    String s = text.trim();
    try {
      int second = s.lastIndexOf('-');
      int first = s.lastIndexOf('-', second - 1);
      return LocalDate.of(Integer.parseInt(s.substring(0, first)), Integer.parseInt(s.substring(first + 1, second)),
          Integer.parseInt(s.substring(second + 1)));
    } catch (RuntimeException e) {
      throw new SQLException("column " + column + " holds an unreadable date", "22007", e);
    }
  }
}
