package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.jdbc.Sql;
import dev.runstore.store.RunFilter;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Query plans over 100,000 runs of one app (plus runs of other apps and triggers around them):
 * the plan of the exact statements the dialect sends must show a range on the composite index
 * and no filesort, and the server's handler counters must show that a page at a deep cursor
 * reads about {@code limit + 1} index entries, not the rows before the cursor. The plan rows are
 * printed (prefix {@code PLAN}).
 *
 * <p>On MariaDB the plan is taken with {@code ANALYZE} (EXPLAIN plus execution, with the rows
 * actually read in {@code r_rows}): MariaDB 11.4's plain EXPLAIN of the page query shows a full
 * scan with filesort that the executor then drops for the index (its ORDER BY ... LIMIT switch),
 * as {@code r_rows} and the handler counters show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlPlanTest {

  private static final int APP_RUNS = 100_000;
  private static final int LIMIT = 20;
  private static final String PAGE_INDEX = "workflow_run_tenant_app_trigger_created_idx";
  private static final String EXPIRED_INDEX = "workflow_run_tenant_created_idx";

  private final MySqlTestServers.Server server = MySqlTestServers.server();
  private final String tenant = TestRuns.newId();
  private final String app = TestRuns.newId();
  private HikariDataSource pool;
  private MySqlWorkflowRunRepository repo;

  @BeforeAll
  void load() throws Exception {
    pool = server.pool("plan");
    repo = new MySqlWorkflowRunRepository(pool, true);
    try (Connection c = pool.getConnection()) {
      // 100,000 app-run runs of one app, every 7th pair sharing a created_at (ties on the
      // keyset), 10,000 debugging runs of the same app and 100,000 runs of another app of the
      // same tenant over the same time span (so that no index but the composite one is
      // selective), written by the server itself from a cross join of digits: portable, fast.
      String digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
          + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
      String numbers = "SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM "
          + digits + " a CROSS JOIN " + digits + " b CROSS JOIN " + digits + " c CROSS JOIN "
          + digits + " e CROSS JOIN " + digits + " f";
      insert(c, numbers, app, "app-run", "n - n % 7 DIV 6");
      insert(c, numbers + " WHERE a.d + 10 * b.d + 100 * c.d + 1000 * e.d < 10000 AND f.d = 0", app, "debugging", "n");
      insert(c, numbers, TestRuns.newId(), "app-run", "n");
      MySqlTests.execute(c, "ANALYZE TABLE workflow_runs");
      assertThat(MySqlTests.countApp(c, tenant, app)).isEqualTo(APP_RUNS + 10_000);
    }
  }

  private void insert(Connection c, String numbers, String appId, String trigger, String tick) throws Exception {
    String sql = "INSERT INTO workflow_runs (id, tenant_id, app_id, workflow_id, type, triggered_from, version,"
        + " graph, inputs, status, outputs, error, elapsed_time, total_tokens, total_steps, created_by_role,"
        + " created_by, created_at, finished_at, exceptions_count)"
        + " SELECT LOWER(UUID()), ?, ?, ?, 'workflow', ?, 'draft', '{\"nodes\":[]}', '{}', 'succeeded', '{}', NULL,"
        + " 1.5, 42, 3, 'account', ?, TIMESTAMPADD(MICROSECOND, (" + tick + ") * 1013, '2025-01-01 00:00:00'), NULL, 0"
        + " FROM (" + numbers + ") t";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, tenant);
      s.setString(2, appId);
      s.setString(3, TestRuns.newId());
      s.setString(4, trigger);
      s.setString(5, TestRuns.newId());
      s.executeUpdate();
    }
  }

  @AfterAll
  void clean() {
    if (repo != null) {
      // the runs of this tenant: the external server's database outlives the build
      try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM workflow_runs WHERE tenant_id = ?")) {
        s.setString(1, tenant);
        s.executeUpdate();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    if (pool != null) {
      pool.close();
    }
  }

  /** The id of the run at {@code depth} in page order (newest first). */
  private String runAtDepth(int depth) throws Exception {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT id FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND triggered_from = 'app-run'"
            + " ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET " + depth)) {
      s.setString(1, tenant);
      s.setString(2, app);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  private List<Map<String, String>> explain(String what, Sql sql) throws Exception {
    return plan(what, sql, true);
  }

  /** The plan rows of {@code sql}, none of which may sort. */
  private List<Map<String, String>> plan(String what, Sql sql, boolean analyze) throws Exception {
    List<Map<String, String>> rows = MySqlTests.plan(pool, server.describe() + " " + what, sql, analyze);
    MySqlTests.assertNoSortAnywhere(rows);
    return rows;
  }

  private long handlerReads(Sql sql) throws Exception {
    return MySqlTests.handlerReads(pool, sql);
  }

  private static Map<String, String> row(List<Map<String, String>> rows, String table) {
    return rows.stream().filter(r -> table.equals(r.get("table"))).findFirst()
        .orElseThrow(() -> new AssertionError("no plan row for table " + table + ": " + rows));
  }

  /** The filter of a v1 page: one trigger, every status. */
  private RunFilter appRunOnly() {
    return new RunFilter(tenant, app, java.util.Set.of(TriggeredFrom.APP_RUN), null);
  }

  @Test
  void deepPageIsAnIndexRangeReadingOnlyThePage() throws Exception {
    String cursor = runAtDepth(80_000);
    Sql page = MySqlDialect.INSTANCE.selectFilteredPageAfterRun(appRunOnly(), cursor, LIMIT + 1);
    List<Map<String, String>> plan = explain("page after a cursor at depth 80000", page);
    Map<String, String> keys = row(plan, "k");
    assertThat(keys.get("type")).isEqualTo("range");
    assertThat(keys.get("key")).isEqualTo(PAGE_INDEX);
    assertThat(keys.get("Extra")).contains("Using index");
    assertThat(row(plan, "c").get("type")).isEqualTo("const");
    assertThat(row(plan, "r").get("type")).isEqualTo("eq_ref");

    long reads = handlerReads(page);
    assertThat(reads).as("index entries read for a page of %s at depth 80000", LIMIT).isLessThan(10L * LIMIT);

    // and the repository's page there is the right one
    InfiniteScrollPagination<WorkflowRun> result = repo.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, LIMIT, cursor);
    assertThat(result.data()).hasSize(LIMIT);
    assertThat(result.hasMore()).isTrue();
    assertThat(result.data().get(0).id()).isEqualTo(runAtDepth(80_001));
    assertThat(result.data().get(LIMIT - 1).id()).isEqualTo(runAtDepth(80_000 + LIMIT));
  }

  @Test
  void firstPageWalksTheIndexBackwards() throws Exception {
    Sql first = MySqlDialect.INSTANCE.selectFilteredPage(appRunOnly(), null, LIMIT + 1);
    List<Map<String, String>> plan = explain("first page", first);
    Map<String, String> keys = row(plan, "k");
    assertThat(keys.get("type")).isIn("ref", "range");
    assertThat(keys.get("key")).isEqualTo(PAGE_INDEX);
    assertThat(row(plan, "r").get("type")).isEqualTo("eq_ref");
    assertThat(handlerReads(first)).isLessThan(10L * LIMIT);
  }

  @Test
  void expiredBatchIsAnIndexRangeInOrder() throws Exception {
    Instant before = Instant.parse("2025-01-01T00:01:00Z");
    Sql expired = MySqlDialect.INSTANCE.selectExpired(tenant, before, false, 1000);
    Map<String, String> runs = explain("expired batch of 1000", expired).get(0);
    // range, or ref on tenant_id with the created_at bound pushed into the index (MariaDB 10.11).
    // This tenant owns most of the table, so walking (created_at, id) of V2 and skipping the few
    // other runs is as good (MariaDB 11.4 takes it); MySqlV11PlanTest checks that a small
    // tenant's batch keeps to the tenant's index. Either way only about a batch is read.
    assertThat(runs.get("type")).isIn("range", "ref");
    assertThat(runs.get("key")).isIn(EXPIRED_INDEX, MySqlDialect.CREATED_INDEX);
    assertThat(handlerReads(expired)).isLessThan(3L * 1000 + 100);
    List<WorkflowRun> batch = repo.getExpiredRunsBatch(tenant, before, 1000);
    assertThat(batch).hasSize(1000);
    assertThat(batch).isSortedAccordingTo(
        java.util.Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id));
  }

  @Test
  void appBatchDeleteUsesTheIndex() throws Exception {
    Sql delete = MySqlDialect.INSTANCE.deleteAppBatch(tenant, app, 1000);
    List<Map<String, String>> plan = plan("delete batch of 1000", delete, false);
    Map<String, String> keys = row(plan, "k");
    assertThat(keys.get("type")).isIn("range", "ref");
    assertThat(keys.get("key")).isEqualTo(PAGE_INDEX);
    assertThat(keys.get("Extra")).contains("Using index");
    assertThat(row(plan, "r").get("type")).isEqualTo("eq_ref");
  }
}
