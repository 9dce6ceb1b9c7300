package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Plans of the v1.2 cleanup scans on MySQL/MariaDB, in a database of this class's own: 100,000
 * ended runs (two per second, ~1,000 tenants over every first hex digit) plus 10,000 running
 * runs in the same window, seeded by one {@code INSERT … SELECT} over a generated number table.
 *
 * <ul>
 *   <li>the cleanup-refs scan is a range of the covering {@code workflow_run_cleanup_idx}
 *       ("Using index"): no row, so no JSON text, is read;
 *   <li>the tenant-prefix filter is {@code tenant_id BETWEEN} ranges, never a function or LIKE
 *       on the column, and is either an index range itself or checked inside the covering index;
 *   <li>the batch 90,000 runs deep reads about what the first batch reads: the server's handler
 *       counters (index entries read) and, on MariaDB, the pages {@code ANALYZE FORMAT=JSON}
 *       reports ({@code r_engine_stats.pages_accessed}); never time.
 * </ul>
 *
 * <p>Statements and plans are printed (prefix {@code PLAN}); results are compared with plain
 * queries that express the filters differently.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlV12PlanTest {

  private static final int ENDED_RUNS = 100_000;
  private static final int BATCH = 1000;
  private static final int DEEP = 90_000;
  private static final Instant START = Instant.parse("2150-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("2151-01-01T00:00:00Z");
  /** 4 of 16 first digits ({@code c,d} merge into one range) and half of the last digits: 1/8 of the runs. */
  private static final Set<Character> PREFIXES = Set.of('1', '7', 'c', 'd');
  private static final RunShard SHARD = new RunShard(0, 2);
  private static final String ENDED = WorkflowRunColumns.ENDED_STATUSES_SQL;
  private static final Pattern PAGES = Pattern.compile("\"pages_accessed\":\\s*(\\d+)");

  private final String database = "runstore_v12plan_" + UUID.randomUUID().toString().substring(0, 8);
  private MySqlTestServers.Server server;
  private HikariDataSource pool;
  private MySqlWorkflowRunRepository repo;
  private boolean mariadb;

  @BeforeAll
  void load() throws Exception {
    server = MySqlTestServers.server().withDatabase(database);
    pool = server.pool("plan-v12");
    repo = new MySqlWorkflowRunRepository(pool, true);
    String digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
        + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
    String numbers = "SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM " + digits + " a CROSS JOIN "
        + digits + " b CROSS JOIN " + digits + " c CROSS JOIN " + digits + " e CROSS JOIN " + digits + " f";
    String columns = "INSERT INTO workflow_runs (" + WorkflowRunColumns.SELECT_LIST + ") ";
    try (Connection c = pool.getConnection()) {
      mariadb = c.getMetaData().getDatabaseProductVersion().contains("MariaDB");
      MySqlTests.execute(c, columns + "SELECT " + uuid("MD5(CONCAT('run', n))") + ", "
          + uuid("MD5(CONCAT('tenant', n % 997))") + ", " + uuid("MD5(CONCAT('app', n % 13))") + ", "
          + uuid("MD5(CONCAT('wf', n % 7))") + ", IF(n % 3 = 0, 'chat', 'workflow'), 'app-run', 'draft',"
          + " REPEAT('{\"node\":1}', 60), '{}', ELT(1 + n % 4, 'succeeded', 'failed', 'stopped', 'partial-succeeded'),"
          + " REPEAT('{\"out\":1}', 30), NULL, 1.5, 42, 3, 'account', " + uuid("MD5(CONCAT('user', n % 50))") + ","
          + " TIMESTAMPADD(SECOND, n DIV 2, '2150-01-01'), TIMESTAMPADD(SECOND, n DIV 2 + 1, '2150-01-01'), 0"
          + " FROM (" + numbers + ") t");
      MySqlTests.execute(c, columns + "SELECT " + uuid("MD5(CONCAT('running', n))") + ", "
          + uuid("MD5(CONCAT('tenant', n % 997))") + ", " + uuid("MD5(CONCAT('app', n % 13))") + ", "
          + uuid("MD5(CONCAT('wf', n % 7))") + ", 'workflow', 'app-run', 'draft', REPEAT('{\"node\":1}', 60), '{}',"
          + " 'running', NULL, NULL, 0, 0, 0, 'account', " + uuid("MD5(CONCAT('user', n % 50))") + ","
          + " TIMESTAMPADD(MICROSECOND, n * 5000000 + 1000, '2150-01-01'), NULL, 0 FROM (" + numbers + ") t WHERE n < 10000");
      MySqlTests.execute(c, "ANALYZE TABLE workflow_runs");
      assertThat(MySqlTests.scalar(c, "SELECT COUNT(*) FROM workflow_runs WHERE status IN (" + ENDED + ")"))
          .isEqualTo(Integer.toString(ENDED_RUNS));
    }
  }

  /** A canonical lower-case UUID from the 32 hex digits of {@code hex} (an SQL expression). */
  private static String uuid(String hex) {
    return "CONCAT_WS('-', SUBSTR(" + hex + ", 1, 8), SUBSTR(" + hex + ", 9, 4), SUBSTR(" + hex + ", 13, 4), SUBSTR("
        + hex + ", 17, 4), SUBSTR(" + hex + ", 21, 12))";
  }

  @AfterAll
  void drop() throws Exception {
    if (pool != null) {
      pool.close();
    }
    try (Connection c = MySqlTestServers.server().connect()) {
      MySqlTests.execute(c, "DROP DATABASE IF EXISTS " + database);
    }
  }

  // ---------------------------------------------------------------- cleanup refs

  @Test
  void cleanupRefsWalkOf100kEndedRunsIsACoveringRangeFlatInDepth() throws Exception {
    List<String> walked = new ArrayList<>();
    RunPosition lastSeen = null;
    for (int batches = 0; batches <= ENDED_RUNS / BATCH; batches++) {
      List<RunRef> refs = repo.getCleanupRefsBatch(
          TimeRangeBatchQuery.builder(END).startFrom(START).lastSeen(lastSeen).batchSize(BATCH).build(), null);
      if (refs.isEmpty()) {
        break;
      }
      refs.forEach(r -> walked.add(r.id()));
      lastSeen = refs.get(refs.size() - 1).position();
    }
    assertThat(walked).hasSize(ENDED_RUNS)
        .isEqualTo(ids("SELECT id FROM workflow_runs WHERE status IN (" + ENDED + ") ORDER BY created_at, id"));

    Plan first = plan("cleanup refs, first batch of 1000", MySqlDialect.INSTANCE.selectCleanupRefs(batch(null, false)));
    Plan deep = plan("cleanup refs, batch of 1000 after " + DEEP + " of 100000 ended runs",
        MySqlDialect.INSTANCE.selectCleanupRefs(batch(position(DEEP), false)));
    for (Plan p : List.of(first, deep)) {
      assertThat(p.sql.text()).contains("id, tenant_id, created_at FROM workflow_runs WHERE");
      assertCoveringRange(p, MySqlDialect.CLEANUP_INDEX);
      // 1 run in 11 is running: about 1,100 index entries for 1,000 refs
      assertThat(p.handlerReads).isLessThan(BATCH * 13L / 10);
    }
    assertFlat(first, deep);
  }

  @Test
  void tenantPrefixAndShardRefs90kDeepAreACoveringRangeFlatInDepth() throws Exception {
    Plan first = plan("cleanup refs, tenant prefixes " + PREFIXES + " + shard 0/2, first batch of 1000",
        MySqlDialect.INSTANCE.selectCleanupRefs(batch(null, true)));
    Plan deep = plan("cleanup refs, tenant prefixes " + PREFIXES + " + shard 0/2, batch of 1000 after " + DEEP
        + " of 100000 ended runs", MySqlDialect.INSTANCE.selectCleanupRefs(batch(position(DEEP), true)));
    for (Plan p : List.of(first, deep)) {
      assertCoveringRange(p, MySqlDialect.CLEANUP_INDEX);
      assertTenantRanges(p);
      // keeps 1 run in 8 of the ended (10 in 11): about 8,800 index entries for 1,000 refs
      assertThat(p.handlerReads).isLessThan(BATCH * 12L);
    }
    assertFlat(first, deep);
    RunPosition at = position(DEEP);
    List<RunRef> refs = repo.getCleanupRefsBatch(TimeRangeBatchQuery.builder(END).startFrom(START).lastSeen(at)
        .batchSize(BATCH).tenantPrefixes(PREFIXES).shard(SHARD).build(), null);
    assertThat(refs.stream().map(RunRef::id).toList()).isEqualTo(ids(oracle(at)));
  }

  /**
   * One prefix alone (1/16 of the runs): the server may serve it as an index range of a
   * tenant-leading index (sorting what the range holds after the position, index-only) or walk
   * the cleanup index; either way no row is read and the deep batch reads no more than the first.
   */
  @Test
  void oneTenantPrefixIsAnIndexRangeReadingNoRow() throws Exception {
    List<EndedRunsBatch.TenantRange> a = EndedRunsBatch.rangesOf(Set.of('a'));
    Plan first = plan("cleanup refs, tenant prefix a, first batch of 1000", MySqlDialect.INSTANCE.selectCleanupRefs(
        new EndedRunsBatch(START, END, null, BATCH, null, List.of(), List.of(), a, null, null)));
    Plan deep = plan("cleanup refs, tenant prefix a, batch of 1000 after " + DEEP + " ended runs",
        MySqlDialect.INSTANCE.selectCleanupRefs(
            new EndedRunsBatch(START, END, position(DEEP), BATCH, null, List.of(), List.of(), a, null, null)));
    for (Plan p : List.of(first, deep)) {
      Map<String, String> row = p.rows.get(0);
      assertThat(row.get("type")).isEqualTo("range");
      assertThat(row.get("Extra")).contains("Using index");
      assertTenantRanges(p);
    }
    assertFlat(first, deep);
  }

  // ---------------------------------------------------------------- full-row batches

  @Test
  void endedRunsBatchWalkStaysFlatInDepth() throws Exception {
    Plan first = plan("time-range batch (full rows), first batch of 1000",
        MySqlDialect.INSTANCE.selectEndedRunsBatch(batch(null, false)));
    Plan deep = plan("time-range batch (full rows), batch of 1000 after " + DEEP + " ended runs",
        MySqlDialect.INSTANCE.selectEndedRunsBatch(batch(position(DEEP), false)));
    for (Plan p : List.of(first, deep)) {
      assertRangeInOrder(p);
      assertThat(p.handlerReads).isLessThan(BATCH * 13L / 10);
    }
    assertFlat(first, deep);
  }

  @Test
  void tenantPrefixAndShardBatch90kDeepStaysFlat() throws Exception {
    Plan first = plan("time-range batch (full rows), tenant prefixes " + PREFIXES + " + shard 0/2, first batch of 1000",
        MySqlDialect.INSTANCE.selectEndedRunsBatch(batch(null, true)));
    Plan deep = plan("time-range batch (full rows), tenant prefixes " + PREFIXES + " + shard 0/2, batch of 1000 after "
        + DEEP + " ended runs", MySqlDialect.INSTANCE.selectEndedRunsBatch(batch(position(DEEP), true)));
    for (Plan p : List.of(first, deep)) {
      assertRangeInOrder(p);
      assertTenantRanges(p);
      assertThat(p.handlerReads).isLessThan(BATCH * 12L);
    }
    // flat both ways: the first batch must not read whole tenant ranges either
    assertFlat(first, deep);
    assertFlat(deep, first);
    RunPosition at = position(DEEP);
    List<WorkflowRun> runs = repo.getRunsBatchByTimeRange(TimeRangeBatchQuery.builder(END).startFrom(START).lastSeen(at)
        .batchSize(BATCH).tenantPrefixes(PREFIXES).shard(SHARD).build());
    assertThat(runs.stream().map(WorkflowRun::id).toList()).isEqualTo(ids(oracle(at)));
  }

  // ---------------------------------------------------------------- helpers

  private static EndedRunsBatch batch(RunPosition after, boolean filtered) {
    return new EndedRunsBatch(START, END, after, BATCH, null, List.of(), List.of(),
        filtered ? EndedRunsBatch.rangesOf(PREFIXES) : List.of(), filtered ? SHARD : null, null);
  }

  /** The position of the {@code depth}-th ended run of the walk ({@code depth} runs are at or before it). */
  private RunPosition position(int depth) throws Exception {
    try (Connection c = pool.getConnection()) {
      Map<String, String> row = MySqlTests.query(c, "SELECT id, created_at FROM workflow_runs WHERE status IN (" + ENDED
          + ") ORDER BY created_at, id LIMIT 1 OFFSET " + (depth - 1)).get(0);
      return new RunPosition(java.time.LocalDateTime.parse(row.get("created_at").replace(' ', 'T'))
          .toInstant(java.time.ZoneOffset.UTC), row.get("id"));
    }
  }

  /** The prefix + shard batch after {@code at}, with the filters written differently (functions: fine for an oracle). */
  private static String oracle(RunPosition at) {
    String t = MySqlTypes.format(at.createdAt());
    return "SELECT id FROM workflow_runs WHERE status IN (" + ENDED + ") AND LEFT(tenant_id, 1) IN ('1', '7', 'c', 'd')"
        + " AND RIGHT(id, 1) IN ('0', '2', '4', '6', '8', 'a', 'c', 'e') AND (created_at > '" + t + "' OR (created_at = '"
        + t + "' AND id > '" + at.id() + "')) ORDER BY created_at, id LIMIT " + BATCH;
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

  /**
   * A plan: its rows (ANALYZE on MariaDB, EXPLAIN on MySQL), the index entries read
   * (Handler_read_*), and on MariaDB the pages of {@code ANALYZE FORMAT=JSON} (else -1).
   */
  private record Plan(Sql sql, List<Map<String, String>> rows, long handlerReads, long pages) {}

  private Plan plan(String title, Sql sql) throws Exception {
    System.out.println("PLAN statement: " + sql.text());
    List<Map<String, String>> rows = MySqlTests.plan(pool, server.describe() + " " + title, sql, true);
    long reads = MySqlTests.handlerReads(pool, sql);
    long pages = -1;
    if (mariadb) {
      try (Connection c = pool.getConnection(); PreparedStatement s = MySqlTests.prepare(c, "ANALYZE FORMAT=JSON ", sql);
          ResultSet rs = s.executeQuery()) {
        rs.next();
        String json = rs.getString(1);
        Matcher m = PAGES.matcher(json);
        if (m.find()) {
          pages = Long.parseLong(m.group(1));
        }
        // the table part, without the full condition text
        System.out.println("PLAN   " + json.replaceAll("(?s)\"attached_condition\": \"[^\"]*\",?", "")
            .replaceAll("(?s)\"possible_keys\": \\[[^]]*],?", "").replace("\n", "\nPLAN   "));
      }
    }
    System.out.println("PLAN   index entries read (Handler_read_*): " + reads + (pages < 0 ? "" : ", pages accessed: " + pages));
    return new Plan(sql, rows, reads, pages);
  }

  /** One range of {@code index}, covering ("Using index": no row is read), no filesort. */
  private static void assertCoveringRange(Plan p, String index) {
    assertThat(p.rows).hasSize(1);
    Map<String, String> row = p.rows.get(0);
    assertThat(row.get("key")).isEqualTo(index);
    assertThat(row.get("type")).isEqualTo("range");
    assertThat(row.get("Extra")).contains("Using index").doesNotContain("filesort").doesNotContain("temporary");
  }

  /** A range of the time index in (created_at, id) order: no filesort. */
  private static void assertRangeInOrder(Plan p) {
    assertThat(p.rows).hasSize(1);
    Map<String, String> row = p.rows.get(0);
    assertThat(row.get("key")).isIn(MySqlDialect.CREATED_INDEX, MySqlDialect.CLEANUP_INDEX);
    assertThat(row.get("type")).isEqualTo("range");
    MySqlTests.assertNoSortAnywhere(p.rows);
  }

  /** Tenant prefixes as BETWEEN ranges of the column itself: no function or LIKE on tenant_id. */
  private static void assertTenantRanges(Plan p) {
    assertThat(p.sql.text()).contains("tenant_id BETWEEN ? AND ?").doesNotContain("LIKE")
        .doesNotContainPattern("\\w\\(tenant_id");
  }

  /** The deep batch reads within a small constant factor of the first one. */
  private static void assertFlat(Plan first, Plan deep) {
    assertThat(deep.handlerReads).as("index entries read at depth vs first batch")
        .isLessThanOrEqualTo(3 * first.handlerReads + 100);
    if (first.pages >= 0 && deep.pages >= 0) {
      assertThat(deep.pages).as("pages accessed at depth vs first batch").isLessThanOrEqualTo(3 * first.pages + 20);
    }
  }
}
