package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.RelatedCounts;
import dev.runstore.testkit.DifyRelatedTables;
import dev.runstore.testkit.SqlChecks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Related tables loaded in bulk and never analyzed (a restore, an import, a fresh migration) have
 * no statistics: PostgreSQL then estimates a lookup by 500 run ids at a large share of the table
 * and scans all of it, once per statement of every chunk — a purge that slows with the table's
 * size (the 100,000-run benchmark: 151 runs/s against 1,014 at 10,000). Here 3,000 runs
 * with 8 node executions each, autovacuum off for the tables so that nothing analyzes them; after
 * count, read and delete of 500 runs, the server's own counters must show index scans of the node
 * executions and app logs through Dify's {@code workflow_run_id} indexes only: not one sequential
 * scan, nor a walk of another index.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRelatedWithoutStatisticsTest {

  private static final String TENANT = "0f000000-0000-4000-8000-000000000001";
  private static final int RUNS = 3_000;
  private static final int DELETED = 500;
  private static final List<String> WATCHED = List.of("workflow_node_executions", "workflow_app_logs");
  /** The one index each watched table may be read through: Dify's by workflow_run_id. */
  private static final Map<String, String> BY_RUN = Map.of(
      "workflow_node_executions", "workflow_node_execution_workflow_run_id_idx",
      "workflow_app_logs", "workflow_app_log_workflow_run_id_idx");

  private String schema;
  private HikariDataSource dataSource;
  private PostgresWorkflowRunRepository repository;

  @BeforeAll
  void load() {
    schema = PostgresTestDatabase.newSchema();
    dataSource = PostgresTestDatabase.pool(schema, null);
    repository = new PostgresWorkflowRunRepository(dataSource, true);
    // Setup through unpooled sessions: a session reports its counters when it ends, a pooled one
    // up to seconds later, which would count the setup's scans (CREATE INDEX reads the table) as ours.
    DifyRelatedTables.create(PostgresTestDatabase.plain(schema), DifyRelatedTables.Database.POSTGRESQL);
    String run = "(lpad(to_hex(n), 8, '0') || '-0000-4000-8000-000000000000')::uuid";
    List<String> sql = new ArrayList<>();
    for (String table : List.of("workflow_runs", "workflow_node_executions", "workflow_app_logs")) {
      sql.add("ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
    }
    sql.add("INSERT INTO workflow_runs (id, tenant_id, app_id, workflow_id, type, triggered_from, version, graph,"
        + " inputs, status, outputs, error, elapsed_time, total_tokens, total_steps, created_by_role, created_by,"
        + " created_at, finished_at, exceptions_count) SELECT " + run + ", '" + TENANT + "', '" + TENANT + "', '"
        + TENANT + "', 'workflow', 'app-run', 'v1', '{}', '{}', 'succeeded', '{}', NULL, 1.5, 42, 3, 'account', '"
        + TENANT + "', TIMESTAMP '2025-01-01' + n * INTERVAL '1 second', NULL, 0 FROM generate_series(1, " + RUNS
        + ") n");
    sql.add("INSERT INTO workflow_node_executions (id, tenant_id, app_id, workflow_id, triggered_from,"
        + " workflow_run_id, \"index\", node_id, node_type, title, inputs, outputs, status, elapsed_time,"
        + " execution_metadata, created_at, created_by_role, created_by) SELECT gen_random_uuid(), '" + TENANT
        + "', '" + TENANT + "', '" + TENANT + "', 'workflow-run', " + run + ", k, 'node-' || k, 'llm', 'Step',"
        + " repeat('{\"q\": 1}', 40), '{\"a\": 2}', 'succeeded', 0.5, '{}', now(), 'account', '" + TENANT
        + "' FROM generate_series(1, " + RUNS + ") n, generate_series(1, 8) k");
    sql.add("INSERT INTO workflow_app_logs (id, tenant_id, app_id, workflow_id, workflow_run_id, created_from,"
        + " created_by_role, created_by, created_at) SELECT gen_random_uuid(), tenant_id, app_id, workflow_id, id,"
        + " 'web-app', 'end_user', created_by, created_at FROM workflow_runs");
    PostgresTestDatabase.execute(schema, sql.toArray(String[]::new));
  }

  @AfterAll
  void drop() {
    PostgresTestDatabase.release(dataSource, schema);
  }

  @Test
  void lookupsByRunIdsUseTheIndexesOfTablesWithoutStatistics() throws Exception {
    assertThat(SqlChecks.rows(dataSource, "SELECT relname FROM pg_stat_user_tables WHERE schemaname ="
        + " current_schema() AND relname = 'workflow_node_executions' AND last_analyze IS NULL"
        + " AND last_autoanalyze IS NULL")).as("the table is never analyzed").hasSize(1);
    // The loading session's counters (its INSERTs) are in: every setup scan before them is too.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (inserted() < RUNS * 8L && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(inserted()).as("the setup's counters reported within 20 s").isEqualTo(RUNS * 8L);
    Map<String, long[]> before = scans();
    Map<String, Long> indexesBefore = indexScans();
    List<String> ids = new ArrayList<>();
    for (int n = 1; n <= DELETED; n++) {
      ids.add(String.format("%08x-0000-4000-8000-000000000000", n));
    }
    RelatedCounts counted = repository.countRunsWithRelated(TENANT, ids);
    assertThat(counted.nodeExecutions()).isEqualTo(DELETED * 8L);
    assertThat(repository.readRelatedRows(TENANT, ids).tables()).isNotEmpty();
    assertThat(repository.deleteRunsWithRelated(TENANT, ids)).isEqualTo(counted);

    // A backend reports its counters when it goes idle (at most about a second later): wait,
    // bounded, until the scans show, then none of them may be sequential.
    deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Map<String, long[]> after = scans();
    while (!scansSeen(before, after) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      after = scans();
    }
    assertThat(scansSeen(before, after)).as("scans reported within 20 s").isTrue();
    for (String table : WATCHED) {
      assertThat(after.get(table)[0] - before.get(table)[0]).as("sequential scans of %s", table).isZero();
    }
    // Nor a walk of another index (the primary key walked whole would spare an ORDER BY id a sort).
    Map<String, Long> indexesAfter = indexScans();
    indexesAfter.forEach((index, count) -> {
      long used = count - indexesBefore.getOrDefault(index, 0L);
      if (BY_RUN.containsValue(index)) {
        assertThat(used).as("scans of %s", index).isPositive();
      } else {
        assertThat(used).as("scans of %s", index).isZero();
      }
    });
  }

  private long inserted() {
    return Long.parseLong(String.valueOf(SqlChecks.rows(dataSource, "SELECT n_tup_ins FROM pg_stat_user_tables"
        + " WHERE schemaname = current_schema() AND relname = 'workflow_node_executions'").get(0).get("n_tup_ins")));
  }

  /** idx_scan per index of the watched tables. */
  private Map<String, Long> indexScans() {
    Map<String, Long> scans = new java.util.HashMap<>();
    for (var row : SqlChecks.rows(dataSource, "SELECT indexrelname, idx_scan FROM pg_stat_user_indexes"
        + " WHERE schemaname = current_schema() AND relname IN ('workflow_node_executions', 'workflow_app_logs')")) {
      scans.put(String.valueOf(row.get("indexrelname")), Long.parseLong(String.valueOf(row.get("idx_scan"))));
    }
    return scans;
  }

  private static boolean scansSeen(Map<String, long[]> before, Map<String, long[]> after) {
    // count, read and delete each look up every watched table at least once
    return WATCHED.stream().allMatch(t -> after.get(t)[0] + after.get(t)[1] - before.get(t)[0] - before.get(t)[1] >= 3);
  }

  /** seq_scan and idx_scan per watched table, as the server counts them now (each query is a transaction of its own: no cached snapshot). */
  private Map<String, long[]> scans() {
    Map<String, long[]> scans = new java.util.HashMap<>();
    for (var row : SqlChecks.rows(dataSource, "SELECT relname, seq_scan, idx_scan"
        + " FROM pg_stat_user_tables WHERE schemaname = current_schema()")) {
      Object idx = row.get("idx_scan");
      scans.put(String.valueOf(row.get("relname")), new long[] {Long.parseLong(String.valueOf(row.get("seq_scan"))),
          idx == null ? 0 : Long.parseLong(String.valueOf(idx))});
    }
    return scans;
  }
}
