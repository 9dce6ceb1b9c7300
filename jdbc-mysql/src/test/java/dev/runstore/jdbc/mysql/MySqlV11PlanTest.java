package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.RunPosition;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunCounts;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.jdbc.Sql;
import dev.runstore.store.EndedRunsBatch;
import dev.runstore.store.RunFilter;
import dev.runstore.jdbc.WorkflowRunColumns;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Plans of the v1.1 statements over 200,000 runs: 100,000 of one app (triggers app-run 70%,
 * debugging 20%, webhook 10%; statuses failed 1/7, running 1/7, succeeded 5/7; pairs of runs
 * sharing a created_at), 100,000 of another tenant and about 3,000 of a small tenant in the
 * same minutes, all in a time window
 * of their own. The exact statements the dialect sends must show a range on the intended index
 * without filesort, the server's handler counters must show that a deep page or batch reads about
 * its own size, and the repository must return the rows that a plain {@code OFFSET} query (a
 * different formulation) finds there. The plan rows are printed (prefix {@code PLAN}); on MariaDB
 * they come from {@code ANALYZE} (executed, with {@code r_rows}), as in {@link MySqlPlanTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlV11PlanTest {

  private static final int RUNS = 100_000;
  private static final int LIMIT = 50;
  private static final int BATCH = 1000;
  private static final String ENDED = WorkflowRunColumns.ENDED_STATUSES_SQL;
  /** The window of this test's runs: nobody else writes in 2160. */
  private static final Instant WINDOW_START = Instant.parse("2160-03-01T00:00:00Z");
  private static final Instant WINDOW_END = Instant.parse("2160-03-02T00:00:00Z");

  private final MySqlTestServers.Server server = MySqlTestServers.server();
  private final String tenant = TestRuns.newId();
  private final String otherTenant = TestRuns.newId();
  private final String smallTenant = TestRuns.newId();
  private final String app = TestRuns.newId();
  private HikariDataSource pool;
  private MySqlWorkflowRunRepository repo;
  private boolean mariadb;

  @BeforeAll
  void load() throws Exception {
    pool = server.pool("plan-v11");
    repo = new MySqlWorkflowRunRepository(pool, true);
    try (Connection c = pool.getConnection()) {
      mariadb = c.getMetaData().getDatabaseProductVersion().contains("MariaDB");
      // leftovers of an interrupted run on an external server would change the window's walk
      try (PreparedStatement s = c.prepareStatement("DELETE FROM workflow_runs WHERE created_at >= ? AND created_at < ?")) {
        s.setString(1, MySqlTypes.format(WINDOW_START));
        s.setString(2, MySqlTypes.format(WINDOW_END));
        s.executeUpdate();
      }
      String digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
          + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
      String numbers = "SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM "
          + digits + " a CROSS JOIN " + digits + " b CROSS JOIN " + digits + " c CROSS JOIN "
          + digits + " e CROSS JOIN " + digits + " f";
      insert(c, numbers, tenant, app,
          "CASE WHEN n % 10 < 7 THEN 'app-run' WHEN n % 10 < 9 THEN 'debugging' ELSE 'webhook' END", "n");
      insert(c, numbers, otherTenant, TestRuns.newId(), "'app-run'", "n + 3");
      insert(c, numbers + " WHERE (a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d) % 33 = 0",
          smallTenant, TestRuns.newId(), "'app-run'", "n");
      MySqlTests.execute(c, "ANALYZE TABLE workflow_runs");
      assertThat(MySqlTests.countApp(c, tenant, app)).isEqualTo(RUNS);
    }
  }

  private void insert(Connection c, String numbers, String tenantId, String appId, String trigger, String statusSeed)
      throws Exception {
    String sql = "INSERT INTO workflow_runs (id, tenant_id, app_id, workflow_id, type, triggered_from, version,"
        + " graph, inputs, status, outputs, error, elapsed_time, total_tokens, total_steps, created_by_role,"
        + " created_by, created_at, finished_at, exceptions_count)"
        + " SELECT LOWER(UUID()), ?, ?, ?, IF(n % 3 = 0, 'chat', 'workflow'), " + trigger + ", 'draft', '{\"nodes\":[]}',"
        + " '{}', CASE (" + statusSeed + ") % 7 WHEN 0 THEN 'failed' WHEN 1 THEN 'running' ELSE 'succeeded' END,"
        + " '{}', NULL, 1.5, 42, 3, 'account', ?,"
        + " TIMESTAMPADD(MICROSECOND, (n - n % 7 DIV 6) * 811, ?), NULL, 0"
        + " FROM (" + numbers + ") t";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, tenantId);
      s.setString(2, appId);
      s.setString(3, TestRuns.newId());
      s.setString(4, TestRuns.newId());
      s.setString(5, MySqlTypes.format(WINDOW_START));
      s.executeUpdate();
    }
  }

  @AfterAll
  void clean() throws Exception {
    if (pool != null) {
      try (Connection c = pool.getConnection();
          PreparedStatement s = c.prepareStatement("DELETE FROM workflow_runs WHERE tenant_id IN (?, ?, ?)")) {
        s.setString(1, tenant);
        s.setString(2, otherTenant);
        s.setString(3, smallTenant);
        s.executeUpdate();
      } finally {
        pool.close();
      }
    }
  }

  // ---------------------------------------------------------------- expectations (plain OFFSET queries)

  /** Ids of the app's runs matching {@code where}, newest first, {@code count} from {@code offset}. */
  private List<String> appPage(String where, int offset, int count) throws Exception {
    return ids("SELECT id FROM workflow_runs WHERE tenant_id = '" + tenant + "' AND app_id = '" + app + "'" + where
        + " ORDER BY created_at DESC, id DESC LIMIT " + count + " OFFSET " + offset);
  }

  private long appCount(String where) throws Exception {
    try (Connection c = pool.getConnection()) {
      return Long.parseLong(MySqlTests.scalar(c, "SELECT COUNT(*) FROM workflow_runs WHERE tenant_id = '" + tenant
          + "' AND app_id = '" + app + "'" + where));
    }
  }

  private List<String> ids(String sql) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = pool.getConnection()) {
      for (Map<String, String> row : MySqlTests.query(c, sql)) {
        ids.add(row.get("id"));
      }
    }
    return ids;
  }

  private WorkflowRun run(String id) {
    return repo.getWorkflowRunByIdWithoutTenant(id).orElseThrow();
  }

  private static List<String> idsOf(List<WorkflowRun> runs) {
    return runs.stream().map(WorkflowRun::id).toList();
  }

  // ---------------------------------------------------------------- plans

  /** The plan rows of {@code sql}: ANALYZE on MariaDB (it executes the statement), else EXPLAIN; printed. */
  private List<Map<String, String>> explain(String what, Sql sql) throws Exception {
    return MySqlTests.plan(pool, server.describe() + " " + what, sql, true);
  }

  /** Rows reading table {@code table} (alias). */
  private static List<Map<String, String>> rowsOf(List<Map<String, String>> plan, String table) {
    List<Map<String, String>> rows = plan.stream().filter(r -> table.equals(r.get("table"))).toList();
    assertThat(rows).as("plan rows of %s in %s", table, plan).isNotEmpty();
    return rows;
  }

  /** Every plan row of the index branches {@code k}: a range (or ref) on {@code index}, covering, no sort. */
  private static void assertIndexBranches(List<Map<String, String>> plan, String index, int branches) {
    List<Map<String, String>> keys = rowsOf(plan, "k");
    assertThat(keys).hasSize(branches);
    for (Map<String, String> k : keys) {
      assertThat(k.get("key")).isEqualTo(index);
      assertThat(k.get("type")).isIn("range", "ref");
      assertThat(k.get("Extra")).contains("Using index").doesNotContain("filesort").doesNotContain("temporary");
    }
    for (Map<String, String> r : rowsOf(plan, "r")) {
      assertThat(r.get("type")).isEqualTo("eq_ref");
    }
  }

  private static void assertNoSortAnywhere(List<Map<String, String>> plan) {
    MySqlTests.assertNoSortAnywhere(plan);
  }

  private long handlerReads(Sql sql) throws Exception {
    return MySqlTests.handlerReads(pool, sql);
  }

  // ---------------------------------------------------------------- status-filtered page

  private static final String FAILED_APP_RUNS = " AND triggered_from = 'app-run' AND status = 'failed'";

  @Test
  void statusFilteredFirstPageReadsTheStatusIndexBackwards() throws Exception {
    RunFilter filter = new RunFilter(tenant, app, Set.of(TriggeredFrom.APP_RUN), WorkflowRunStatus.FAILED);
    Sql sql = MySqlDialect.INSTANCE.selectFilteredPage(filter, null, LIMIT + 1);
    List<Map<String, String>> plan = explain("status-filtered first page (app-run, failed, limit 50)", sql);
    assertIndexBranches(plan, MySqlDialect.STATUS_INDEX, 1);
    assertNoSortAnywhere(plan);
    assertThat(handlerReads(sql)).isLessThan(5L * LIMIT);
    InfiniteScrollPagination<WorkflowRun> page = repo.getPaginatedWorkflowRuns(RunListQuery.builder(tenant, app)
        .triggeredFrom(Set.of(TriggeredFrom.APP_RUN)).status(WorkflowRunStatus.FAILED).limit(LIMIT).build());
    assertThat(idsOf(page.data())).isEqualTo(appPage(FAILED_APP_RUNS, 0, LIMIT));
  }

  @Test
  void statusFilteredPageAtADeepCursorTokenIsAnIndexRangeReadingOnlyThePage() throws Exception {
    long failed = appCount(FAILED_APP_RUNS);
    assertThat(failed).isGreaterThan(9_000);
    int depth = (int) failed - 200;
    WorkflowRun deep = run(appPage(FAILED_APP_RUNS, depth, 1).get(0));
    RunFilter filter = new RunFilter(tenant, app, Set.of(TriggeredFrom.APP_RUN), WorkflowRunStatus.FAILED);
    Sql sql = MySqlDialect.INSTANCE.selectFilteredPage(filter, RunPosition.of(deep), LIMIT + 1);
    List<Map<String, String>> plan =
        explain("status-filtered page after a cursor token " + depth + " runs deep (app-run, failed, limit 50)", sql);
    assertIndexBranches(plan, MySqlDialect.STATUS_INDEX, 1);
    assertThat(rowsOf(plan, "k").get(0).get("type")).isEqualTo("range");
    assertNoSortAnywhere(plan);
    assertThat(handlerReads(sql)).as("reads for a page of %s at depth %s", LIMIT, depth).isLessThan(5L * LIMIT);

    InfiniteScrollPagination<WorkflowRun> page = repo.getPaginatedWorkflowRuns(RunListQuery.builder(tenant, app)
        .triggeredFrom(Set.of(TriggeredFrom.APP_RUN)).status(WorkflowRunStatus.FAILED).limit(LIMIT)
        .cursor(RunPosition.of(deep).toCursor()).build());
    List<String> want = appPage(FAILED_APP_RUNS, depth + 1, LIMIT);
    assertThat(idsOf(page.data())).isEqualTo(want);
    assertThat(page.nextCursor()).isEqualTo(RunPosition.of(run(want.get(LIMIT - 1))).toCursor());
  }

  @Test
  void statusFilteredPageAfterADeepLastIdResolvesTheRunInsideTheStatement() throws Exception {
    int depth = (int) appCount(FAILED_APP_RUNS) - 200;
    String deep = appPage(FAILED_APP_RUNS, depth, 1).get(0);
    RunFilter filter = new RunFilter(tenant, app, Set.of(TriggeredFrom.APP_RUN), WorkflowRunStatus.FAILED);
    Sql sql = MySqlDialect.INSTANCE.selectFilteredPageAfterRun(filter, deep, LIMIT + 1);
    List<Map<String, String>> plan =
        explain("status-filtered page after lastId " + depth + " runs deep (app-run, failed, limit 50)", sql);
    assertIndexBranches(plan, MySqlDialect.STATUS_INDEX, 1);
    assertThat(rowsOf(plan, "k").get(0).get("type")).isEqualTo("range");
    assertThat(rowsOf(plan, "c").get(0).get("type")).isEqualTo("const");
    assertNoSortAnywhere(plan);
    assertThat(handlerReads(sql)).isLessThan(5L * LIMIT);
    InfiniteScrollPagination<WorkflowRun> page = repo.getPaginatedWorkflowRuns(RunListQuery.builder(tenant, app)
        .triggeredFrom(Set.of(TriggeredFrom.APP_RUN)).status(WorkflowRunStatus.FAILED).limit(LIMIT).lastId(deep).build());
    assertThat(idsOf(page.data())).isEqualTo(appPage(FAILED_APP_RUNS, depth + 1, LIMIT));
  }

  /**
   * Every trigger: one index range per trigger (seven branches, each at most 51 entries), and
   * only their union of small (id, created_at) rows is sorted; the 90,000 runs before the cursor
   * are never read.
   */
  @Test
  void everyTriggerAtADeepCursorTokenReadsOneRangePerTrigger() throws Exception {
    int depth = 90_000;
    WorkflowRun deep = run(appPage("", depth, 1).get(0));
    RunFilter filter = new RunFilter(tenant, app, Set.of(), null);
    Sql sql = MySqlDialect.INSTANCE.selectFilteredPage(filter, RunPosition.of(deep), LIMIT + 1);
    List<Map<String, String>> plan = explain("every trigger and status, after a cursor token 90000 runs deep (limit 50)", sql);
    List<Map<String, String>> keys = new java.util.ArrayList<>(rowsOf(plan, "k"));
    // one branch per trigger, plus the branch of the runs whose stored trigger runstore does not
    // know (the ranges between the known values): an index range too, which may sort what it
    // finds (no such run here)
    assertThat(keys).hasSize(TriggeredFrom.values().length + 1);
    Map<String, String> unknown = keys.remove(keys.size() - 1);
    if (mariadb) {
      // MariaDB 10.11 takes this branch as a range or, by its sampled statistics, as a ref on the
      // index prefix: either way it must read nothing here
      assertThat(unknown.get("type")).isIn("range", "ref");
      assertThat(Double.parseDouble(unknown.get("r_rows"))).as("rows read by %s", unknown).isZero();
    } else {
      assertThat(unknown.get("type")).isEqualTo("range");
      assertThat(unknown.get("Extra")).contains("Using index");
    }
    for (Map<String, String> k : keys) {
      // MariaDB (which ignores the INDEX hint) may take the status index and sort a trigger it
      // estimates at one run; allowed only where the branch read nothing (triggers this app lacks)
      if (mariadb && !k.get("key").equals(MySqlDialect.APP_INDEX)) {
        assertThat(Double.parseDouble(k.get("r_rows"))).as("rows read by %s", k).isZero();
        continue;
      }
      assertThat(k.get("key")).isEqualTo(MySqlDialect.APP_INDEX);
      assertThat(k.get("type")).isEqualTo("range");
      assertThat(k.get("Extra")).contains("Using index").doesNotContain("filesort");
    }
    long reads = handlerReads(sql);
    assertThat(reads).isLessThan(TriggeredFrom.values().length * 3L * LIMIT);
    InfiniteScrollPagination<WorkflowRun> page = repo.getPaginatedWorkflowRuns(
        RunListQuery.builder(tenant, app).limit(LIMIT).cursor(RunPosition.of(deep).toCursor()).build());
    assertThat(idsOf(page.data())).isEqualTo(appPage("", depth + 1, LIMIT));
  }

  @Test
  void statusCountIsReadFromTheStatusIndexAlone() throws Exception {
    Instant since = WINDOW_START.plusSeconds(40);
    Sql sql = MySqlDialect.INSTANCE.countByStatus(tenant, app, TriggeredFrom.APP_RUN, null, since);
    List<Map<String, String>> plan = explain("status count of one app-run range", sql);
    Map<String, String> runs = plan.get(0);
    assertThat(runs.get("key")).isEqualTo(MySqlDialect.STATUS_INDEX);
    assertThat(runs.get("Extra")).contains("Using index");
    assertNoSortAnywhere(plan);
    // (the window lies in the future: a time range cannot reach it, so the repository counts all)
    WorkflowRunCounts counts = repo.getWorkflowRunsCount(tenant, app, TriggeredFrom.APP_RUN, null, null);
    String where = " AND triggered_from = 'app-run'";
    assertThat(counts.total()).isEqualTo(appCount(where)).isGreaterThan(10_000);
    assertThat(counts.byStatus().get(WorkflowRunStatus.FAILED)).isEqualTo(appCount(where + " AND status = 'failed'"));
  }

  // ---------------------------------------------------------------- time-range batch

  @Test
  void timeRangeBatchDeepInALargeWindowIsAnIndexRangeInOrder() throws Exception {
    String window = " WHERE status IN (" + ENDED + ") AND created_at >= '" + MySqlTypes.format(WINDOW_START)
        + "' AND created_at < '" + MySqlTypes.format(WINDOW_END) + "'";
    int depth = 90_000;
    List<String> at = ids("SELECT id FROM workflow_runs" + window + " ORDER BY created_at, id LIMIT 1 OFFSET " + depth);
    RunPosition lastSeen = RunPosition.of(run(at.get(0)));
    Sql sql = MySqlDialect.INSTANCE.selectEndedRunsBatch(
        new EndedRunsBatch(WINDOW_START, WINDOW_END, lastSeen, BATCH, null, List.of()));
    List<Map<String, String>> plan = explain("time-range batch of 1000 after " + depth + " ended runs of the window", sql);
    Map<String, String> runs = plan.get(0);
    assertThat(runs.get("key")).isEqualTo(MySqlDialect.CREATED_INDEX);
    assertThat(runs.get("type")).isEqualTo("range");
    assertNoSortAnywhere(plan);
    // 6 runs in 7 are ended: about 1,170 index entries for 1,000 runs, not the 90,000 before
    assertThat(handlerReads(sql)).isLessThan(2L * BATCH);

    List<WorkflowRun> batch = repo.getRunsBatchByTimeRange(TimeRangeBatchQuery.builder(WINDOW_END)
        .startFrom(WINDOW_START).lastSeen(lastSeen).batchSize(BATCH).build());
    assertThat(idsOf(batch)).isEqualTo(
        ids("SELECT id FROM workflow_runs" + window + " ORDER BY created_at, id LIMIT " + BATCH + " OFFSET " + (depth + 1)));
  }

  /**
   * The V2 index {@code (created_at, id)} must not draw a small tenant's expired batch away from
   * {@code (tenant_id, created_at, id)}: walking it would pass 65 runs of others for each of the
   * tenant's.
   */
  @Test
  void expiredBatchOfASmallTenantKeepsToTheTenantIndex() throws Exception {
    Sql sql = MySqlDialect.INSTANCE.selectExpired(smallTenant, WINDOW_END, false, BATCH);
    List<Map<String, String>> plan = explain("expired batch of 1000 of a tenant with 3000 of the window's 203000 runs", sql);
    assertThat(plan.get(0).get("key")).isEqualTo(MySqlDialect.TENANT_INDEX);
    assertThat(plan.get(0).get("type")).isIn("range", "ref");
    assertNoSortAnywhere(plan);
    assertThat(handlerReads(sql)).isLessThan(2L * BATCH);
    assertThat(idsOf(repo.getExpiredRunsBatch(smallTenant, WINDOW_END, BATCH))).isEqualTo(ids(
        "SELECT id FROM workflow_runs WHERE tenant_id = '" + smallTenant + "' ORDER BY created_at, id LIMIT " + BATCH));
  }
}
