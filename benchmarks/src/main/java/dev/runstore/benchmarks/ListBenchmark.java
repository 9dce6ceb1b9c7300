package dev.runstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.RunPosition;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One page of 20 runs of an app holding {@code share} % of a {@link BusyInstall} table, after
 * {@code depth} % of the app's runs, six ways in the same run: runstore's page by {@code lastId}
 * and by cursor token; the same two statements captured from runstore and run by hand-written
 * JDBC (the baseline: what the statement costs without the library); and Dify's list SQL (cursor
 * lookup + page, as Dify sends it) on a copy of the table with Dify's current indexes and on one
 * with its seed-era indexes. The setup checks that all six return the same runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ListBenchmark {

  static final int LIMIT = 20;

  /** The server. */
  @Param({"postgres", "mariadb"})
  public String db = "postgres";

  /** The app's share of the table, in percent. */
  @Param({"0.1", "1", "10"})
  public String share = "10";

  /** How much of the app comes before the page, in percent of its runs. */
  @Param({"0", "1", "50", "99"})
  public String depth = "50";

  private BenchServer server;
  private BusyInstall.App app;
  private HikariDataSource runstorePool;
  private HikariDataSource currentPool;
  private HikariDataSource seedPool;
  private WorkflowRunRepository repository;
  private @Nullable String lastId;
  private @Nullable String cursor;
  private Captured lastIdSql;
  private Captured cursorSql;

  /** Loads the table if needed, finds the page's cursor, captures runstore's statements and checks all ways agree. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    server = BenchServer.of(db);
    app = BusyInstall.configured().ensureLoaded(server).app(share);
    runstorePool = server.pool(BusyInstall.RUNSTORE, 2, "");
    currentPool = server.pool(BusyInstall.DIFY_CURRENT, 2, "");
    seedPool = server.pool(BusyInstall.DIFY_SEED, 2, "");
    repository = server.repository(runstorePool, false);
    RunPosition position = position(server, runstorePool, app, depthRuns(app, depth));
    lastId = position == null ? null : position.id();
    cursor = position == null ? null : position.toCursor();
    lastIdSql = Captured.single(runstorePool, ds -> byLastId(server.repository(ds, false)));
    cursorSql = Captured.single(runstorePool, ds -> byCursor(server.repository(ds, false)));
    Map<String, List<String>> pages = new TreeMap<>();
    pages.put("runstoreLastId", ids(runstoreLastId()));
    pages.put("runstoreCursor", ids(runstoreCursor()));
    pages.put("handLastId", ids(handLastId()));
    pages.put("handCursor", ids(handCursor()));
    pages.put("difyCurrent", ids(difyCurrent()));
    pages.put("difySeed", ids(difySeed()));
    check(pages, LIMIT);
  }

  /** The runs before the page: {@code percent} % of the app's runs, rounded down, always leaving one after it. */
  static long depthRuns(BusyInstall.App app, String percent) {
    return Math.min(app.runs() - 1, (long) Math.floor(app.runs() * Double.parseDouble(percent) / 100));
  }

  /** Fails unless every way returned the same, non-empty page. */
  static void check(Map<String, List<String>> pages, int limit) {
    List<String> expected = pages.values().iterator().next();
    if (expected.isEmpty() || expected.size() > limit || pages.values().stream().anyMatch(p -> !p.equals(expected))) {
      throw new IllegalStateException("the ways disagree: " + pages);
    }
  }

  /** Closes the pools (the tables stay for the next run). */
  @TearDown(Level.Trial)
  public void tearDown() {
    repository.close();
    runstorePool.close();
    currentPool.close();
    seedPool.close();
  }

  /**
   * The position of the {@code depth}-th newest app-run run of {@code app} (the last row a reader
   * {@code depth} runs deep has seen), or null for depth 0.
   */
  static @Nullable RunPosition position(BenchServer server, HikariDataSource pool, BusyInstall.App app, long depth)
      throws SQLException {
    if (depth <= 0) {
      return null;
    }
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id, created_at FROM workflow_runs"
            + " WHERE tenant_id = ? AND app_id = ? AND triggered_from = ?"
            + " ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?")) {
      server.bindUuid(s, 1, app.tenantId());
      server.bindUuid(s, 2, app.appId());
      s.setString(3, TriggeredFrom.APP_RUN.value());
      s.setLong(4, depth - 1);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("the app has fewer than " + depth + " runs");
        }
        return new RunPosition(rs.getObject(2, java.time.LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getString(1));
      }
    }
  }

  static List<String> ids(InfiniteScrollPagination<WorkflowRun> page) {
    return page.data().stream().map(WorkflowRun::id).toList();
  }

  private InfiniteScrollPagination<WorkflowRun> byLastId(WorkflowRunRepository r) {
    return r.getPaginatedWorkflowRuns(app.tenantId(), app.appId(), TriggeredFrom.APP_RUN, LIMIT, lastId);
  }

  private InfiniteScrollPagination<WorkflowRun> byCursor(WorkflowRunRepository r) {
    return r.getPaginatedWorkflowRuns(RunListQuery.builder(app.tenantId(), app.appId())
        .triggeredFrom(TriggeredFrom.APP_RUN).limit(LIMIT).cursor(cursor).build());
  }

  /** runstore v1: {@code getPaginatedWorkflowRuns(tenant, app, APP_RUN, 20, lastId)}. */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> runstoreLastId() {
    return byLastId(repository);
  }

  /** runstore v1.1: {@code RunListQuery} with a cursor token. */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> runstoreCursor() {
    return byCursor(repository);
  }

  /** Baseline: runstore's captured lastId statement, hand-written JDBC, same prepare mode. */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> handLastId() throws SQLException {
    return Hand.page(runstorePool, lastIdSql, Hand.Prepare.AS_CAPTURED, LIMIT, lastId != null);
  }

  /** Baseline: runstore's captured token statement, hand-written JDBC, same prepare mode. */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> handCursor() throws SQLException {
    return Hand.page(runstorePool, cursorSql, Hand.Prepare.AS_CAPTURED, LIMIT, false);
  }

  /** Dify's list SQL on Dify's current indexes (with the 2026 {@code (created_at, id)} index). */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> difyCurrent() throws SQLException {
    return Hand.dify(server, currentPool, app.tenantId(), app.appId(), lastId, LIMIT, Hand.Prepare.UNNAMED);
  }

  /**
   * Dify's list SQL on Dify's seed-era indexes ({@code (tenant_id, app_id, triggered_from)} only).
   * Fewer iterations: one call reads every run of the app (seconds for the 10 % app on MariaDB).
   */
  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 3, time = 1)
  public InfiniteScrollPagination<WorkflowRun> difySeed() throws SQLException {
    return Hand.dify(server, seedPool, app.tenantId(), app.appId(), lastId, LIMIT, Hand.Prepare.UNNAMED);
  }
}
