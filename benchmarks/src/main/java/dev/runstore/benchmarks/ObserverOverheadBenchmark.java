package dev.runstore.benchmarks;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.spi.OperationEvent;
import dev.runstore.spi.OperationObserver;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What observing costs: {@code getWorkflowRunById} on the in-memory backend (no I/O, so the
 * decorator's share is as large as it can be), side by side in one run —
 * {@code plain} (no observer: the factory returns the backend's repository itself),
 * {@code noopObserver} (the decorator with an observer that does nothing and asks for no
 * duration) and {@code timedNoopObserver} (the same observer asking for durations: two
 * {@code System.nanoTime()} reads per call, what a metrics observer pays). Each repository holds
 * the same 1024 runs of one app; each call reads a random one of them. Compare within one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ObserverOverheadBenchmark {

  private static final int RUNS = 1024;

  /** Does nothing with what it is told. */
  private static final class NoopObserver implements OperationObserver {
    private final boolean needsDuration;

    NoopObserver(boolean needsDuration) {
      this.needsDuration = needsDuration;
    }

    @Override
    public boolean needsDuration() {
      return needsDuration;
    }

    @Override
    public void onEnd(OperationEvent event, @Nullable Object context) {}
  }

  private WorkflowRunRepository plain;
  private WorkflowRunRepository noop;
  private WorkflowRunRepository timedNoop;
  private String tenantId;
  private String appId;
  private String[] ids;
  private Random random;

  /** Three repositories with the same runs. */
  @Setup(Level.Trial)
  public void setUp() {
    RepositoryConfig config = RepositoryConfig.builder().repository("in-memory").build();
    plain = WorkflowRunRepositories.create(config, null, RepositoryOptions.builder().discoverObservers(false).build());
    noop = WorkflowRunRepositories.create(config, null,
        RepositoryOptions.builder().discoverObservers(false).observer(new NoopObserver(false)).build());
    timedNoop = WorkflowRunRepositories.create(config, null,
        RepositoryOptions.builder().discoverObservers(false).observer(new NoopObserver(true)).build());
    RunGenerator generator = new RunGenerator(42, 1, 1, Instant.parse("2025-01-01T00:00:00Z"), 30, 0, null);
    tenantId = generator.tenants().get(0);
    appId = generator.apps(0).get(0);
    ids = new String[RUNS];
    for (int i = 0; i < RUNS; i++) {
      WorkflowRun run = generator.next(0, 0);
      ids[i] = run.id();
      plain.save(run);
      noop.save(run);
      timedNoop.save(run);
    }
    if (plain.getClass() == noop.getClass()) {
      throw new IllegalStateException("the observed repository is not decorated");
    }
    random = new Random(7);
  }

  /** The backend's own repository. */
  @Benchmark
  public Optional<WorkflowRun> plain() {
    return plain.getWorkflowRunById(tenantId, appId, ids[random.nextInt(RUNS)]);
  }

  /** Through the decorator, one observer that does nothing and reads no clock. */
  @Benchmark
  public Optional<WorkflowRun> noopObserver() {
    return noop.getWorkflowRunById(tenantId, appId, ids[random.nextInt(RUNS)]);
  }

  /** Through the decorator, one observer that does nothing but asks for durations. */
  @Benchmark
  public Optional<WorkflowRun> timedNoopObserver() {
    return timedNoop.getWorkflowRunById(tenantId, appId, ids[random.nextInt(RUNS)]);
  }
}
