package dev.runstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.WorkflowRun;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * Issue 16, item 1 on PostgreSQL: what {@code prepareThreshold=0} (PostgresDialect keeps every
 * statement unnamed, so the server parses and plans it at every call) costs, statement by
 * statement, and what keeps the plans without it. runstore's own captured statements are run by
 * hand three ways: {@code Unnamed} (runstore's choice), {@code Named} (pgjdbc's default:
 * server-prepared from the fifth execution, then PostgreSQL's {@code plan_cache_mode=auto} may
 * switch to a generic plan) and {@code CustomPlan} (server-prepared on a pool whose sessions set
 * {@code plan_cache_mode=force_custom_plan}: parsed once, planned with the values every time).
 * The save and get of runstore itself and a raw upsert (no ownership check) run alongside.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PostgresPrepareBenchmark {

  /** Driver parameter giving every session of a pool {@code plan_cache_mode=force_custom_plan}. */
  static final String FORCE_CUSTOM_PLAN = "options=-c%20plan_cache_mode%3Dforce_custom_plan";

  /**
   * {@code sync}: every commit waits for its WAL flush (the server's default); {@code async}: the
   * point operations' sessions set {@code synchronous_commit=off}, which takes the flush (the
   * noisiest part on a shared disk) out of save's time and leaves what the statement costs.
   */
  @Param({"sync"})
  public String commit = "sync";

  /** Driver parameter giving every session of a pool {@code synchronous_commit=off}. */
  static final String ASYNC_COMMIT = "options=-c%20synchronous_commit%3Doff";

  /** The app's share of the table, in percent (pages). */
  @Param({"10"})
  public String share = "10";

  /** How much of the app comes before the page, in percent of its runs (pages). */
  @Param({"50"})
  public String depth = "50";

  private PointData point;
  private PageData page;
  private HikariDataSource customPlanPool;

  /** Loads the table if needed and captures runstore's statements. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    if (!commit.equals("sync") && !commit.equals("async")) {
      throw new IllegalArgumentException("commit must be sync or async, was " + commit);
    }
    point = new PointData(BenchServer.POSTGRES, commit.equals("async") ? ASYNC_COMMIT : "");
    page = new PageData(BenchServer.POSTGRES, share, depth, "");
    customPlanPool = BenchServer.POSTGRES.pool(BusyInstall.RUNSTORE, 2,
        commit.equals("async") ? FORCE_CUSTOM_PLAN.replace("%3Dforce_custom_plan", "%3Dforce_custom_plan%20-c%20synchronous_commit%3Doff")
            : FORCE_CUSTOM_PLAN);
    try (java.sql.Connection c = customPlanPool.getConnection(); java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SHOW plan_cache_mode")) {
      if (!rs.next() || !"force_custom_plan".equals(rs.getString(1))) {
        throw new IllegalStateException("the custom-plan pool's sessions do not force custom plans");
      }
    }
  }

  /** Closes the pools. */
  @TearDown(Level.Trial)
  public void tearDown() {
    point.close();
    page.close();
    customPlanPool.close();
  }

  /** runstore {@code save}. */
  @Benchmark
  public WorkflowRun saveRunstore() {
    return point.save();
  }

  /** runstore's upsert statement by hand, unnamed (as runstore runs it). */
  @Benchmark
  public int saveUnnamed() throws SQLException {
    return point.handSave(point.pool, Hand.Prepare.UNNAMED);
  }

  /** runstore's upsert statement by hand, server-prepared (driver default). */
  @Benchmark
  public int saveNamed() throws SQLException {
    return point.handSave(point.pool, Hand.Prepare.DRIVER_DEFAULT);
  }

  /** runstore's upsert statement by hand, server-prepared, custom plans forced. */
  @Benchmark
  public int saveCustomPlan() throws SQLException {
    return point.handSave(customPlanPool, Hand.Prepare.DRIVER_DEFAULT);
  }

  /** A raw upsert without the ownership check, unnamed. */
  @Benchmark
  public int rawUnnamed() throws SQLException {
    return point.rawUpsert(Hand.Prepare.UNNAMED);
  }

  /** A raw upsert without the ownership check, server-prepared (driver default). */
  @Benchmark
  public int rawNamed() throws SQLException {
    return point.rawUpsert(Hand.Prepare.DRIVER_DEFAULT);
  }

  /** runstore {@code getWorkflowRunById}. */
  @Benchmark
  public Optional<WorkflowRun> getRunstore() {
    return point.get();
  }

  /** runstore's get statement by hand, unnamed. */
  @Benchmark
  public Optional<WorkflowRun> getUnnamed() throws SQLException {
    return point.handGet(Hand.Prepare.UNNAMED);
  }

  /** runstore's get statement by hand, server-prepared. */
  @Benchmark
  public Optional<WorkflowRun> getNamed() throws SQLException {
    return point.handGet(Hand.Prepare.DRIVER_DEFAULT);
  }

  /** runstore's token page statement, unnamed (as runstore runs it). */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> tokenUnnamed() throws SQLException {
    return page.token(page.pool, Hand.Prepare.UNNAMED);
  }

  /** runstore's token page statement, server-prepared (generic plan possible). */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> tokenNamed() throws SQLException {
    return page.token(page.pool, Hand.Prepare.DRIVER_DEFAULT);
  }

  /** runstore's token page statement, server-prepared, custom plans forced. */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> tokenCustomPlan() throws SQLException {
    return page.token(customPlanPool, Hand.Prepare.DRIVER_DEFAULT);
  }

  /** runstore's lastId page statement, unnamed (as runstore runs it). */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> lastIdUnnamed() throws SQLException {
    return page.lastId(page.pool, Hand.Prepare.UNNAMED);
  }

  /** runstore's lastId page statement, server-prepared. */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> lastIdNamed() throws SQLException {
    return page.lastId(page.pool, Hand.Prepare.DRIVER_DEFAULT);
  }

  /** The LATERAL lastId candidate, unnamed. */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> lateralUnnamed() throws SQLException {
    return page.candidate(page.pool, page.lastId, Hand.Prepare.UNNAMED);
  }

  /** The LATERAL lastId candidate, server-prepared. */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> lateralNamed() throws SQLException {
    return page.candidate(page.pool, page.lastId, Hand.Prepare.DRIVER_DEFAULT);
  }

  /** The LATERAL lastId candidate, server-prepared, custom plans forced. */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> lateralCustomPlan() throws SQLException {
    return page.candidate(customPlanPool, page.lastId, Hand.Prepare.DRIVER_DEFAULT);
  }
}
