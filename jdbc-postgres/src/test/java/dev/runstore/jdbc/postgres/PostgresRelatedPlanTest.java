package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.WorkflowRun;
import dev.runstore.testkit.DifyRelatedTables;
import dev.runstore.testkit.SqlChecks;
import dev.runstore.testkit.StatementRecorder;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plans of the statements of runs with their related rows, in a Dify database made like one
 * from before Dify's migration 288345cd01d1 (node executions have only the old
 * {@code (tenant_id, app_id, workflow_id, triggered_from, workflow_run_id)} index), with 2,000
 * runs of other tenants and their rows (12,000 node executions and offloads, app and trigger
 * logs, ~600 pauses with reasons). runstore's V3 script adds the one index Dify lacked; then every
 * statement that count, read, delete and restore issued (recorded as issued, EXPLAINed with its
 * own values) reads every related table through one of Dify's indexes, never a sequential scan.
 * The EXPLAIN session sets {@code enable_seqscan = off}: tables this small may rightly be scanned,
 * but a sequential scan that remains even then is one no index can replace, whatever the size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRelatedPlanTest {

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
  private static final Pattern SCAN = Pattern.compile(
      "(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan|Bitmap Index Scan)(?: Backward)?(?: using (\\w+))? on (\\w+)");

  private final String tenant = TestRuns.newId();
  private String schema;
  private HikariDataSource dataSource;
  private StatementRecorder recorder;
  private PostgresWorkflowRunRepository repository;
  private final List<WorkflowRun> runs = new ArrayList<>();
  private final List<DifyRelatedTables.Loaded> loaded = new ArrayList<>();

  @BeforeAll
  void load() {
    schema = PostgresTestDatabase.newSchema();
    dataSource = PostgresTestDatabase.pool(schema, null);
    DifyRelatedTables.create(dataSource, DifyRelatedTables.Database.POSTGRESQL);
    // An older Dify database: node executions reachable by run only through a tenant-first index.
    PostgresTestDatabase.execute(schema, "DROP INDEX workflow_node_execution_workflow_run_id_idx",
        "CREATE INDEX workflow_node_execution_workflow_run_idx ON workflow_node_executions"
            + " (tenant_id, app_id, workflow_id, triggered_from, workflow_run_id)");
    recorder = new StatementRecorder(dataSource);
    repository = new PostgresWorkflowRunRepository(recorder, true);

    String run = "(lpad(to_hex(n), 8, '0') || '-0000-4000-8000-000000000000')::uuid";
    String other = "(lpad(to_hex(n % 50), 8, '0') || '-1111-4000-8000-000000000000')::uuid";
    PostgresTestDatabase.execute(schema,
        "INSERT INTO workflow_runs (id, tenant_id, app_id, workflow_id, type, triggered_from, version, graph, inputs,"
            + " status, outputs, error, elapsed_time, total_tokens, total_steps, created_by_role, created_by, created_at,"
            + " finished_at, exceptions_count) SELECT " + run + ", " + other + ", " + other + ", " + other
            + ", 'workflow', 'app-run', 'v1', '{}', '{}', 'succeeded', '{}', NULL, 1.5, 42, 3, 'account', " + other
            + ", TIMESTAMP '2025-01-01' + n * INTERVAL '1 second', NULL, 0 FROM generate_series(1, " + BULK_RUNS + ") n",
        "INSERT INTO workflow_node_executions (id, tenant_id, app_id, workflow_id, triggered_from, workflow_run_id,"
            + " \"index\", node_id, node_type, title, inputs, outputs, status, elapsed_time, execution_metadata,"
            + " created_at, created_by_role, created_by) SELECT gen_random_uuid(), " + other + ", " + other + ", "
            + other + ", 'workflow-run', " + run + ", k, 'node-' || k, 'llm', 'Step', '{\"q\": 1}', '{\"a\": 2}',"
            + " 'succeeded', 0.5, '{}', now(), 'account', " + other + " FROM generate_series(1, " + BULK_RUNS
            + ") n, generate_series(1, 6) k",
        "INSERT INTO workflow_node_execution_offload (id, created_at, tenant_id, app_id, node_execution_id, type, file_id)"
            + " SELECT gen_random_uuid(), now(), tenant_id, app_id, id, 'outputs', gen_random_uuid()"
            + " FROM workflow_node_executions",
        "INSERT INTO workflow_app_logs (id, tenant_id, app_id, workflow_id, workflow_run_id, created_from,"
            + " created_by_role, created_by, created_at) SELECT gen_random_uuid(), tenant_id, app_id, workflow_id, id,"
            + " 'web-app', 'end_user', created_by, created_at FROM workflow_runs",
        "INSERT INTO workflow_trigger_logs (id, tenant_id, app_id, workflow_id, workflow_run_id, trigger_metadata,"
            + " trigger_type, trigger_data, inputs, status, queue_name, retry_count, created_at, created_by_role,"
            + " created_by) SELECT gen_random_uuid(), tenant_id, app_id, workflow_id, id, '{}', 'trigger-webhook', '{}',"
            + " '{}', 'succeeded', 'q', 0, created_at, 'end_user', 'u' FROM workflow_runs",
        "INSERT INTO workflow_pauses (workflow_id, workflow_run_id, resumed_at, state_object_key, id, created_at,"
            + " updated_at) SELECT workflow_id, id, NULL, 'workflow-state-' || gen_random_uuid() || '.json',"
            + " gen_random_uuid(), created_at, created_at FROM workflow_runs WHERE total_tokens = 42 AND random() < 0.3",
        "INSERT INTO workflow_pause_reasons (id, created_at, updated_at, pause_id, type_, form_id, node_id, message)"
            + " SELECT gen_random_uuid(), created_at, created_at, id, 'scheduled_pause', '', '', 'm' FROM workflow_pauses");
    for (int i = 0; i < 5; i++) {
      WorkflowRun r = TestRuns.run(tenant, TestRuns.newId()).build();
      repository.save(r);
      runs.add(r);
      loaded.add(DifyRelatedTables.load(dataSource, DifyRelatedTables.Database.POSTGRESQL, tenant, r.appId(),
          r.workflowId(), r.id(), true, 900 + i));
    }
    PostgresTestDatabase.execute(schema, "ANALYZE");
  }

  @AfterAll
  void drop() {
    PostgresTestDatabase.release(dataSource, schema);
  }

  @Test
  void v3AddsTheNodeExecutionRunIndexToAnOlderDifyDatabase() {
    assertThat(SqlChecks.rows(dataSource, "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            + " AND indexname = 'workflow_node_execution_workflow_run_id_idx'"))
        .extracting(row -> String.valueOf(row.get("indexdef")))
        .singleElement().asString().endsWith("(workflow_run_id)");
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
    runs.forEach(repository::save);
    recorder.clear();
    repository.readRelatedRows(tenant, ids);
    repository.countRunsWithRelated(tenant, ids);
    assertThat(repository.restoreRelatedRows(tenant, rows).total()).isEqualTo(expected.total() - expected.runs());
    List<StatementRecorder.Recorded> statements = new ArrayList<>(recorder.recorded());
    assertThat(statements).isNotEmpty();

    Map<String, Set<String>> indexesByTable = new TreeMap<>();
    try (Connection c = PostgresTestDatabase.plain(schema).getConnection()) { // unpooled: the setting dies with it
      try (java.sql.Statement s = c.createStatement()) {
        s.execute("SET enable_seqscan = off");
      }
      for (StatementRecorder.Recorded statement : statements) {
        String sql = statement.sql().toLowerCase(Locale.ROOT);
        if (!sql.startsWith("select") && !sql.startsWith("delete")) {
          continue; // the restore's INSERTs read no table
        }
        String plan = explain(c, statement);
        Matcher m = SCAN.matcher(plan);
        while (m.find()) {
          String table = m.group(3);
          if (!TABLES.contains(table)) {
            continue;
          }
          assertThat(m.group(1)).as("scan of %s in\n%s\nplan:\n%s", table, statement.sql(), plan).isNotEqualTo("Seq Scan");
          if (m.group(2) != null) {
            indexesByTable.computeIfAbsent(table, t -> new TreeSet<>()).add(m.group(2));
          }
        }
        Matcher bitmap = Pattern.compile("Bitmap Index Scan on (\\w+)").matcher(plan);
        while (bitmap.find()) {
          indexesByTable.computeIfAbsent(tableOf(bitmap.group(1)), t -> new TreeSet<>()).add(bitmap.group(1));
        }
      }
    }
    System.out.println("PostgreSQL related lookups by index: " + indexesByTable);
    LOOKUP_INDEX.forEach((table, index) ->
        assertThat(indexesByTable.get(table)).as("indexes used on %s", table).contains(index));
  }

  private static String tableOf(String index) {
    for (Map.Entry<String, String> e : LOOKUP_INDEX.entrySet()) {
      if (e.getValue().equals(index)) {
        return e.getKey();
      }
    }
    return index.startsWith("workflow_run") ? "workflow_runs" : "?";
  }

  private static String explain(Connection c, StatementRecorder.Recorded statement) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (PreparedStatement s = StatementRecorder.replay(c, "EXPLAIN ", statement); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }
}
