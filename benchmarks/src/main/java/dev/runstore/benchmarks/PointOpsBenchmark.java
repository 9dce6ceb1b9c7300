package dev.runstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-row operations side by side on the {@link PagingData} table: an autocommit upsert
 * ({@link WorkflowRunRepository#save}, updating an existing run in place: one commit, so one WAL
 * flush, each) against a get-by-id of a random run of the same app. Compare within one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class PointOpsBenchmark {

  private HikariDataSource pool;
  private PostgresWorkflowRunRepository repository;
  private PagingData data;
  private List<WorkflowRun> runs;
  private Random random;
  private long counter;

  /** Loads the data (once per machine) and 1000 runs of the app to read and rewrite. */
  @Setup(Level.Trial)
  public void setUp() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    data = PagingData.ensureLoaded();
    pool = BenchDatabase.pool(PagingData.SCHEMA, 2);
    repository = new PostgresWorkflowRunRepository(pool);
    runs = new ArrayList<>(repository.getExpiredRunsBatch(data.tenantId, Instant.parse("9000-01-01T00:00:00Z"), 1000));
    if (runs.size() != 1000) {
      throw new IllegalStateException("expected 1000 runs, found " + runs.size());
    }
    random = new Random(42);
  }

  /** Closes the pool. */
  @TearDown(Level.Trial)
  public void tearDown() {
    repository.close();
    pool.close();
  }

  /** {@code save(run)} of an existing run with a changed token count: an UPDATE via ON CONFLICT. */
  @Benchmark
  public WorkflowRun upsert() {
    WorkflowRun run = runs.get(random.nextInt(runs.size())).toBuilder().totalTokens(counter++).build();
    repository.save(run);
    return run;
  }

  /** {@code getWorkflowRunById} of a random one of the same runs. */
  @Benchmark
  public Optional<WorkflowRun> getById() {
    return repository.getWorkflowRunById(data.tenantId, data.appId, runs.get(random.nextInt(runs.size())).id());
  }
}
