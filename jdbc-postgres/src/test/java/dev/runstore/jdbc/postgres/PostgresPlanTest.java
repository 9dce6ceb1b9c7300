package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.jdbc.Sql;
import dev.runstore.store.RunFilter;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The plans of the repository's own statements on 100k runs of one app (plus other apps and
 * tenants): the page query (first page and a cursor 90k deep) and the expired batch must read
 * the runstore index in order, with no Sort node, and read only limit+1 rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresPlanTest {

  private static final int APP_RUNS = 100_000;

  private final String tenant = TestRuns.newId();
  private final String app = TestRuns.newId();
  private String schema;
  private PGSimpleDataSource dataSource;
  private PostgresWorkflowRunRepository repository;
  private List<WorkflowRun> newestFirst;

  @BeforeAll
  void load() throws Exception {
    schema = PostgresTestDatabase.newSchema();
    dataSource = PostgresTestDatabase.plain(schema);
    repository = new PostgresWorkflowRunRepository(dataSource, true);
    Random random = new Random(42);
    List<WorkflowRun> runs = new ArrayList<>(APP_RUNS + 20_000);
    for (int i = 0; i < APP_RUNS; i++) {
      // three runs per timestamp: the keyset must order ties by id
      runs.add(TestRuns.run(tenant, app).id(TestRuns.newId(random))
          .createdAt(TestRuns.BASE.plusMillis(1000L * (i / 3))).build());
    }
    String otherApp = TestRuns.newId();
    for (int i = 0; i < 10_000; i++) {
      runs.add(TestRuns.run(tenant, otherApp).id(TestRuns.newId(random))
          .triggeredFrom(TriggeredFrom.DEBUGGING).createdAt(TestRuns.BASE.plusSeconds(i)).build());
      runs.add(TestRuns.run(TestRuns.newId(random), TestRuns.newId(random)).id(TestRuns.newId(random))
          .createdAt(TestRuns.BASE.plusSeconds(i)).build());
    }
    PostgresTestData.copy(dataSource, runs);
    PostgresTestDatabase.execute(schema, "ANALYZE workflow_runs");
    newestFirst = runs.subList(0, APP_RUNS).stream()
        .sorted(Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id).reversed())
        .toList();
  }

  @AfterAll
  void drop() {
    if (schema != null) {
      PostgresTestDatabase.dropSchema(schema);
    }
  }

  /** The filter of a v1 page: one trigger, every status. */
  private RunFilter appRunOnly() {
    return new RunFilter(tenant, app, java.util.Set.of(TriggeredFrom.APP_RUN), null);
  }

  @Test
  void firstPageReadsTheIndexBackwardsWithoutSort() throws Exception {
    Sql sql = PostgresDialect.INSTANCE.selectFilteredPage(appRunOnly(), null, 51);
    List<String> plan = explain("first page (limit 50)", sql);
    assertIndexedWithoutSort(plan, "workflow_run_tenant_app_trigger_created_idx", 51);
    assertThat(String.join("\n", plan)).contains("Backward");
  }

  @Test
  void deepCursorPageIsAnIndexRangeWithoutSort() throws Exception {
    String cursor = newestFirst.get(90_000).id();
    Sql sql = PostgresDialect.INSTANCE.selectFilteredPageAfterRun(appRunOnly(), cursor, 51);
    List<String> plan = explain("page after a cursor 90,000 runs deep (limit 50)", sql);
    // 52: the page's 51 rows plus the cursor run itself, the first row of the inclusive range.
    assertIndexedWithoutSort(plan, "workflow_run_tenant_app_trigger_created_idx", 52);
    // the keyset bound is part of the index condition, not a filter over skipped rows
    assertThat(plan).anySatisfy(line -> assertThat(line).contains("Index Cond").contains("created_at"));
    // and the repository returns exactly the runs that follow the cursor
    InfiniteScrollPagination<WorkflowRun> page =
        repository.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 50, cursor);
    assertThat(page.data()).containsExactlyElementsOf(newestFirst.subList(90_001, 90_051));
    assertThat(page.hasMore()).isTrue();
  }

  @Test
  void expiredBatchReadsTheTenantIndexInOrderWithoutSort() throws Exception {
    Instant before = TestRuns.BASE.plusSeconds(20_000);
    Sql sql = PostgresDialect.INSTANCE.selectExpired(tenant, before, false, 1000);
    List<String> plan = explain("expired batch (1000, tenant with 120k runs)", sql);
    assertIndexedWithoutSort(plan, "workflow_run_tenant_created_idx", 1000);
  }

  @Test
  void statementsAreNeverServerPreparedSoGenericPlansCannotTakeOver() throws Exception {
    // A generic plan (what a server-prepared statement may get after five runs) does not know
    // the tenant's app holds 100k runs: it prefers Dify's short index plus a Sort.
    String cursor = newestFirst.get(90_000).id();
    Sql page = PostgresDialect.INSTANCE.selectFilteredPageAfterRun(appRunOnly(), cursor, 51);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("SET plan_cache_mode = force_generic_plan");
      List<String> generic = explainGeneric(c, "deep cursor page as a GENERIC plan (what the repository avoids)", page);
      assertThat(String.join("\n", generic)).containsPattern("= \\$\\d");
      // The repository's way: unnamed statements, planned with their values, however often run.
      for (int i = 0; i < 12; i++) {
        try (PreparedStatement ps = PostgresTestData.prepare(c, "", page); ResultSet rs = ps.executeQuery()) {
          int rows = 0;
          while (rs.next()) {
            rows++;
          }
          assertThat(rows).isEqualTo(52);
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_prepared_statements")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
      assertIndexedWithoutSort(explain(c, "deep cursor page with force_generic_plan set, as the repository runs it", page),
          "workflow_run_tenant_app_trigger_created_idx", 52);
    }
  }

  /** PREPARE the statement server-side, then EXPLAIN EXECUTE it: the plan a reused statement gets. */
  private static List<String> explainGeneric(Connection c, String title, Sql sql) throws Exception {
    StringBuilder numbered = new StringBuilder();
    int n = 0;
    for (char ch : sql.text().toCharArray()) {
      numbered.append(ch == '?' ? "$" + (++n) : String.valueOf(ch));
    }
    String name = "rs_plan_" + Math.abs(title.hashCode());
    try (Statement s = c.createStatement()) {
      s.execute("PREPARE " + name + " AS " + numbered);
    }
    // EXPLAIN EXECUTE takes no bind parameters: the (test-made) values go in as literals.
    List<String> literals = new ArrayList<>();
    for (Sql.Param p : sql.params()) {
      Object v = p.value();
      literals.add(switch (p.kind()) {
        case UUID -> "'" + v + "'::uuid";
        case TEXT -> "'" + v + "'";
        case INSTANT -> "'" + java.time.LocalDateTime.ofInstant((Instant) v, java.time.ZoneOffset.UTC) + "'::timestamp";
        default -> String.valueOf(v);
      });
    }
    List<String> plan = explain(c, title, Sql.of("EXECUTE " + name + "(" + String.join(", ", literals) + ")").build());
    try (Statement s = c.createStatement()) {
      s.execute("DEALLOCATE " + name);
    }
    return plan;
  }

  private List<String> explain(String title, Sql sql) throws Exception {
    return PostgresTestData.explain(dataSource, title, sql);
  }

  private static List<String> explain(Connection c, String title, Sql sql) throws Exception {
    return PostgresTestData.explain(c, title, sql);
  }

  private static void assertIndexedWithoutSort(List<String> plan, String index, int fetched) {
    assertThat(plan).noneSatisfy(line -> assertThat(line).contains("Sort"));
    assertThat(plan).noneSatisfy(line -> assertThat(line).contains("Seq Scan"));
    String scan = plan.stream().filter(l -> l.contains("Scan") && l.contains(index)).findFirst().orElse(null);
    assertThat(scan).as("an index scan on %s in %s", index, plan).isNotNull();
    assertThat(scan).containsAnyOf("Index Scan", "Index Only Scan");
    // reads exactly what the page needs, however deep the cursor
    assertThat(PostgresTestData.actualRows(scan)).isEqualTo(fetched);
  }
}
