package dev.runstore.retention;

import dev.runstore.api.Checks;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.internal.observe.ObserverCalls;
import dev.runstore.spi.Operation;
import dev.runstore.spi.OperationObserver;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Puts archived runs back: reads the complete batches of a tenant (or several, or all) whose runs
 * were created within a date range, verifies each file against its manifest, and upserts the runs
 * with {@link WorkflowRunRepository#save(WorkflowRun)}.
 *
 * <p>Idempotent: running it again saves the same rows again. A run found in several files (a
 * retention rerun after a crash can archive it twice) is restored once, from the most recently
 * archived file; the other copies count as duplicates. Data files without a manifest are skipped:
 * their runs were never deleted. Memory: one batch file at a time plus the set of restored ids.
 */
public final class RestoreJob {

  private final WorkflowRunRepository repository;
  private final ArchiveReader reader;
  private final @Nullable Set<String> tenants;
  private final @Nullable LocalDate from;
  private final @Nullable LocalDate to;
  private final RestoreListener listener;
  private final ObserverCalls observer;

  private RestoreJob(Builder b) {
    this.repository = b.repository;
    this.reader = new ArchiveReader(b.archive, b.layout);
    this.tenants = b.scope.chosen();
    this.from = b.from;
    this.to = b.to;
    this.listener = b.listener;
    this.observer = b.observer;
  }

  /** A builder for a restore from {@code archive} into {@code repository}. */
  public static Builder builder(WorkflowRunRepository repository, RunArchive archive) {
    return new Builder(repository, archive);
  }

  /**
   * What {@link #run()} would read: the complete batches of the chosen tenants and date range,
   * and the data files without a manifest (skipped). Reads manifests only; nothing is saved.
   *
   * @throws ArchiveException when listing fails or a manifest is invalid
   */
  public ArchiveReader.Listing plan() {
    return reader.select(tenants, from, to);
  }

  /**
   * Runs the restore.
   *
   * @throws ArchiveException when listing fails or a complete batch fails verification (runs
   *     saved before it stay saved; rerunning is safe)
   * @throws dev.runstore.api.DataAccessException when the repository fails
   */
  public RestoreReport run() {
    return run(plan());
  }

  /**
   * Runs the restore of a {@link #plan()} taken before (so a caller can check or show it first
   * without listing the archive twice).
   *
   * @throws ArchiveException when a complete batch fails verification (runs saved before it stay
   *     saved; rerunning is safe)
   * @throws dev.runstore.api.DataAccessException when the repository fails
   */
  public RestoreReport run(ArchiveReader.Listing plan) {
    long started = System.nanoTime();
    List<StoredBatch> batches = new ArrayList<>(Checks.requireNonNull(plan, "plan").batches());
    int incomplete = plan.incompleteDataKeys().size();
    // Newest archive first: of several copies of a run, the one taken last (closest to its
    // deletion) wins.
    batches.sort(Comparator.comparing((StoredBatch b) -> b.manifest().archivedAt()).reversed()
        .thenComparing(StoredBatch::dataKey));
    Set<String> restored = new HashSet<>();
    int filesRead = 0;
    long duplicates = 0;
    for (StoredBatch batch : batches) {
      long batchStarted = observer.clock();
      Object context = observer.start(Operation.RETENTION_RESTORE);
      long saved = 0;
      try {
        List<WorkflowRun> runs = reader.read(batch);
        filesRead++;
        for (WorkflowRun run : runs) {
          LocalDate day = day(run.createdAt());
          if ((from != null && day.isBefore(from)) || (to != null && day.isAfter(to))) {
            continue;
          }
          if (!restored.add(run.id())) {
            duplicates++;
            continue;
          }
          repository.save(run);
          saved++;
        }
      } catch (RuntimeException | Error e) {
        observer.failed(Operation.RETENTION_RESTORE, batchStarted, context, e);
        throw e;
      }
      listener.progress(new RestoreReport(filesRead, restored.size(), duplicates, incomplete,
          Duration.ofNanos(System.nanoTime() - started)));
      observer.succeeded(Operation.RETENTION_RESTORE, batchStarted, context, saved, 0, batch.manifest().sizeBytes());
    }
    return new RestoreReport(filesRead, restored.size(), duplicates, incomplete,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private static LocalDate day(java.time.Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  /** Builds a {@link RestoreJob}. */
  public static final class Builder {
    private final WorkflowRunRepository repository;
    private final RunArchive archive;
    private ArchiveLayout layout = ArchiveLayout.defaults();
    private final TenantScope scope = new TenantScope();
    private @Nullable LocalDate from;
    private @Nullable LocalDate to;
    private RestoreListener listener = RestoreListener.NONE;
    private ObserverCalls observer = ObserverCalls.none();

    private Builder(WorkflowRunRepository repository, RunArchive archive) {
      this.repository = Checks.requireNonNull(repository, "repository");
      this.archive = Checks.requireNonNull(archive, "archive");
    }

    /** Restore one tenant's runs. */
    public Builder tenant(String tenantId) {
      return tenants(List.of(Checks.requireNonNull(tenantId, "tenantId")));
    }

    /** Restore the runs of these tenants (UUIDs). */
    public Builder tenants(Collection<String> tenantIds) {
      scope.tenants(tenantIds);
      return this;
    }

    /** Restore the runs of every tenant in the archive. */
    public Builder allTenants() {
      scope.all();
      return this;
    }

    /**
     * Only runs created on these UTC days, both inclusive; null for no bound (default: none).
     *
     * @throws IllegalArgumentException when {@code from} is after {@code to}
     */
    public Builder dateRange(@Nullable LocalDate from, @Nullable LocalDate to) {
      if (from != null && to != null && from.isAfter(to)) {
        throw new IllegalArgumentException("from " + from + " is after to " + to);
      }
      this.from = from;
      this.to = to;
      return this;
    }

    /** Progress callbacks (default none). */
    public Builder listener(RestoreListener listener) {
      this.listener = Checks.requireNonNull(listener, "listener");
      return this;
    }

    /** The archive key prefix the runs were archived under (default {@value ArchiveLayout#DEFAULT_PREFIX}). */
    public Builder prefix(String prefix) {
      this.layout = new ArchiveLayout(prefix);
      return this;
    }

    /**
     * Reports each batch file restored to {@code observer} as {@link Operation#RETENTION_RESTORE}
     * (runs saved, bytes of the data file), tagged with {@code backend} (the repository's short
     * name).
     *
     * @throws IllegalArgumentException when an argument is null or the backend is blank
     */
    public Builder observer(OperationObserver observer, String backend) {
      this.observer = ObserverCalls.of(observer, backend);
      return this;
    }

    /**
     * Reports to every one of {@code observers}, as {@link #observer(OperationObserver, String)}
     * (none: reports to nobody).
     *
     * @throws IllegalArgumentException when an argument or an observer is null or the backend is blank
     */
    public Builder observers(Collection<? extends OperationObserver> observers, String backend) {
      ObserverCalls calls = ObserverCalls.of(List.copyOf(Checks.requireNonNull(observers, "observers")), backend);
      this.observer = calls == null ? ObserverCalls.none() : calls;
      return this;
    }

    /**
     * The job.
     *
     * @throws IllegalArgumentException when no tenant scope was chosen
     */
    public RestoreJob build() {
      scope.chosen();
      return new RestoreJob(this);
    }
  }
}
