package dev.runstore.micrometer;

import dev.runstore.spi.Operation;
import dev.runstore.spi.OperationEvent;
import dev.runstore.spi.OperationObserver;
import dev.runstore.spi.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters for runstore operations:
 *
 * <ul>
 *   <li>{@value #OPERATION_TIMER} — timer, tags {@code operation} (the repository method, e.g.
 *       {@code getWorkflowRunById}, or a retention step, e.g. {@code retention.archive}),
 *       {@code backend} ({@code postgres}, {@code mysql}, {@code h2}, {@code in-memory}) and
 *       {@code outcome} ({@link Outcome#value()}: {@code ok}, {@code invalid_argument},
 *       {@code transient_data_access_error}, {@code data_access_error}, {@code error});
 *   <li>{@value #ROWS_DELETED} — counter, tags {@code operation}, {@code backend}: runs deleted
 *       by {@code deleteRunsByIds}, {@code deleteRunsByApp} and {@code deleteRunsWithRelated};
 *   <li>{@value #RETENTION_BATCHES} (tag {@code backend}) — batches archived by a retention job;
 *       {@value #RETENTION_RUNS} (tags {@code backend}, {@code stage} = {@code archived},
 *       {@code deleted}, {@code restored}); {@value #RETENTION_RELATED_DELETED} (tag
 *       {@code backend}) — related rows deleted with purged runs; {@value #RETENTION_BYTES}
 *       (tags {@code backend}, {@code stage} = {@code archived}, {@code restored});
 *   <li>HikariCP's own pool meters ({@code hikaricp.connections}, {@code .active}, {@code .idle},
 *       {@code .pending}, {@code .max}, {@code .min}, {@code .acquire}, {@code .usage},
 *       {@code .creation}, {@code .timeout}; tag {@code pool} = {@code runstore-<backend>}) for
 *       a pool a repository owns (created by the factory without the application's
 *       DataSource), through HikariCP's {@code MicrometerMetricsTrackerFactory}. An application's
 *       own pool is the application's to instrument (Spring Boot does).
 * </ul>
 *
 * <pre>{@code
 * RunstoreMetrics metrics = RunstoreMetrics.builder(meterRegistry).build();
 * WorkflowRunRepository repo = WorkflowRunRepositories.create(config, dataSource,
 *     RepositoryOptions.builder().observer(metrics).build());
 * RetentionJob job = RetentionJob.builder(repo, archive).observer(metrics, "postgres")...;
 * }</pre>
 *
 * <p>Together with {@link RunstoreObservations} on an {@code ObservationRegistry} that records
 * meters ({@code DefaultMeterObservationHandler}, as Spring Boot configures it), the observation
 * already produces a {@value #OPERATION_TIMER} timer: build this one with
 * {@code recordTimers(false)} so the timer is not recorded twice.
 */
public final class RunstoreMetrics implements OperationObserver {

  /** Timer of every operation. */
  public static final String OPERATION_TIMER = "runstore.operation";

  /** Runs deleted by the repository's delete methods. */
  public static final String ROWS_DELETED = "runstore.rows.deleted";

  /** Batches a retention job archived. */
  public static final String RETENTION_BATCHES = "runstore.retention.batches";

  /** Runs a retention job archived or deleted, or a restore job saved back. */
  public static final String RETENTION_RUNS = "runstore.retention.runs";

  /** Related rows deleted with purged runs. */
  public static final String RETENTION_RELATED_DELETED = "runstore.retention.related.deleted";

  /** Archive bytes written by a retention job or read by a restore job. */
  public static final String RETENTION_BYTES = "runstore.retention.bytes";

  private static final int OUTCOMES = Outcome.values().length;

  private final MeterRegistry registry;
  private final boolean recordTimers;
  private final Map<String, BackendMeters> byBackend = new ConcurrentHashMap<>();

  private RunstoreMetrics(Builder b) {
    this.registry = b.registry;
    this.recordTimers = b.recordTimers;
  }

  /** A builder recording into {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /** Durations are needed only for the timers. */
  @Override
  public boolean needsDuration() {
    return recordTimers;
  }

  @Override
  public void onEnd(OperationEvent event, @Nullable Object context) {
    BackendMeters meters = byBackend.computeIfAbsent(event.backend(), BackendMeters::new);
    if (recordTimers && event.durationNanos() >= 0) {
      meters.timer(event.operation(), event.outcome()).record(event.durationNanos(), TimeUnit.NANOSECONDS);
    }
    if (event.outcome() != Outcome.OK) {
      return;
    }
    switch (event.operation()) {
      case DELETE_BY_IDS, DELETE_BY_APP, DELETE_WITH_RELATED -> meters.deleted(event.operation()).increment(event.rows());
      case RETENTION_ARCHIVE -> {
        meters.batches.increment();
        meters.runsArchived.increment(event.rows());
        meters.bytesArchived.increment(event.bytes());
      }
      case RETENTION_DELETE -> {
        meters.runsDeleted.increment(event.rows());
        meters.relatedDeleted.increment(event.relatedRows());
      }
      case RETENTION_RESTORE -> {
        meters.runsRestored.increment(event.rows());
        meters.bytesRestored.increment(event.bytes());
      }
      default -> {
        // reads and saves: the timer says it all
      }
    }
  }

  /** Binds HikariCP's pool meters to the registry when {@code pool} is a HikariCP pool. */
  @Override
  public void onOwnedPool(String backend, DataSource pool) {
    if (HikariPoolMetrics.AVAILABLE) {
      HikariPoolMetrics.bind(pool, registry);
    }
  }

  /** The meters of one backend, registered on first use (registering twice returns the same meter). */
  private final class BackendMeters {
    private final String backend;
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(Operation.values().length * OUTCOMES);
    private final AtomicReferenceArray<Counter> deleted = new AtomicReferenceArray<>(Operation.values().length);
    final Counter batches;
    final Counter runsArchived;
    final Counter runsDeleted;
    final Counter runsRestored;
    final Counter relatedDeleted;
    final Counter bytesArchived;
    final Counter bytesRestored;

    BackendMeters(String backend) {
      this.backend = backend;
      this.batches = Counter.builder(RETENTION_BATCHES).baseUnit("batches")
          .description("Batches archived, verified and deleted by retention jobs")
          .tag("backend", backend).register(registry);
      this.runsArchived = retentionRuns("archived");
      this.runsDeleted = retentionRuns("deleted");
      this.runsRestored = retentionRuns("restored");
      this.relatedDeleted = Counter.builder(RETENTION_RELATED_DELETED).baseUnit("rows")
          .description("Rows of related tables deleted with purged runs")
          .tag("backend", backend).register(registry);
      this.bytesArchived = retentionBytes("archived");
      this.bytesRestored = retentionBytes("restored");
    }

    private Counter retentionRuns(String stage) {
      return Counter.builder(RETENTION_RUNS).baseUnit("runs")
          .description("Runs archived or deleted by retention jobs, or saved back by restore jobs")
          .tags("backend", backend, "stage", stage).register(registry);
    }

    private Counter retentionBytes(String stage) {
      return Counter.builder(RETENTION_BYTES).baseUnit("bytes")
          .description("Archive bytes written by retention jobs or read back by restore jobs")
          .tags("backend", backend, "stage", stage).register(registry);
    }

    Timer timer(Operation operation, Outcome outcome) {
      int i = operation.ordinal() * OUTCOMES + outcome.ordinal();
      Timer timer = timers.get(i);
      if (timer == null) {
        timer = Timer.builder(OPERATION_TIMER)
            .description("runstore repository operations and retention steps")
            .tags("operation", operation.value(), "backend", backend, "outcome", outcome.value())
            .register(registry);
        timers.set(i, timer);
      }
      return timer;
    }

    Counter deleted(Operation operation) {
      Counter counter = deleted.get(operation.ordinal());
      if (counter == null) {
        counter = Counter.builder(ROWS_DELETED).baseUnit("rows")
            .description("Runs deleted by the repository's delete methods")
            .tags("operation", operation.value(), "backend", backend).register(registry);
        deleted.set(operation.ordinal(), counter);
      }
      return counter;
    }
  }

  /** Builds {@link RunstoreMetrics}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private boolean recordTimers = true;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Whether to record the {@value #OPERATION_TIMER} timer (default true); false when an
     * Observation with a meter handler records it already (see the class comment).
     */
    public Builder recordTimers(boolean recordTimers) {
      this.recordTimers = recordTimers;
      return this;
    }

    /** The observer. */
    public RunstoreMetrics build() {
      return new RunstoreMetrics(this);
    }
  }
}
