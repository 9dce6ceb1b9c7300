package dev.runstore.benchmarks;

import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.WorkflowRun;
import java.sql.SQLException;
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
 * Issue 16, item 2: the page after a {@code lastId} against the page after a cursor token, as
 * statements run by hand (no library code in the way), in the prepare mode runstore uses for
 * pages: runstore's captured token statement (the target: ≤ 1.2× of it), runstore's captured
 * lastId statement, and the candidate one-round-trip lastId statement ({@link
 * PageData#PG_LASTID_LATERAL} on PostgreSQL, {@link PageData#MARIADB_LASTID_JOINED} on MariaDB),
 * which the setup checks returns the same page and refuses unknown and foreign ids.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LastIdBenchmark {

  /** The server. */
  @Param({"postgres", "mariadb"})
  public String db = "postgres";

  /** The app's share of the table, in percent. */
  @Param({"1", "10"})
  public String share = "10";

  /** How much of the app comes before the page, in percent of its runs. */
  @Param({"1", "50", "99"})
  public String depth = "50";

  private PageData d;

  /** Loads the table if needed, captures runstore's statements and checks the candidate. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    d = new PageData(BenchServer.of(db), share, depth, "");
  }

  /** Closes the pool. */
  @TearDown(Level.Trial)
  public void tearDown() {
    d.close();
  }

  /** runstore's page after a cursor token (no lookup): the target. */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> token() throws SQLException {
    return d.token(d.pool, Hand.Prepare.AS_CAPTURED);
  }

  /** runstore's current page after a lastId (cursor run resolved in the statement). */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> lastId() throws SQLException {
    return d.lastId(d.pool, Hand.Prepare.AS_CAPTURED);
  }

  /** The candidate lastId statement. */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> candidate() throws SQLException {
    return d.candidate(d.pool, d.lastId, Hand.Prepare.UNNAMED);
  }
}
