package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.WorkflowRun;
import dev.runstore.testkit.DifyRelatedTables;
import dev.runstore.testkit.StatementRecorder;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plans of the statements of runs with their related rows on MySQL/MariaDB, in a Dify
 * database made like one from before Dify's migration 288345cd01d1 (node executions reachable by
 * run only through the old tenant-first index), with 2,000 runs of other tenants and their rows.
 * runstore's V3 script adds the one index Dify lacked; then every statement that count, read,
 * delete and restore issued (recorded as issued, EXPLAINed with its own values) reads every
 * related table through one of Dify's indexes: no access type {@code ALL}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlRelatedPlanTest {

  private static final int BULK_RUNS = 2_000;
  private static final Set<String> TABLES = Set.of("workflow_runs", "workflow_node_executions",
      "workflow_node_execution_offload", "workflow_app_logs", "workflow_trigger_logs", "workflow_pauses",
      "workflow_pause_reasons");
  /** The index each related lookup must use (DIFY-TABLES.md): by run, offloads by node execution, reasons by pause. */
  private static final Map<String, String> LOOKUP_INDEX = Map.of(
      "workflow_node_executions", "workflow_node_execution_workflow_run_id_idx",
      "workflow_node_execution_offload", "workflow_node_execution_offload_node_execution_id_key",
      "workflow_app_logs", "workflow_app_log_workflow_run_id_idx",
      "workflow_trigger_logs", "workflow_trigger_log_workflow_run_idx",
      "workflow_pauses", "workflow_pauses_workflow_run_id_key",
      "workflow_pause_reasons", "workflow_pause_reasons_pause_id_idx");

  private final String tenant = TestRuns.newId();
  private final String database = "rs_relplan_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private HikariDataSource pool;
  private StatementRecorder recorder;
  private MySqlWorkflowRunRepository repository;
  private final List<WorkflowRun> runs = new ArrayList<>();
  private final List<DifyRelatedTables.Loaded> loaded = new ArrayList<>();

  @BeforeAll
  void load() throws Exception {
    pool = MySqlTestServers.server().withDatabase(database).pool("related-plan");
    DifyRelatedTables.create(pool, DifyRelatedTables.Database.MYSQL);
    String digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
        + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
    String numbers = "(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 1 AS n FROM " + digits + " a CROSS JOIN "
        + digits + " b CROSS JOIN " + digits + " c CROSS JOIN " + digits + " e) t WHERE n <= " + BULK_RUNS;
    String run = "LOWER(CONCAT(LPAD(HEX(n), 8, '0'), '-0000-4000-8000-000000000000'))";
    String other = "LOWER(CONCAT(LPAD(HEX(n % 50), 8, '0'), '-1111-4000-8000-000000000000'))";
    try (Connection c = pool.getConnection()) {
      // An older Dify database: node executions reachable by run only through a tenant-first index.
      MySqlTests.execute(c, "DROP INDEX workflow_node_execution_workflow_run_id_idx ON workflow_node_executions");
      MySqlTests.execute(c, "CREATE INDEX workflow_node_execution_workflow_run_idx ON workflow_node_executions"
          + " (tenant_id, app_id, workflow_id, triggered_from, workflow_run_id)");
    }
    recorder = new StatementRecorder(pool);
    repository = new MySqlWorkflowRunRepository(recorder, true);
    try (Connection c = pool.getConnection()) {
      MySqlTests.execute(c, "INSERT INTO workflow_runs (id, tenant_id, app_id, workflow_id, type, triggered_from,"
          + " version, graph, inputs, status, outputs, error, elapsed_time, total_tokens, total_steps, created_by_role,"
          + " created_by, created_at, finished_at, exceptions_count) SELECT " + run + ", " + other + ", " + other + ", "
          + other + ", 'workflow', 'app-run', 'v1', '{}', '{}', 'succeeded', '{}', NULL, 1.5, 42, 3, 'account', " + other
          + ", TIMESTAMPADD(SECOND, n, '2025-01-01 00:00:00'), NULL, 0 FROM " + numbers);
      MySqlTests.execute(c, "INSERT INTO workflow_node_executions (id, tenant_id, app_id, workflow_id, triggered_from,"
          + " workflow_run_id, `index`, node_id, node_type, title, inputs, outputs, status, elapsed_time,"
          + " execution_metadata, created_at, created_by_role, created_by) SELECT UUID(), r.tenant_id, r.app_id,"
          + " r.workflow_id, 'workflow-run', r.id, k.d, CONCAT('node-', k.d), 'llm', 'Step', '{\"q\": 1}', '{\"a\": 2}',"
          + " 'succeeded', 0.5, '{}', r.created_at, 'account', r.created_by FROM workflow_runs r CROSS JOIN"
          + " (SELECT 1 AS d UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5"
          + " UNION ALL SELECT 6) k");
      MySqlTests.execute(c, "INSERT INTO workflow_node_execution_offload (id, created_at, tenant_id, app_id,"
          + " node_execution_id, type, file_id) SELECT UUID(), created_at, tenant_id, app_id, id, 'outputs', UUID()"
          + " FROM workflow_node_executions");
      MySqlTests.execute(c, "INSERT INTO workflow_app_logs (id, tenant_id, app_id, workflow_id, workflow_run_id,"
          + " created_from, created_by_role, created_by, created_at) SELECT UUID(), tenant_id, app_id, workflow_id, id,"
          + " 'web-app', 'end_user', created_by, created_at FROM workflow_runs");
      MySqlTests.execute(c, "INSERT INTO workflow_trigger_logs (id, tenant_id, app_id, workflow_id, workflow_run_id,"
          + " trigger_metadata, trigger_type, trigger_data, inputs, status, queue_name, retry_count, created_at,"
          + " created_by_role, created_by) SELECT UUID(), tenant_id, app_id, workflow_id, id, '{}', 'trigger-webhook',"
          + " '{}', '{}', 'succeeded', 'q', 0, created_at, 'end_user', 'u' FROM workflow_runs");
      MySqlTests.execute(c, "INSERT INTO workflow_pauses (workflow_id, workflow_run_id, resumed_at, state_object_key,"
          + " id, created_at, updated_at) SELECT workflow_id, id, NULL, CONCAT('workflow-state-', UUID(), '.json'),"
          + " UUID(), created_at, created_at FROM workflow_runs WHERE RAND(7) < 0.3");
      MySqlTests.execute(c, "INSERT INTO workflow_pause_reasons (id, created_at, updated_at, pause_id, type_, form_id,"
          + " node_id, message) SELECT UUID(), created_at, created_at, id, 'scheduled_pause', '', '', 'm'"
          + " FROM workflow_pauses");
    }
    for (int i = 0; i < 5; i++) {
      WorkflowRun r = TestRuns.run(tenant, TestRuns.newId()).build();
      repository.save(r);
      runs.add(r);
      loaded.add(DifyRelatedTables.load(pool, DifyRelatedTables.Database.MYSQL, tenant, r.appId(), r.workflowId(),
          r.id(), true, 900 + i));
    }
    try (Connection c = pool.getConnection()) {
      for (String table : TABLES) {
        MySqlTests.query(c, "ANALYZE TABLE " + table);
      }
    }
  }

  @AfterAll
  void drop() throws Exception {
    if (pool != null) {
      pool.close();
    }
    try (Connection c = MySqlTestServers.server().connect(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database);
    }
  }

  @Test
  void v3AddsTheNodeExecutionRunIndexToAnOlderDifyDatabase() throws Exception {
    try (Connection c = pool.getConnection()) {
      assertThat(MySqlTests.query(c, "SELECT column_name FROM information_schema.statistics"
              + " WHERE table_schema = DATABASE() AND table_name = 'workflow_node_executions'"
              + " AND index_name = 'workflow_node_execution_workflow_run_id_idx' ORDER BY seq_in_index"))
          .extracting(row -> row.values().iterator().next().toLowerCase(Locale.ROOT))
          .containsExactly("workflow_run_id");
    }
  }

  @Test
  void everyRelatedLookupIsServedByAnIndex() throws Exception {
    List<String> ids = runs.stream().map(WorkflowRun::id).toList();
    RelatedCounts expected = RelatedCounts.ZERO;
    for (DifyRelatedTables.Loaded l : loaded) {
      expected = expected.plus(l.counts());
    }
    recorder.clear();
    assertThat(repository.countRunsWithRelated(tenant, ids)).isEqualTo(expected);
    RelatedRows rows = repository.readRelatedRows(tenant, ids);
    assertThat(repository.deleteRunsWithRelated(tenant, ids)).isEqualTo(expected);
    List<StatementRecorder.Recorded> statements = new ArrayList<>(recorder.recorded());
    runs.forEach(repository::save);
    recorder.clear();
    repository.readRelatedRows(tenant, ids);
    repository.countRunsWithRelated(tenant, ids);
    assertThat(repository.restoreRelatedRows(tenant, rows).total()).isEqualTo(expected.total() - expected.runs());
    statements.addAll(recorder.recorded());

    Map<String, Set<String>> indexesByTable = new TreeMap<>();
    try (Connection c = pool.getConnection()) {
      for (StatementRecorder.Recorded statement : statements) {
        String sql = statement.sql().toLowerCase(Locale.ROOT);
        if (!sql.startsWith("select") && !sql.startsWith("delete")) {
          continue; // the restore's INSERTs read no table
        }
        List<Map<String, String>> plan = explain(c, statement);
        for (Map<String, String> step : plan) {
          String table = step.get("table");
          if (table == null || !TABLES.contains(table)) {
            continue;
          }
          assertThat(step.get("type")).as("access to %s in\n%s\nplan: %s", table, statement.sql(), plan)
              .isNotEqualTo("ALL");
          if (step.get("key") != null) {
            indexesByTable.computeIfAbsent(table, t -> new TreeSet<>()).add(step.get("key"));
          }
        }
      }
    }
    System.out.println("MySQL related lookups by index: " + indexesByTable);
    LOOKUP_INDEX.forEach((table, index) ->
        assertThat(indexesByTable.get(table)).as("indexes used on %s", table).contains(index));
  }

  private static List<Map<String, String>> explain(Connection c, StatementRecorder.Recorded statement)
      throws Exception {
    try (PreparedStatement s = StatementRecorder.replay(c, "EXPLAIN ", statement); ResultSet rs = s.executeQuery()) {
      return MySqlTests.rows(rs);
    }
  }
}
