package dev.runstore.benchmarks;

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
 * Single-row operations on the runstore copy of the {@link BusyInstall} table, each against its
 * hand-written baseline in the same run, on the same pool: {@code save} (an existing run of the
 * 10 % app with its token count changed: one auto-committed upsert, one WAL/redo flush each)
 * against a raw upsert of every column without runstore's ownership check, bound as a user would
 * with the driver's defaults; and {@code getWorkflowRunById} against runstore's own captured
 * statement run by hand with the driver's defaults (on PostgreSQL: server-prepared after the
 * fifth execution, which runstore turns off).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PointOpsBenchmark {

  /** The server. */
  @Param({"postgres", "mariadb"})
  public String db = "postgres";

  private PointData d;

  /** Loads the table if needed, reads 1000 runs of the 10 % app and captures runstore's get statements. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    d = new PointData(BenchServer.of(db), "");
  }

  /** Closes the pool. */
  @TearDown(Level.Trial)
  public void tearDown() {
    d.close();
  }

  /** runstore {@code save(run)}: an upsert with the ownership check, auto-committed. */
  @Benchmark
  public WorkflowRun runstoreSave() {
    return d.save();
  }

  /** Baseline: a raw {@code INSERT ... ON CONFLICT / ON DUPLICATE KEY UPDATE} of every column, by hand. */
  @Benchmark
  public int rawUpsert() throws SQLException {
    return d.rawUpsert(Hand.Prepare.DRIVER_DEFAULT);
  }

  /** runstore {@code getWorkflowRunById}. */
  @Benchmark
  public Optional<WorkflowRun> runstoreGet() {
    return d.get();
  }

  /** Baseline: runstore's captured get statement by hand, with the driver's default prepare behaviour. */
  @Benchmark
  public Optional<WorkflowRun> handGet() throws SQLException {
    return d.handGet(Hand.Prepare.DRIVER_DEFAULT);
  }
}
