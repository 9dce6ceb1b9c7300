package dev.runstore.retention;

import dev.runstore.api.Checks;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
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
 * with {@link WorkflowRunRepository#save(WorkflowRun)}; a batch archived with its related rows
 * (format version 2) then gets the related rows of the runs it restored put back, with the pause
 * state objects, by {@link WorkflowRunRepository#restoreRelatedRows} (each row inserted exactly as
 * archived unless a row with its primary key exists). Batches of runs only (format version 1,
 * written before related rows were archived) restore as before.
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
    RelatedCounts related = RelatedCounts.ZERO;
    for (StoredBatch batch : batches) {
      long batchStarted = observer.clock();
      Object context = observer.start(Operation.RETENTION_RESTORE);
      long saved = 0;
      long relatedSaved = 0;
      try {
        ArchiveFormat.Batch content = reader.readBatch(batch);
        List<WorkflowRun> runs = content.runs();
        filesRead++;
        Set<String> savedHere = new HashSet<>();
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
          savedHere.add(run.id());
          saved++;
        }
        RelatedRows rows = relatedOf(content.related(), savedHere);
        if (!rows.tables().isEmpty() || !rows.pauseStates().isEmpty()) {
          RelatedCounts written = repository.restoreRelatedRows(batch.manifest().tenantId(), rows);
          related = related.plus(written);
          relatedSaved = written.total();
        }
      } catch (RuntimeException | Error e) {
        observer.failed(Operation.RETENTION_RESTORE, batchStarted, context, e);
        throw e;
      }
      listener.progress(new RestoreReport(filesRead, restored.size(), duplicates, incomplete,
          Duration.ofNanos(System.nanoTime() - started), withRuns(related, restored.size())));
      observer.succeeded(Operation.RETENTION_RESTORE, batchStarted, context, saved, relatedSaved,
          batch.manifest().sizeBytes());
    }
    return new RestoreReport(filesRead, restored.size(), duplicates, incomplete,
        Duration.ofNanos(System.nanoTime() - started), withRuns(related, restored.size()));
  }

  private static RelatedCounts withRuns(RelatedCounts related, long runs) {
    return new RelatedCounts(runs, related.nodeExecutions(), related.offloads(), related.appLogs(),
        related.triggerLogs(), related.pauses(), related.pauseReasons());
  }

  /**
   * The related rows of the runs {@code runIds} restored from this file (the runs outside the date
   * range, or restored from a newer copy, keep theirs out): rows by {@code workflow_run_id},
   * offloads by their node execution, pause reasons by their pause, states by their pause.
   */
  static RelatedRows relatedOf(RelatedRows all, Set<String> runIds) {
    if (all.tables().isEmpty() && all.pauseStates().isEmpty()) {
      return all;
    }
    Set<String> runs = lowerCase(runIds);
    Set<String> nodeExecutions = new HashSet<>();
    Set<String> pauses = new HashSet<>();
    Set<String> stateKeys = new HashSet<>();
    List<RelatedRows.Table> kept = new ArrayList<>();
    // Tables come in restore order: node executions before offloads, pauses before reasons.
    for (RelatedRows.Table table : all.tables()) {
      int runColumn = column(table, "workflow_run_id");
      List<List<@Nullable Object>> rows = new ArrayList<>();
      for (List<@Nullable Object> row : table.rows()) {
        boolean keep = switch (table.name()) {
          case "workflow_node_execution_offload" -> nodeExecutions.contains(lower(row.get(column(table, "node_execution_id"))));
          case "workflow_pause_reasons" -> pauses.contains(lower(row.get(column(table, "pause_id"))));
          default -> runColumn >= 0 && runs.contains(lower(row.get(runColumn)));
        };
        if (!keep) {
          continue;
        }
        rows.add(row);
        if (table.name().equals("workflow_node_executions")) {
          nodeExecutions.add(lower(row.get(column(table, "id"))));
        } else if (table.name().equals("workflow_pauses")) {
          pauses.add(lower(row.get(column(table, "id"))));
          Object key = row.get(column(table, "state_object_key"));
          if (key != null) {
            stateKeys.add(key.toString());
          }
        }
      }
      if (!rows.isEmpty()) {
        kept.add(new RelatedRows.Table(table.name(), table.columns(), rows));
      }
    }
    java.util.Map<String, byte[]> states = new java.util.LinkedHashMap<>();
    all.pauseStates().forEach((key, state) -> {
      if (stateKeys.contains(key)) {
        states.put(key, state);
      }
    });
    return new RelatedRows(kept, states);
  }

  private static int column(RelatedRows.Table table, String name) {
    for (int i = 0; i < table.columns().size(); i++) {
      if (table.columns().get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    if (!name.equals("workflow_run_id")) {
      throw new ArchiveException("archived table " + table.name() + " has no column " + name);
    }
    return -1;
  }

  private static String lower(@Nullable Object value) {
    return value == null ? "" : value.toString().toLowerCase(java.util.Locale.ROOT);
  }

  private static Set<String> lowerCase(Set<String> ids) {
    Set<String> lower = new HashSet<>();
    ids.forEach(id -> lower.add(lower(id)));
    return lower;
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
