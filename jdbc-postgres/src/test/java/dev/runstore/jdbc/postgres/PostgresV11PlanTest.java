package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.DailyRunsStats;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.RunPosition;
import dev.runstore.api.StatsQuery;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.jdbc.LocalDayWindows;
import dev.runstore.jdbc.Sql;
import dev.runstore.store.EndedRunsBatch;
import dev.runstore.store.RunFilter;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The plans of the v1.1 statements on 100k runs of one app (mixed triggers and statuses) plus
 * 20k runs of other tenants in the same hours: the status-filtered page (first page, a deep
 * cursor token, a deep lastId, every trigger at once) and the time-range batch deep in its
 * window must read an index in order with no Sort node and read only what they return.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresV11PlanTest {

  private static final int APP_RUNS = 100_000;
  private static final String STATUS_INDEX = "workflow_run_tenant_app_trigger_status_created_idx";
  private static final String TRIGGER_INDEX = "workflow_run_tenant_app_trigger_created_idx";
  private static final String TIME_INDEX = "workflow_run_created_at_id_idx";
  private static final Comparator<WorkflowRun> NEWEST_FIRST =
      Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id).reversed();

  private final String tenant = TestRuns.newId();
  private final String app = TestRuns.newId();
  private String schema;
  private PGSimpleDataSource dataSource;
  private PostgresWorkflowRunRepository repository;
  private final List<WorkflowRun> all = new ArrayList<>();

  @BeforeAll
  void load() throws Exception {
    schema = PostgresTestDatabase.newSchema();
    dataSource = PostgresTestDatabase.plain(schema);
    repository = new PostgresWorkflowRunRepository(dataSource, true);
    Random random = new Random(4242);
    TriggeredFrom[] triggers = {TriggeredFrom.APP_RUN, TriggeredFrom.APP_RUN, TriggeredFrom.APP_RUN,
        TriggeredFrom.WEBHOOK, TriggeredFrom.DEBUGGING};
    // ~70% succeeded, 10% failed, the rest spread over the other statuses
    WorkflowRunStatus[] statuses = new WorkflowRunStatus[20];
    java.util.Arrays.fill(statuses, WorkflowRunStatus.SUCCEEDED);
    statuses[0] = statuses[1] = WorkflowRunStatus.FAILED;
    statuses[2] = WorkflowRunStatus.RUNNING;
    statuses[3] = WorkflowRunStatus.STOPPED;
    statuses[4] = WorkflowRunStatus.PARTIAL_SUCCEEDED;
    statuses[5] = WorkflowRunStatus.PAUSED;
    for (int i = 0; i < APP_RUNS; i++) {
      WorkflowRunStatus status = statuses[random.nextInt(statuses.length)];
      Instant at = TestRuns.BASE.plusMillis(1000L * (i / 3)); // three runs per timestamp
      all.add(TestRuns.run(tenant, app).id(TestRuns.newId(random))
          .triggeredFrom(triggers[random.nextInt(triggers.length)]).status(status)
          .createdAt(at).finishedAt(status.isEnded() ? at.plusSeconds(1) : null).build());
    }
    for (int i = 0; i < 20_000; i++) {
      Instant at = TestRuns.BASE.plusMillis(1666L * i);
      all.add(TestRuns.run(TestRuns.newId(random), TestRuns.newId(random)).id(TestRuns.newId(random))
          .createdAt(at).finishedAt(at.plusSeconds(1)).build());
    }
    PostgresTestData.copy(dataSource, all);
    PostgresTestDatabase.execute(schema, "ANALYZE workflow_runs");
  }

  @AfterAll
  void drop() {
    if (schema != null) {
      PostgresTestDatabase.dropSchema(schema);
    }
  }

  private List<WorkflowRun> appRuns(Set<TriggeredFrom> triggers, WorkflowRunStatus status) {
    return all.stream()
        .filter(r -> r.tenantId().equals(tenant) && r.appId().equals(app)
            && (triggers.isEmpty() || triggers.contains(r.triggeredFrom()))
            && (status == null || r.status() == status))
        .sorted(NEWEST_FIRST).toList();
  }

  @Test
  void statusFilteredFirstPageReadsTheStatusIndexBackwardsWithoutSort() throws Exception {
    RunFilter filter = new RunFilter(tenant, app, Set.of(TriggeredFrom.APP_RUN), WorkflowRunStatus.FAILED);
    List<String> plan = explain("status-filtered first page (app-run, failed, limit 50)",
        PostgresDialect.INSTANCE.selectFilteredPage(filter, null, 51));
    assertIndexedWithoutSort(plan, STATUS_INDEX, 51);
    assertThat(String.join("\n", plan)).contains("Backward");
  }

  @Test
  void statusFilteredDeepCursorTokenIsAnIndexRangeWithoutSort() throws Exception {
    Set<TriggeredFrom> appRun = Set.of(TriggeredFrom.APP_RUN);
    List<WorkflowRun> want = appRuns(appRun, WorkflowRunStatus.FAILED);
    assertThat(want.size()).isGreaterThan(5_000);
    WorkflowRun deep = want.get(want.size() - 200);
    RunFilter filter = new RunFilter(tenant, app, appRun, WorkflowRunStatus.FAILED);
    List<String> plan = explain("status-filtered page after a cursor token " + (want.size() - 200) + " runs deep (limit 50)",
        PostgresDialect.INSTANCE.selectFilteredPage(filter, RunPosition.of(deep), 51));
    assertIndexedWithoutSort(plan, STATUS_INDEX, 51);
    assertThat(plan).anySatisfy(line -> assertThat(line).contains("Index Cond").contains("created_at"));
    InfiniteScrollPagination<WorkflowRun> page = repository.getPaginatedWorkflowRuns(
        RunListQuery.builder(tenant, app).triggeredFrom(appRun).status(WorkflowRunStatus.FAILED).limit(50)
            .cursor(RunPosition.of(deep).toCursor()).build());
    int from = want.size() - 199;
    assertThat(page.data()).containsExactlyElementsOf(want.subList(from, from + 50));
    assertThat(page.nextCursor()).isEqualTo(RunPosition.of(want.get(from + 49)).toCursor());
  }

  @Test
  void statusFilteredDeepLastIdResolvesTheRunInsideTheStatement() throws Exception {
    Set<TriggeredFrom> appRun = Set.of(TriggeredFrom.APP_RUN);
    List<WorkflowRun> want = appRuns(appRun, WorkflowRunStatus.FAILED);
    WorkflowRun deep = want.get(want.size() - 200);
    RunFilter filter = new RunFilter(tenant, app, appRun, WorkflowRunStatus.FAILED);
    List<String> plan = explain("status-filtered page after lastId " + (want.size() - 200) + " runs deep (limit 50)",
        PostgresDialect.INSTANCE.selectFilteredPageAfterRun(filter, deep.id(), 51));
    // 52: the page's 51 rows plus the cursor run itself, the first row of the inclusive range.
    assertIndexedWithoutSort(plan, STATUS_INDEX, 52);
    assertThat(plan).anySatisfy(line -> assertThat(line).contains("Index Cond").contains("created_at"));
  }

  @Test
  void everyTriggerWithAStatusMergesOneIndexRangePerTriggerWithoutSort() throws Exception {
    List<WorkflowRun> want = appRuns(Set.of(), WorkflowRunStatus.FAILED);
    int depth = want.size() - 300;
    WorkflowRun deep = want.get(depth);
    RunFilter filter = new RunFilter(tenant, app, Set.of(), WorkflowRunStatus.FAILED);
    List<String> plan = explain("every trigger, failed, after a cursor token " + depth + " runs deep (limit 50)",
        PostgresDialect.INSTANCE.selectFilteredPage(filter, RunPosition.of(deep), 51));
    assertMergedWithoutSort(plan, STATUS_INDEX, 51);
    InfiniteScrollPagination<WorkflowRun> page = repository.getPaginatedWorkflowRuns(
        RunListQuery.builder(tenant, app).status(WorkflowRunStatus.FAILED).limit(50)
            .cursor(RunPosition.of(deep).toCursor()).build());
    assertThat(page.data()).containsExactlyElementsOf(want.subList(depth + 1, depth + 51));
  }

  @Test
  void everyTriggerEveryStatusMergesTheTriggerIndexWithoutSort() throws Exception {
    List<WorkflowRun> want = appRuns(Set.of(), null);
    int depth = 90_000;
    RunFilter filter = new RunFilter(tenant, app, Set.of(), null);
    List<String> plan = explain("every trigger and status, after a cursor token 90,000 runs deep (limit 50)",
        PostgresDialect.INSTANCE.selectFilteredPage(filter, RunPosition.of(want.get(depth)), 51));
    assertMergedWithoutSort(plan, TRIGGER_INDEX, 51);
    InfiniteScrollPagination<WorkflowRun> page = repository.getPaginatedWorkflowRuns(
        RunListQuery.builder(tenant, app).limit(50).cursor(RunPosition.of(want.get(depth)).toCursor()).build());
    assertThat(page.data()).containsExactlyElementsOf(want.subList(depth + 1, depth + 51));
  }

  @Test
  void timeRangeBatchDeepInItsWindowWalksTheTimeIndexWithoutSort() throws Exception {
    Instant start = TestRuns.BASE;
    Instant end = TestRuns.BASE.plusSeconds(40_000);
    List<WorkflowRun> ended = all.stream()
        .filter(r -> r.status().isEnded() && !r.createdAt().isBefore(start) && r.createdAt().isBefore(end))
        .sorted(NEWEST_FIRST.reversed()).toList();
    assertThat(ended.size()).isGreaterThan(100_000);
    int depth = 90_000;
    RunPosition lastSeen = RunPosition.of(ended.get(depth));
    Sql sql = PostgresDialect.INSTANCE.selectEndedRunsBatch(
        new EndedRunsBatch(start, end, lastSeen, 1000, null, List.of()));
    List<String> plan = explain("time-range batch of 1000 after " + depth + " of " + ended.size() + " ended runs", sql);
    assertIndexedWithoutSort(plan, TIME_INDEX, 1000);
    assertThat(plan).anySatisfy(line -> assertThat(line).contains("Index Cond").contains("ROW(created_at, id) >"));
    List<WorkflowRun> batch = repository.getRunsBatchByTimeRange(
        TimeRangeBatchQuery.builder(end).startFrom(start).lastSeen(lastSeen).batchSize(1000).build());
    assertThat(batch).containsExactlyElementsOf(ended.subList(depth + 1, depth + 1001));
  }

  @Test
  void dailyStatisticsAndCountsAreAggregatedInTheDatabase() throws Exception {
    ZoneId zone = ZoneId.of("America/Los_Angeles");
    Instant start = TestRuns.BASE.plusSeconds(3600);
    Instant end = TestRuns.BASE.plusSeconds(30_000);
    LocalDayWindows.Window window = LocalDayWindows.plan(zone, start, end).get(0);
    List<String> plan = explain("daily statistics of one app-run range (" + zone + ")",
        PostgresDialect.INSTANCE.selectDailyStatistics(tenant, app, TriggeredFrom.APP_RUN, window));
    // one aggregate over the (tenant, app, trigger, created_at) range: no run leaves the database
    assertThat(plan).anySatisfy(line -> assertThat(line).containsAnyOf("Aggregate"));
    assertThat(plan).noneSatisfy(line -> assertThat(line).contains("Seq Scan"));
    Map<LocalDate, Long> want = new TreeMap<>();
    appRuns(Set.of(TriggeredFrom.APP_RUN), null).stream()
        .filter(r -> !r.createdAt().isBefore(start) && r.createdAt().isBefore(end))
        .forEach(r -> want.merge(r.createdAt().atZone(zone).toLocalDate(), 1L, Long::sum));
    assertThat(repository.getDailyRunsStatistics(StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN)
            .zone(zone).start(start).end(end).build()))
        .isEqualTo(want.entrySet().stream().map(e -> new DailyRunsStats(e.getKey(), e.getValue())).toList());

    List<String> count = explain("failed app-run count of the last hours",
        PostgresDialect.INSTANCE.countByStatus(tenant, app, TriggeredFrom.APP_RUN, WorkflowRunStatus.FAILED,
            TestRuns.BASE.plusSeconds(30_000)));
    assertThat(count).noneSatisfy(line -> assertThat(line).contains("Seq Scan"));
    assertThat(count).anySatisfy(line -> assertThat(line).contains(STATUS_INDEX));
  }

  private List<String> explain(String title, Sql sql) throws Exception {
    return PostgresTestData.explain(dataSource, title, sql);
  }

  private static void assertIndexedWithoutSort(List<String> plan, String index, int fetched) {
    assertThat(plan).noneSatisfy(line -> assertThat(line).contains("Sort"));
    assertThat(plan).noneSatisfy(line -> assertThat(line).contains("Seq Scan"));
    List<String> scans = plan.stream().filter(l -> l.contains("Scan") && l.contains(" on workflow_runs")).toList();
    String scan = scans.stream().filter(l -> l.contains(index)).reduce((a, b) -> b).orElse(null);
    assertThat(scan).as("an index scan on %s in %s", index, plan).isNotNull();
    assertThat(scan).containsAnyOf("Index Scan", "Index Only Scan");
    // reads exactly what the page needs, however deep the position
    assertThat(actualRows(scan)).isEqualTo(fetched);
  }

  /**
   * Merge Append over one ordered index range per trigger; together they read about one page.
   * Each branch reads {@code index} backwards, except that the planner may walk another index in
   * the same order for a trigger holding most of the table (as app-run does in this data set):
   * still no Sort, and the rows it skips are counted.
   */
  private static void assertMergedWithoutSort(List<String> plan, String index, int fetched) {
    // No Sort node over runs of a known trigger (Merge Append's own "Sort Key" line names the order
    // it keeps). The one branch of an every-trigger page that reads the runs whose stored trigger
    // runstore does not know (the ranges between the known values) sorts what it finds: none here.
    List<String> sorts = plan.stream().filter(line -> line.matches("^\\s*(->\\s*)?(Incremental )?Sort \\(.*")).toList();
    assertThat(sorts).allSatisfy(line -> assertThat(line).contains("(actual rows=0 "));
    assertThat(sorts).hasSizeLessThanOrEqualTo(1);
    assertThat(plan).noneSatisfy(line -> assertThat(line).contains("Seq Scan"));
    assertThat(plan).anySatisfy(line -> assertThat(line).contains("Merge Append"));
    List<String> scans = plan.stream().filter(l -> l.contains("Index Scan Backward") && l.contains(" on workflow_runs")).toList();
    assertThat(scans).hasSize(TriggeredFrom.values().length);
    assertThat(scans.stream().filter(l -> l.contains(index)).count()).isGreaterThanOrEqualTo(scans.size() - 1);
    long read = scans.stream().mapToLong(PostgresV11PlanTest::actualRows).sum();
    long skipped = plan.stream().filter(l -> l.contains("Rows Removed by Filter:"))
        .mapToLong(l -> Long.parseLong(l.replaceAll(".*Rows Removed by Filter: (\\d+).*", "$1"))).sum();
    // each branch may read one row past what the merge takes from it
    assertThat(read).isBetween((long) fetched, (long) fetched + scans.size());
    assertThat(read + skipped).isLessThanOrEqualTo(3L * fetched);
  }

  private static long actualRows(String line) {
    return PostgresTestData.actualRows(line);
  }
}
