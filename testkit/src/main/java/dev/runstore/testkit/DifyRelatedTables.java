package dev.runstore.testkit;

import dev.runstore.api.RelatedCounts;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Dify's six tables related to runs (DIFY-TABLES.md §3-8: node executions, node-execution
 * offloads, app logs, trigger logs, pauses, pause reasons) for SQL tests: their DDL per database
 * ({@link #create}), a loader of realistic rows for one run ({@link #load}) and of rows that belong
 * to no run ({@link #loadUnlinked}), and an orphan counter ({@link #orphans}).
 *
 * <p>The DDL is Dify's (columns in creation order, types, NULL-ness, server defaults, constraint
 * and index names), with three deliberate differences: no {@code id} server defaults (they need
 * {@code uuid-ossp} or Dify's {@code uuidv7()} function; every writer here supplies ids, as Dify
 * does); on MySQL/MariaDB the tables use {@code utf8mb4_bin}, the collation of runstore's
 * {@code workflow_runs} they sit next to in a test (a Dify database has one collation throughout,
 * and comparing {@code CHAR(36)} columns of two collations is an error there); H2 gets the
 * PostgreSQL shape in H2 types. Every statement is {@code IF NOT EXISTS}: where runstore's V3
 * script already made the two pause tables, those stay as they are (runstore's own, DATETIME(6)
 * on MySQL); created first, in an empty database, they are exactly Dify's (DATETIME, whole
 * seconds, on MySQL).
 */
public final class DifyRelatedTables {

  /** The six tables, in Dify's bundle-archive (restore) order. */
  public static final List<String> TABLES = List.of("workflow_app_logs", "workflow_node_executions",
      "workflow_node_execution_offload", "workflow_pauses", "workflow_pause_reasons", "workflow_trigger_logs");

  /** The databases the DDL exists for. */
  public enum Database {
    /** PostgreSQL: {@code uuid}, {@code text}, {@code timestamp} (µs), {@code double precision}. */
    POSTGRESQL,
    /** MySQL 8.0+ and MariaDB: {@code CHAR(36)}, {@code LONGTEXT}, {@code DATETIME} (whole seconds), 4-byte {@code FLOAT}. */
    MYSQL,
    /** H2 2.x: PostgreSQL's shape in H2 types ({@code UUID}, {@code TIMESTAMP} µs, {@code DOUBLE PRECISION}). */
    H2;

    /** The database behind {@code dataSource}, from its product name. */
    public static Database of(DataSource dataSource) {
      try (Connection c = dataSource.getConnection()) {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
          return POSTGRESQL;
        }
        if (product.contains("mysql") || product.contains("mariadb")) {
          return MYSQL;
        }
        if (product.contains("h2")) {
          return H2;
        }
        throw new IllegalArgumentException("no Dify DDL for " + product);
      } catch (SQLException e) {
        throw new IllegalStateException("reading the database product failed", e);
      }
    }

    /** Whether the database keeps microseconds in Dify's timestamp columns (not MySQL's DATETIME). */
    public boolean keepsMicros() {
      return this != MYSQL;
    }
  }

  private DifyRelatedTables() {}

  // ---------------------------------------------------------------- DDL

  /** The statements that create the six tables with their indexes on {@code database}. */
  public static List<String> ddl(Database database) {
    return switch (database) {
      case POSTGRESQL -> postgres();
      case MYSQL -> mysql();
      case H2 -> h2();
    };
  }

  /** Creates the six tables (those missing) in {@code dataSource}, which is a {@code database}. */
  public static void create(DataSource dataSource, Database database) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (String statement : ddl(database)) {
        s.execute(statement);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("creating Dify's related tables failed", e);
    }
  }

  /** The related tables that exist in {@code dataSource} (lower-case names). */
  public static Set<String> present(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      Set<String> found = new HashSet<>();
      DatabaseMetaData meta = c.getMetaData();
      try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
          if (TABLES.contains(name)) {
            found.add(name);
          }
        }
      }
      return found;
    } catch (SQLException e) {
      throw new IllegalStateException("reading the catalog failed", e);
    }
  }

  private static List<String> postgres() {
    String nodeExecutions = "CREATE TABLE IF NOT EXISTS workflow_node_executions ("
        + " id uuid NOT NULL, tenant_id uuid NOT NULL, app_id uuid NOT NULL, workflow_id uuid NOT NULL,"
        + " triggered_from varchar(255) NOT NULL, workflow_run_id uuid, \"index\" integer NOT NULL,"
        + " predecessor_node_id varchar(255), node_id varchar(255) NOT NULL, node_type varchar(255) NOT NULL,"
        + " title varchar(255) NOT NULL, inputs text, process_data text, outputs text, status varchar(255) NOT NULL,"
        + " error text, elapsed_time double precision DEFAULT 0 NOT NULL, execution_metadata text,"
        + " created_at timestamp DEFAULT CURRENT_TIMESTAMP(0) NOT NULL, created_by_role varchar(255) NOT NULL,"
        + " created_by uuid NOT NULL, finished_at timestamp, node_execution_id varchar(255),"
        + " CONSTRAINT workflow_node_execution_pkey PRIMARY KEY (id))";
    return List.of(nodeExecutions,
        "CREATE INDEX IF NOT EXISTS workflow_node_execution_workflow_run_id_idx ON workflow_node_executions (workflow_run_id)",
        "CREATE INDEX IF NOT EXISTS workflow_node_execution_node_run_idx ON workflow_node_executions"
            + " (tenant_id, app_id, workflow_id, triggered_from, node_id)",
        "CREATE INDEX IF NOT EXISTS workflow_node_execution_id_idx ON workflow_node_executions"
            + " (tenant_id, app_id, workflow_id, triggered_from, node_execution_id)",
        "CREATE INDEX IF NOT EXISTS workflow_node_executions_tenant_id_idx ON workflow_node_executions"
            + " (tenant_id, workflow_id, node_id, created_at DESC)",
        "CREATE TABLE IF NOT EXISTS workflow_node_execution_offload ("
            + " id uuid NOT NULL, created_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL, tenant_id uuid NOT NULL,"
            + " app_id uuid NOT NULL, node_execution_id uuid, type varchar(20) NOT NULL, file_id uuid NOT NULL,"
            + " CONSTRAINT workflow_node_execution_offload_pkey PRIMARY KEY (id),"
            + " CONSTRAINT workflow_node_execution_offload_node_execution_id_key UNIQUE (node_execution_id, type))",
        "CREATE TABLE IF NOT EXISTS workflow_app_logs ("
            + " id uuid NOT NULL, tenant_id uuid NOT NULL, app_id uuid NOT NULL, workflow_id uuid NOT NULL,"
            + " workflow_run_id uuid NOT NULL, created_from varchar(255) NOT NULL, created_by_role varchar(255) NOT NULL,"
            + " created_by uuid NOT NULL, created_at timestamp DEFAULT CURRENT_TIMESTAMP(0) NOT NULL,"
            + " CONSTRAINT workflow_app_log_pkey PRIMARY KEY (id))",
        "CREATE INDEX IF NOT EXISTS workflow_app_log_app_idx ON workflow_app_logs (tenant_id, app_id)",
        "CREATE INDEX IF NOT EXISTS workflow_app_log_workflow_run_id_idx ON workflow_app_logs (workflow_run_id)",
        "CREATE TABLE IF NOT EXISTS workflow_trigger_logs ("
            + " id uuid NOT NULL, tenant_id uuid NOT NULL, app_id uuid NOT NULL, workflow_id uuid NOT NULL,"
            + " workflow_run_id uuid, root_node_id varchar(255), trigger_metadata text NOT NULL,"
            + " trigger_type varchar(50) NOT NULL, trigger_data text NOT NULL, inputs text NOT NULL, outputs text,"
            + " status varchar(50) NOT NULL, error text, queue_name varchar(100) NOT NULL, celery_task_id varchar(255),"
            + " retry_count integer NOT NULL, elapsed_time double precision, total_tokens integer,"
            + " created_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL, created_by_role varchar(255) NOT NULL,"
            + " created_by varchar(255) NOT NULL, triggered_at timestamp, finished_at timestamp,"
            + " CONSTRAINT workflow_trigger_log_pkey PRIMARY KEY (id))",
        "CREATE INDEX IF NOT EXISTS workflow_trigger_log_created_at_idx ON workflow_trigger_logs (created_at)",
        "CREATE INDEX IF NOT EXISTS workflow_trigger_log_status_idx ON workflow_trigger_logs (status)",
        "CREATE INDEX IF NOT EXISTS workflow_trigger_log_tenant_app_idx ON workflow_trigger_logs (tenant_id, app_id)",
        "CREATE INDEX IF NOT EXISTS workflow_trigger_log_workflow_id_idx ON workflow_trigger_logs (workflow_id)",
        "CREATE INDEX IF NOT EXISTS workflow_trigger_log_workflow_run_idx ON workflow_trigger_logs (workflow_run_id)",
        "CREATE TABLE IF NOT EXISTS workflow_pauses ("
            + " workflow_id uuid NOT NULL, workflow_run_id uuid NOT NULL, resumed_at timestamp,"
            + " state_object_key varchar(255) NOT NULL, id uuid NOT NULL,"
            + " created_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,"
            + " updated_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,"
            + " CONSTRAINT workflow_pauses_pkey PRIMARY KEY (id),"
            + " CONSTRAINT workflow_pauses_workflow_run_id_key UNIQUE (workflow_run_id))",
        "CREATE TABLE IF NOT EXISTS workflow_pause_reasons ("
            + " id uuid NOT NULL, created_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,"
            + " updated_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL, pause_id uuid NOT NULL,"
            + " type_ varchar(20) NOT NULL, form_id varchar(36) NOT NULL, node_id varchar(255) NOT NULL,"
            + " message varchar(255) NOT NULL, CONSTRAINT workflow_pause_reasons_pkey PRIMARY KEY (id))",
        "CREATE INDEX IF NOT EXISTS workflow_pause_reasons_pause_id_idx ON workflow_pause_reasons (pause_id)");
  }

  private static List<String> mysql() {
    String table = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
    return List.of(
        "CREATE TABLE IF NOT EXISTS workflow_node_executions ("
            + " id CHAR(36) NOT NULL, tenant_id CHAR(36) NOT NULL, app_id CHAR(36) NOT NULL, workflow_id CHAR(36) NOT NULL,"
            + " triggered_from VARCHAR(255) NOT NULL, workflow_run_id CHAR(36) NULL, `index` INT NOT NULL,"
            + " predecessor_node_id VARCHAR(255) NULL, node_id VARCHAR(255) NOT NULL, node_type VARCHAR(255) NOT NULL,"
            + " title VARCHAR(255) NOT NULL, inputs LONGTEXT NULL, process_data LONGTEXT NULL, outputs LONGTEXT NULL,"
            + " status VARCHAR(255) NOT NULL, error LONGTEXT NULL, elapsed_time FLOAT NOT NULL DEFAULT 0,"
            + " execution_metadata LONGTEXT NULL, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,"
            + " created_by_role VARCHAR(255) NOT NULL, created_by CHAR(36) NOT NULL, finished_at DATETIME NULL,"
            + " node_execution_id VARCHAR(255) NULL,"
            + " CONSTRAINT workflow_node_execution_pkey PRIMARY KEY (id),"
            + " KEY workflow_node_execution_workflow_run_id_idx (workflow_run_id),"
            + " KEY workflow_node_execution_node_run_idx (tenant_id, app_id, workflow_id, triggered_from, node_id),"
            + " KEY workflow_node_execution_id_idx (tenant_id, app_id, workflow_id, triggered_from, node_execution_id),"
            + " KEY workflow_node_executions_tenant_id_idx (tenant_id, workflow_id, node_id, created_at DESC))" + table,
        "CREATE TABLE IF NOT EXISTS workflow_node_execution_offload ("
            + " id CHAR(36) NOT NULL, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, tenant_id CHAR(36) NOT NULL,"
            + " app_id CHAR(36) NOT NULL, node_execution_id CHAR(36) NULL, type VARCHAR(20) NOT NULL,"
            + " file_id CHAR(36) NOT NULL, CONSTRAINT workflow_node_execution_offload_pkey PRIMARY KEY (id),"
            + " CONSTRAINT workflow_node_execution_offload_node_execution_id_key UNIQUE (node_execution_id, type))" + table,
        "CREATE TABLE IF NOT EXISTS workflow_app_logs ("
            + " id CHAR(36) NOT NULL, tenant_id CHAR(36) NOT NULL, app_id CHAR(36) NOT NULL, workflow_id CHAR(36) NOT NULL,"
            + " workflow_run_id CHAR(36) NOT NULL, created_from VARCHAR(255) NOT NULL, created_by_role VARCHAR(255) NOT NULL,"
            + " created_by CHAR(36) NOT NULL, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,"
            + " CONSTRAINT workflow_app_log_pkey PRIMARY KEY (id),"
            + " KEY workflow_app_log_app_idx (tenant_id, app_id),"
            + " KEY workflow_app_log_workflow_run_id_idx (workflow_run_id))" + table,
        "CREATE TABLE IF NOT EXISTS workflow_trigger_logs ("
            + " id CHAR(36) NOT NULL, tenant_id CHAR(36) NOT NULL, app_id CHAR(36) NOT NULL, workflow_id CHAR(36) NOT NULL,"
            + " workflow_run_id CHAR(36) NULL, root_node_id VARCHAR(255) NULL, trigger_metadata LONGTEXT NOT NULL,"
            + " trigger_type VARCHAR(50) NOT NULL, trigger_data LONGTEXT NOT NULL, inputs LONGTEXT NOT NULL,"
            + " outputs LONGTEXT NULL, status VARCHAR(50) NOT NULL, error LONGTEXT NULL, queue_name VARCHAR(100) NOT NULL,"
            + " celery_task_id VARCHAR(255) NULL, retry_count INT NOT NULL, elapsed_time FLOAT NULL, total_tokens INT NULL,"
            + " created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, created_by_role VARCHAR(255) NOT NULL,"
            + " created_by VARCHAR(255) NOT NULL, triggered_at DATETIME NULL, finished_at DATETIME NULL,"
            + " CONSTRAINT workflow_trigger_log_pkey PRIMARY KEY (id),"
            + " KEY workflow_trigger_log_created_at_idx (created_at), KEY workflow_trigger_log_status_idx (status),"
            + " KEY workflow_trigger_log_tenant_app_idx (tenant_id, app_id),"
            + " KEY workflow_trigger_log_workflow_id_idx (workflow_id),"
            + " KEY workflow_trigger_log_workflow_run_idx (workflow_run_id))" + table,
        "CREATE TABLE IF NOT EXISTS workflow_pauses ("
            + " workflow_id CHAR(36) NOT NULL, workflow_run_id CHAR(36) NOT NULL, resumed_at DATETIME NULL,"
            + " state_object_key VARCHAR(255) NOT NULL, id CHAR(36) NOT NULL,"
            + " created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,"
            + " updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,"
            + " CONSTRAINT workflow_pauses_pkey PRIMARY KEY (id),"
            + " CONSTRAINT workflow_pauses_workflow_run_id_key UNIQUE (workflow_run_id))" + table,
        "CREATE TABLE IF NOT EXISTS workflow_pause_reasons ("
            + " id CHAR(36) NOT NULL, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,"
            + " updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, pause_id CHAR(36) NOT NULL,"
            + " type_ VARCHAR(20) NOT NULL, form_id VARCHAR(36) NOT NULL, node_id VARCHAR(255) NOT NULL,"
            + " message VARCHAR(255) NOT NULL, CONSTRAINT workflow_pause_reasons_pkey PRIMARY KEY (id),"
            + " KEY workflow_pause_reasons_pause_id_idx (pause_id))" + table);
  }

  /** PostgreSQL's shape in H2 types; {@code "index"} quoted lower-case, as runstore's H2 dialect names it. */
  private static List<String> h2() {
    List<String> statements = new ArrayList<>();
    for (String statement : postgres()) {
      statements.add(statement.replace(" uuid", " UUID").replace(" text", " CHARACTER VARYING")
          .replace("double precision", "DOUBLE PRECISION").replace(" timestamp", " TIMESTAMP(6)")
          .replace("CURRENT_TIMESTAMP(0)", "CURRENT_TIMESTAMP"));
    }
    return statements;
  }

  // ---------------------------------------------------------------- rows

  /**
   * The rows {@link #load} wrote for one run.
   *
   * @param runId the run
   * @param nodeExecutionIds its node executions
   * @param offloadIds the offloads of some of them
   * @param appLogIds its app logs
   * @param triggerLogIds its trigger logs
   * @param pauseId its pause, or null
   * @param reasonIds the pause's reasons
   */
  public record Loaded(String runId, List<String> nodeExecutionIds, List<String> offloadIds, List<String> appLogIds,
      List<String> triggerLogIds, @Nullable String pauseId, List<String> reasonIds) {

    /** Per key; runs 1 (the run, which the caller saved). */
    public RelatedCounts counts() {
      return new RelatedCounts(1, nodeExecutionIds.size(), offloadIds.size(), appLogIds.size(), triggerLogIds.size(),
          pauseId == null ? 0 : 1, reasonIds.size());
    }
  }

  /**
   * Writes realistic related rows of the run {@code runId} (saved by the caller under
   * {@code tenantId}/{@code appId}/{@code workflowId}): 3-6 node executions (JSON text, a double
   * elapsed time, NULL predecessor/outputs/error/finished_at on some), offloads for some of them
   * (1-3 types), 1-2 app logs, 1-2 trigger logs (NULL outputs/elapsed/tokens on some), and when
   * {@code withPause} one pause (resumed or not) with 1-2 reasons. Timestamps carry microseconds
   * where the column keeps them ({@link Database#keepsMicros()}). Same seed, same shape.
   */
  public static Loaded load(DataSource dataSource, Database database, String tenantId, String appId,
      String workflowId, String runId, boolean withPause, long seed) {
    Random random = new Random(seed);
    Rows rows = new Rows(database, random);
    Instant base = Instant.parse("2025-03-01T08:00:00Z").plusSeconds(random.nextInt(86_400 * 200));
    List<String> nodes = new ArrayList<>();
    List<String> offloads = new ArrayList<>();
    List<String> appLogs = new ArrayList<>();
    List<String> triggerLogs = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    String pauseId = null;
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      int nodeCount = 3 + random.nextInt(4);
      for (int i = 0; i < nodeCount; i++) {
        String id = UUID.randomUUID().toString();
        nodes.add(id);
        Instant created = base.plusSeconds(i * 3L);
        rows.nodeExecution(c, id, tenantId, appId, workflowId, runId, i, created);
        int types = i == 0 ? 1 + random.nextInt(3) : random.nextInt(3);
        for (int t = 0; t < types; t++) {
          String offload = UUID.randomUUID().toString();
          offloads.add(offload);
          rows.offload(c, offload, tenantId, appId, id, OFFLOAD_TYPES.get(t), created.plusSeconds(1));
        }
      }
      for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
        String id = UUID.randomUUID().toString();
        appLogs.add(id);
        rows.appLog(c, id, tenantId, appId, workflowId, runId, base.plusSeconds(60 + i));
      }
      for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
        String id = UUID.randomUUID().toString();
        triggerLogs.add(id);
        rows.triggerLog(c, id, tenantId, appId, workflowId, runId, base.minusSeconds(5 - i));
      }
      if (withPause) {
        pauseId = UUID.randomUUID().toString();
        rows.pause(c, pauseId, workflowId, runId, base.plusSeconds(30));
        for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
          String id = UUID.randomUUID().toString();
          reasons.add(id);
          rows.reason(c, id, pauseId, i, base.plusSeconds(30));
        }
      }
      c.commit();
      c.setAutoCommit(auto);
    } catch (SQLException e) {
      throw new IllegalStateException("loading Dify's related rows failed", e);
    }
    return new Loaded(runId, nodes, offloads, appLogs, triggerLogs, pauseId, reasons);
  }

  /**
   * Writes rows of {@code tenantId}/{@code appId} that belong to no run and must survive every
   * deletion by run: a single-step node execution ({@code workflow_run_id} NULL), an offload with
   * {@code node_execution_id} NULL (Dify's garbage-collection marker), a trigger log that never
   * started a run. Returns 3.
   */
  public static int loadUnlinked(DataSource dataSource, Database database, String tenantId, String appId, long seed) {
    Rows rows = new Rows(database, new Random(seed));
    Instant at = Instant.parse("2025-02-01T10:00:00Z");
    String workflowId = UUID.randomUUID().toString();
    try (Connection c = dataSource.getConnection()) {
      rows.nodeExecution(c, UUID.randomUUID().toString(), tenantId, appId, workflowId, null, 0, at);
      rows.offload(c, UUID.randomUUID().toString(), tenantId, appId, null, "outputs", at);
      rows.triggerLog(c, UUID.randomUUID().toString(), tenantId, appId, workflowId, null, at);
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return 3;
    } catch (SQLException e) {
      throw new IllegalStateException("loading unlinked rows failed", e);
    }
  }

  /**
   * Rows whose run (or parent) is gone, per key (runs 0): node executions, app logs, trigger logs
   * and pauses whose non-NULL {@code workflow_run_id} names no run; offloads whose non-NULL
   * {@code node_execution_id} names no node execution; reasons whose pause is gone. Absent tables
   * count 0. A purge must leave all of them at 0.
   */
  public static RelatedCounts orphans(DataSource dataSource) {
    Set<String> present = present(dataSource);
    return new RelatedCounts(0,
        orphans(dataSource, present, "workflow_node_executions", "workflow_run_id", "workflow_runs"),
        orphans(dataSource, present, "workflow_node_execution_offload", "node_execution_id", "workflow_node_executions"),
        orphans(dataSource, present, "workflow_app_logs", "workflow_run_id", "workflow_runs"),
        orphans(dataSource, present, "workflow_trigger_logs", "workflow_run_id", "workflow_runs"),
        orphans(dataSource, present, "workflow_pauses", "workflow_run_id", "workflow_runs"),
        orphans(dataSource, present, "workflow_pause_reasons", "pause_id", "workflow_pauses"));
  }

  /** The SQL that counts the orphans of {@code table}: rows whose {@code link} names no {@code parent} row. */
  public static String orphanSql(String table, String link, String parent) {
    return "SELECT COUNT(*) FROM " + table + " t WHERE t." + link + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
        + parent + " p WHERE p.id = t." + link + ")";
  }

  private static long orphans(DataSource dataSource, Set<String> present, String table, String link, String parent) {
    if (!present.contains(table)) {
      return 0;
    }
    return SqlChecks.count(dataSource, orphanSql(table, link, parent));
  }

  private static final List<String> OFFLOAD_TYPES = List.of("inputs", "process_data", "outputs");
  private static final List<String> NODE_TYPES = List.of("start", "llm", "tool", "code", "if-else", "http-request", "end");
  private static final List<String> NODE_STATUSES = List.of("succeeded", "failed", "exception", "succeeded");
  private static final DateTimeFormatter MYSQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Typed inserts for one database: UUIDs and timestamps bound the way each driver keeps them. */
  private static final class Rows {
    private final Database database;
    private final Random random;

    Rows(Database database, Random random) {
      this.database = database;
      this.random = random;
    }

    void nodeExecution(Connection c, String id, String tenantId, String appId, String workflowId,
        @Nullable String runId, int index, Instant created) throws SQLException {
      String quotedIndex = database == Database.MYSQL ? "`index`" : "\"index\"";
      boolean finished = random.nextInt(5) != 0;
      String status = finished ? NODE_STATUSES.get(random.nextInt(NODE_STATUSES.size())) : "running";
      insert(c, "INSERT INTO workflow_node_executions (id, tenant_id, app_id, workflow_id, triggered_from,"
          + " workflow_run_id, " + quotedIndex + ", predecessor_node_id, node_id, node_type, title, inputs, process_data,"
          + " outputs, status, error, elapsed_time, execution_metadata, created_at, created_by_role, created_by,"
          + " finished_at, node_execution_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          uuid(id), uuid(tenantId), uuid(appId), uuid(workflowId), runId == null ? "single-step" : "workflow-run",
          runId == null ? null : uuid(runId), index, index == 0 ? null : "node-" + (index - 1), "node-" + index,
          NODE_TYPES.get(random.nextInt(NODE_TYPES.size())), "Step " + index + " – «ünïcödé» 🚀",
          "{\"query\": \"q" + random.nextInt(1000) + "\", \"files\": [], \"n\": " + random.nextDouble() + "}",
          random.nextBoolean() ? null : "{\"model_mode\": \"chat\", \"prompts\": [{\"role\": \"user\"}]}",
          status.equals("succeeded") ? "{\"text\": \"answer " + random.nextLong() + "\", \"usage\": {}}" : null,
          status, status.equals("failed") || status.equals("exception") ? "Error: boom\nline 2" : null,
          random.nextDouble() * 12.0,
          "{\"total_tokens\": " + random.nextInt(5000) + ", \"total_price\": \"0.00042\", \"currency\": \"USD\"}",
          time(created), random.nextBoolean() ? "account" : "end_user", uuid(UUID.randomUUID().toString()),
          finished ? time(created.plusMillis(1 + random.nextInt(2000)).plusNanos(random.nextInt(1000) * 1000L)) : null,
          UUID.randomUUID().toString());
    }

    void offload(Connection c, String id, String tenantId, String appId, @Nullable String nodeExecutionId, String type,
        Instant created) throws SQLException {
      insert(c, "INSERT INTO workflow_node_execution_offload (id, created_at, tenant_id, app_id, node_execution_id, type,"
          + " file_id) VALUES (?, ?, ?, ?, ?, ?, ?)", uuid(id), time(created), uuid(tenantId), uuid(appId),
          nodeExecutionId == null ? null : uuid(nodeExecutionId), type, uuid(UUID.randomUUID().toString()));
    }

    void appLog(Connection c, String id, String tenantId, String appId, String workflowId, String runId, Instant created)
        throws SQLException {
      insert(c, "INSERT INTO workflow_app_logs (id, tenant_id, app_id, workflow_id, workflow_run_id, created_from,"
          + " created_by_role, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", uuid(id), uuid(tenantId),
          uuid(appId), uuid(workflowId), uuid(runId), random.nextBoolean() ? "service-api" : "web-app",
          "end_user", uuid(UUID.randomUUID().toString()), time(created));
    }

    void triggerLog(Connection c, String id, String tenantId, String appId, String workflowId, @Nullable String runId,
        Instant created) throws SQLException {
      boolean done = runId != null && random.nextBoolean();
      insert(c, "INSERT INTO workflow_trigger_logs (id, tenant_id, app_id, workflow_id, workflow_run_id, root_node_id,"
          + " trigger_metadata, trigger_type, trigger_data, inputs, outputs, status, error, queue_name, celery_task_id,"
          + " retry_count, elapsed_time, total_tokens, created_at, created_by_role, created_by, triggered_at, finished_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          uuid(id), uuid(tenantId), uuid(appId), uuid(workflowId), runId == null ? null : uuid(runId),
          random.nextBoolean() ? null : "webhook-start", "{\"type\": \"trigger-webhook\", \"headers\": {\"x\": \"y\"}}",
          "trigger-webhook", "{\"body\": {\"k\": [1, 2.5, null, true]}}", "{\"k\": \"v\"}",
          done ? "{\"result\": \"ok\"}" : null, done ? "succeeded" : "queued", null, "workflow_professional",
          done ? UUID.randomUUID().toString() : null, random.nextInt(3), done ? 0.25 + random.nextDouble() : null,
          done ? random.nextInt(100_000) : null, time(created), "end_user", "user-" + random.nextInt(100),
          done ? time(created.plusMillis(1500)) : null, done ? time(created.plusSeconds(9).plusNanos(123_000)) : null);
    }

    void pause(Connection c, String id, String workflowId, String runId, Instant created) throws SQLException {
      boolean resumed = random.nextBoolean();
      insert(c, "INSERT INTO workflow_pauses (workflow_id, workflow_run_id, resumed_at, state_object_key, id, created_at,"
          + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", uuid(workflowId), uuid(runId),
          resumed ? time(created.plusSeconds(600).plusNanos(654_000)) : null,
          "workflow-state-" + UUID.randomUUID() + ".json", uuid(id), time(created.plusNanos(987_000)),
          time(created.plusSeconds(resumed ? 600 : 0).plusNanos(654_000)));
    }

    void reason(Connection c, String id, String pauseId, int index, Instant created) throws SQLException {
      boolean human = index == 0;
      insert(c, "INSERT INTO workflow_pause_reasons (id, created_at, updated_at, pause_id, type_, form_id, node_id,"
          + " message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", uuid(id), time(created), time(created), uuid(pauseId),
          human ? "human_input_required" : "scheduled_pause", human ? UUID.randomUUID().toString() : "",
          "", human ? "" : "resume at 08:00");
    }

    /** A UUID as the database's uuid column takes it: java.util.UUID, or its text in CHAR(36). */
    private Object uuid(String id) {
      return database == Database.MYSQL ? id : UUID.fromString(id);
    }

    /**
     * A naive UTC timestamp: LocalDateTime with µs (PostgreSQL, H2); on MySQL text of whole seconds
     * (Dify's DATETIME keeps none, and Connector/J drops bound fractions on MariaDB 10.x anyway).
     */
    private Object time(Instant instant) {
      LocalDateTime utc = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
      if (database == Database.MYSQL) {
        return MYSQL_TIME.format(utc);
      }
      return utc.plusNanos(database.keepsMicros() && utc.getNano() == 0 ? random.nextInt(1_000_000) * 1000L : 0);
    }

    private static void insert(Connection c, String sql, @Nullable Object... values) throws SQLException {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < values.length; i++) {
          Object value = values[i];
          if (value == null) {
            s.setNull(i + 1, Types.NULL);
          } else {
            s.setObject(i + 1, value);
          }
        }
        s.executeUpdate();
      }
    }
  }
}
