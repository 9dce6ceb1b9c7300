package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.RunPosition;
import dev.runstore.api.RunRef;
import dev.runstore.api.RunShard;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.WorkflowRun;
import dev.runstore.jdbc.Sql;
import dev.runstore.jdbc.WorkflowRunColumns;
import dev.runstore.store.EndedRunsBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Plans of the v1.2 cleanup scans on 100,000 ended runs (two per second, about 1 KB of JSON text
 * each, ~1,000 tenants spread over every first hex digit) plus 10,000 running runs in the same
 * window, seeded with {@code INSERT … SELECT generate_series} and vacuumed (visibility map set):
 *
 * <ul>
 *   <li>the cleanup-refs scan is an index-only scan of {@code workflow_run_cleanup_idx} with no
 *       heap fetch: it reads no JSON text;
 *   <li>the tenant-prefix filter is a range of {@code tenant_id} ({@code >=}/{@code <=} on the
 *       uuid, evaluated inside an index), never a function or LIKE on the column;
 *   <li>a walk of the 100,000 ended runs in 1,000-run batches stays flat: the batch 90,000 runs
 *       deep reads about what the first batch reads (rows examined and buffers from
 *       {@code EXPLAIN (ANALYZE, BUFFERS)}, never time), with and without tenant prefixes and a
 *       shard, for the refs and for the full-row batch.
 * </ul>
 *
 * <p>Each statement and its plan are printed (prefix {@code PLAN}); the results are compared
 * with plain {@code OFFSET} queries that express the filters differently.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresV12PlanTest {

  private static final int ENDED_RUNS = 100_000;
  private static final int BATCH = 1000;
  private static final int DEEP = 90_000;
  private static final String CLEANUP_INDEX = "workflow_run_cleanup_idx";
  private static final String TIME_INDEX = "workflow_run_created_at_id_idx";
  private static final Instant START = Instant.parse("2150-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("2151-01-01T00:00:00Z");
  /** 4 of 16 first digits ({@code c,d} merge into one range) and half of the last digits: 1/8 of the runs. */
  private static final Set<Character> PREFIXES = Set.of('1', '7', 'c', 'd');
  private static final RunShard SHARD = new RunShard(0, 2);
  private static final String ENDED = WorkflowRunColumns.ENDED_STATUSES_SQL;
  private static final Pattern BUFFERS = Pattern.compile("Buffers: shared((?: \\w+=\\d+)+)");
  private static final Pattern LOOPS = Pattern.compile("loops=(\\d+)");
  private static final Pattern REMOVED = Pattern.compile("Rows Removed by Filter: (\\d+)");

  private String schema;
  private PGSimpleDataSource dataSource;
  private PostgresWorkflowRunRepository repository;

  @BeforeAll
  void load() {
    schema = PostgresTestDatabase.newSchema();
    dataSource = PostgresTestDatabase.plain(schema);
    repository = new PostgresWorkflowRunRepository(dataSource, true);
    String columns = "INSERT INTO workflow_runs (" + WorkflowRunColumns.SELECT_LIST + ") ";
    PostgresTestDatabase.execute(schema,
        columns + "SELECT md5('run' || i)::uuid, md5('tenant' || (i % 997))::uuid, md5('app' || (i % 13))::uuid,"
            + " md5('wf' || (i % 7))::uuid, CASE WHEN i % 3 = 0 THEN 'chat' ELSE 'workflow' END, 'app-run', 'draft',"
            + " repeat('{\"node\":1}', 60), '{}', (ARRAY['succeeded','failed','stopped','partial-succeeded'])[1 + i % 4],"
            + " repeat('{\"out\":1}', 30), NULL, 1.5, 42, 3, 'account', md5('user' || (i % 50))::uuid,"
            + " timestamp '2150-01-01' + (i / 2) * interval '1 second',"
            + " timestamp '2150-01-01' + (i / 2) * interval '1 second' + interval '1 second', 0"
            + " FROM generate_series(0, " + (ENDED_RUNS - 1) + ") i",
        columns + "SELECT md5('running' || i)::uuid, md5('tenant' || (i % 997))::uuid, md5('app' || (i % 13))::uuid,"
            + " md5('wf' || (i % 7))::uuid, 'workflow', 'app-run', 'draft', repeat('{\"node\":1}', 60), '{}', 'running',"
            + " NULL, NULL, 0, 0, 0, 'account', md5('user' || (i % 50))::uuid,"
            + " timestamp '2150-01-01' + i * interval '5 second' + interval '1 millisecond', NULL, 0"
            + " FROM generate_series(0, 9999) i",
        // sets the visibility map, so an index-only scan needs no heap fetch
        "VACUUM ANALYZE workflow_runs");
    // An autovacuum worker analyzing the fresh table holds a snapshot that keeps VACUUM from
    // marking the new pages all-visible (seen on embedded PostgreSQL 17: 0 or 6,183 of 15,286
    // pages after the first VACUUM); VACUUM again until every page is.
    int[] visible = visibility();
    for (int i = 0; i < 10 && visible[0] < visible[1]; i++) {
      PostgresTestDatabase.execute(schema, "VACUUM (FREEZE, ANALYZE) workflow_runs");
      visible = visibility();
    }
    System.out.println("PLAN all-visible pages after VACUUM: " + visible[0] + " of " + visible[1]);
    assertThat(visible[0]).as("all-visible pages").isEqualTo(visible[1]);
  }

  /** relallvisible and relpages of workflow_runs. */
  private int[] visibility() {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT relallvisible, relpages FROM pg_class WHERE oid = 'workflow_runs'::regclass")) {
      rs.next();
      return new int[] {rs.getInt(1), rs.getInt(2)};
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  void drop() {
    if (schema != null) {
      PostgresTestDatabase.dropSchema(schema);
    }
  }

  // ---------------------------------------------------------------- cleanup refs

  @Test
  void cleanupRefsWalkOf100kEndedRunsIsIndexOnlyAndFlatInDepth() throws Exception {
    // the whole walk through the repository, 1,000 refs at a time, against a plain query
    List<String> walked = new ArrayList<>();
    RunPosition lastSeen = null;
    for (int batches = 0; batches <= ENDED_RUNS / BATCH; batches++) {
      List<RunRef> refs = repository.getCleanupRefsBatch(
          TimeRangeBatchQuery.builder(END).startFrom(START).lastSeen(lastSeen).batchSize(BATCH).build(), null);
      if (refs.isEmpty()) {
        break;
      }
      refs.forEach(r -> walked.add(r.id()));
      lastSeen = refs.get(refs.size() - 1).position();
    }
    assertThat(walked).hasSize(ENDED_RUNS).isEqualTo(ids("SELECT id FROM workflow_runs WHERE status IN (" + ENDED
        + ") ORDER BY created_at, id"));

    Plan first = explain("cleanup refs, first batch of 1000", PostgresDialect.INSTANCE.selectCleanupRefs(batch(null, false)));
    Plan deep = explain("cleanup refs, batch of 1000 after " + DEEP + " of 100000 ended runs",
        PostgresDialect.INSTANCE.selectCleanupRefs(batch(position(DEEP), false)));
    for (Plan plan : List.of(first, deep)) {
      assertThat(plan.sql.text()).startsWith("SELECT id, tenant_id, created_at FROM workflow_runs WHERE");
      assertIndexOnlyWithoutHeap(plan);
      assertThat(plan.returned()).isEqualTo(BATCH);
      // 1 run in 11 is running: about 1,100 index entries for 1,000 refs
      assertThat(plan.examined()).isLessThan(BATCH * 12L / 10);
    }
    assertThat(deep.line("Index Cond")).contains("ROW(created_at, id) > ROW(");
    assertFlat(first, deep);
  }

  @Test
  void tenantPrefixAndShardRefs90kDeepAreAnIndexOnlyRangeWalkFlatInDepth() throws Exception {
    Plan first = explain("cleanup refs, tenant prefixes " + PREFIXES + " + shard 0/2, first batch of 1000",
        PostgresDialect.INSTANCE.selectCleanupRefs(batch(null, true)));
    Plan deep = explain("cleanup refs, tenant prefixes " + PREFIXES + " + shard 0/2, batch of 1000 after " + DEEP
        + " of 100000 ended runs", PostgresDialect.INSTANCE.selectCleanupRefs(batch(position(DEEP), true)));
    for (Plan plan : List.of(first, deep)) {
      assertIndexOnlyWithoutHeap(plan);
      assertTenantRanges(plan);
      assertThat(plan.returned()).isEqualTo(BATCH);
      // keeps 1 run in 8 (of the ended, 10 in 11): about 8,800 index entries for 1,000 refs
      assertThat(plan.examined()).isLessThan(BATCH * 12L);
    }
    assertFlat(first, deep);

    RunPosition at = position(DEEP);
    List<RunRef> refs = repository.getCleanupRefsBatch(TimeRangeBatchQuery.builder(END).startFrom(START)
        .lastSeen(at).batchSize(BATCH).tenantPrefixes(PREFIXES).shard(SHARD).build(), null);
    assertThat(refs.stream().map(RunRef::id).toList()).isEqualTo(ids(oracle(at)));
  }

  /**
   * One prefix alone (1/16 of the runs): PostgreSQL may serve it as an index range of a
   * tenant-leading index (then sorting what that range holds after the position) or walk the
   * cleanup index in order; either way the range is a {@code tenant_id} comparison evaluated in
   * an index, with no heap fetch, and the deep batch reads no more than the first.
   */
  @Test
  void oneTenantPrefixIsAnIndexRangeOfTenantId() throws Exception {
    EndedRunsBatch first = new EndedRunsBatch(START, END, null, BATCH, null, List.of(), List.of(),
        EndedRunsBatch.rangesOf(Set.of('a')), null, null);
    EndedRunsBatch deep = new EndedRunsBatch(START, END, position(DEEP), BATCH, null, List.of(), List.of(),
        EndedRunsBatch.rangesOf(Set.of('a')), null, null);
    Plan p0 = explain("cleanup refs, tenant prefix a, first batch of 1000", PostgresDialect.INSTANCE.selectCleanupRefs(first));
    Plan p90 = explain("cleanup refs, tenant prefix a, batch of 1000 after " + DEEP + " ended runs",
        PostgresDialect.INSTANCE.selectCleanupRefs(deep));
    for (Plan plan : List.of(p0, p90)) {
      assertThat(plan.lines).noneSatisfy(l -> assertThat(l).contains("Seq Scan"));
      assertThat(plan.scan()).contains("Index Only Scan");
      assertThat(plan.text()).contains("Heap Fetches: 0");
      assertTenantRanges(plan);
    }
    assertThat(p90.buffers()).isLessThanOrEqualTo(3 * p0.buffers() + 20);
    assertThat(p90.examined()).isLessThanOrEqualTo(3 * p0.examined() + 100);
  }

  // ---------------------------------------------------------------- full-row batches

  @Test
  void endedRunsBatchWalkStaysFlatInDepth() throws Exception {
    Plan first = explain("time-range batch (full rows), first batch of 1000",
        PostgresDialect.INSTANCE.selectEndedRunsBatch(batch(null, false)));
    Plan deep = explain("time-range batch (full rows), batch of 1000 after " + DEEP + " ended runs",
        PostgresDialect.INSTANCE.selectEndedRunsBatch(batch(position(DEEP), false)));
    for (Plan plan : List.of(first, deep)) {
      assertWalksInOrder(plan);
      assertThat(plan.examined()).isLessThan(BATCH * 12L / 10);
    }
    assertFlat(first, deep);
  }

  /**
   * Tenant prefixes + a shard on full rows. PostgreSQL estimates a function of a column at 0.5%
   * per listed value: listing the shard's own digits ({@code IN}, 8 values = 4%) made it believe
   * 1 run in 200 matches and read every run of the tenant ranges through a bitmap, then sort them
   * (13,000 buffers for the first batch, falling with depth); listing the other shards' digits
   * ({@code NOT IN}) keeps the estimate high, and the batch walks {@code (created_at, id)}.
   */
  @Test
  void tenantPrefixAndShardBatch90kDeepStaysFlat() throws Exception {
    Plan first = explain("time-range batch (full rows), tenant prefixes " + PREFIXES + " + shard 0/2, first batch of 1000",
        PostgresDialect.INSTANCE.selectEndedRunsBatch(batch(null, true)));
    Plan deep = explain("time-range batch (full rows), tenant prefixes " + PREFIXES + " + shard 0/2, batch of 1000 after "
        + DEEP + " ended runs", PostgresDialect.INSTANCE.selectEndedRunsBatch(batch(position(DEEP), true)));
    for (Plan plan : List.of(first, deep)) {
      assertThat(plan.lines).noneSatisfy(l -> assertThat(l).contains("Seq Scan"));
      assertTenantRanges(plan);
      assertThat(plan.returned()).isEqualTo(BATCH);
    }
    assertWalksInOrder(first);
    assertThat(first.examined()).isLessThan(BATCH * 12L);
    assertFlat(first, deep);
    // the first batch must not read whole tenant ranges either (the planner may take another plan
    // for the few runs left 90,000 deep: compare what both batches cost in buffers)
    assertThat(first.buffers()).as("buffers of the first batch vs the deep one").isLessThanOrEqualTo(3 * deep.buffers() + 20);

    RunPosition at = position(DEEP);
    List<WorkflowRun> runs = repository.getRunsBatchByTimeRange(TimeRangeBatchQuery.builder(END).startFrom(START)
        .lastSeen(at).batchSize(BATCH).tenantPrefixes(PREFIXES).shard(SHARD).build());
    assertThat(runs.stream().map(WorkflowRun::id).toList()).isEqualTo(ids(oracle(at)));
  }

  // ---------------------------------------------------------------- helpers

  /** The batch of the window after {@code after}; with the tenant prefixes and the shard when {@code filtered}. */
  private static EndedRunsBatch batch(RunPosition after, boolean filtered) {
    return new EndedRunsBatch(START, END, after, BATCH, null, List.of(), List.of(),
        filtered ? EndedRunsBatch.rangesOf(PREFIXES) : List.of(), filtered ? SHARD : null, null);
  }

  /** The position of the ended run {@code depth} (0-based) of the walk: {@code depth + 1} runs are at or before it. */
  private RunPosition position(int depth) throws Exception {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id::text, created_at FROM workflow_runs WHERE status IN (" + ENDED
            + ") ORDER BY created_at, id OFFSET " + (depth - 1) + " LIMIT 1")) {
      assertThat(rs.next()).isTrue();
      return new RunPosition(rs.getObject(2, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC),
          rs.getString(1));
    }
  }

  /**
   * The ids of the prefix + shard batch after {@code at}, with the filters written differently
   * (functions on the columns; fine for an oracle).
   */
  private static String oracle(RunPosition at) {
    return "SELECT id FROM workflow_runs WHERE status IN (" + ENDED + ") AND left(tenant_id::text, 1) IN ('1', '7', 'c',"
        + " 'd') AND right(id::text, 1) IN ('0', '2', '4', '6', '8', 'a', 'c', 'e') AND (created_at, id) > ('"
        + at.createdAt().toString().replace("T", " ").replace("Z", "") + "', '" + at.id() + "') ORDER BY created_at, id"
        + " LIMIT " + BATCH;
  }

  private List<String> ids(String sql) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  /** An executed plan: {@code EXPLAIN (ANALYZE, BUFFERS)} without costs or timings. */
  private record Plan(Sql sql, List<String> lines) {

    String text() {
      return String.join("\n", lines);
    }

    String line(String containing) {
      return lines.stream().filter(l -> l.contains(containing)).findFirst()
          .orElseThrow(() -> new AssertionError("no '" + containing + "' in\n" + text()));
    }

    /** The scan node on workflow_runs. */
    String scan() {
      return line(" on workflow_runs");
    }

    /** Rows the statement returned (the top node, a Limit). */
    long returned() {
      return PostgresTestData.actualRows(lines.get(0));
    }

    /** The loops of the scan node (workers of a parallel scan): its figures are per loop. */
    long loops() {
      Matcher m = LOOPS.matcher(scan());
      return m.find() ? Long.parseLong(m.group(1)) : 1;
    }

    /** Rows (or index entries) the scan looked at: returned plus removed by its filter. */
    long examined() {
      long removed = 0;
      for (String l : lines) {
        Matcher m = REMOVED.matcher(l);
        if (m.find()) {
          removed += Long.parseLong(m.group(1));
        }
      }
      return (PostgresTestData.actualRows(scan()) + removed) * loops();
    }

    /** Shared buffers (hit + read) of the whole statement: the first Buffers line (the top node). */
    long buffers() {
      for (String l : lines) {
        Matcher m = BUFFERS.matcher(l);
        if (m.find()) {
          long total = 0;
          for (String part : m.group(1).trim().split(" ")) {
            String[] kv = part.split("=");
            if (kv[0].equals("hit") || kv[0].equals("read")) {
              total += Long.parseLong(kv[1]);
            }
          }
          return total;
        }
      }
      throw new AssertionError("no Buffers line in\n" + text());
    }
  }

  private Plan explain(String title, Sql sql) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = PostgresTestData.prepare(c, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) ", sql);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
    }
    // planning buffers are the catalog's, not the statement's
    int planning = lines.indexOf("Planning:");
    List<String> executed = planning < 0 ? lines : lines.subList(0, planning);
    Plan plan = new Plan(sql, List.copyOf(executed));
    System.out.println("PLAN " + title + "\nPLAN   statement: " + sql.text() + "\nPLAN   " + String.join("\nPLAN   ", executed)
        + "\nPLAN   rows examined: " + plan.examined() + ", shared buffers hit+read: " + plan.buffers());
    return plan;
  }

  private static void assertIndexOnlyWithoutHeap(Plan plan) {
    assertThat(plan.lines).noneSatisfy(l -> assertThat(l).containsAnyOf("Seq Scan", "Sort", "Bitmap"));
    assertThat(plan.scan()).contains("Index Only Scan using " + CLEANUP_INDEX);
    // no row is visited, so no JSON text is read
    assertThat(plan.line("Heap Fetches")).contains("Heap Fetches: 0");
  }

  /** An index walk in (created_at, id) order: no Sort, no bitmap, no sequential scan. */
  private static void assertWalksInOrder(Plan plan) {
    assertThat(plan.lines).noneSatisfy(l -> assertThat(l).containsAnyOf("Seq Scan", "Sort", "Bitmap"));
    assertThat(plan.scan()).containsAnyOf("Index Scan using " + TIME_INDEX, "Index Scan using " + CLEANUP_INDEX);
  }

  /** Tenant prefixes as uuid comparisons on the column itself: no cast, function or LIKE on tenant_id. */
  private static void assertTenantRanges(Plan plan) {
    assertThat(plan.text()).contains("tenant_id >= '").contains("tenant_id <= '")
        .doesNotContain("(tenant_id)::").doesNotContain("~~").doesNotContain("left(");
  }

  /** The deep batch reads within a small constant factor of the first one. */
  private static void assertFlat(Plan first, Plan deep) {
    assertThat(deep.examined()).as("rows examined at depth vs first batch").isLessThanOrEqualTo(3 * first.examined() + 100);
    assertThat(deep.buffers()).as("buffers at depth vs first batch").isLessThanOrEqualTo(3 * first.buffers() + 20);
  }
}
