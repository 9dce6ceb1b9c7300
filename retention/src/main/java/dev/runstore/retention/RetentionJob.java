package dev.runstore.retention;

import dev.runstore.api.Checks;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.RunPosition;
import dev.runstore.api.RunStoreException;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.internal.observe.ObserverCalls;
import dev.runstore.spi.Operation;
import dev.runstore.spi.OperationObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Purges expired workflow runs, backing each batch up first: for one tenant, a list of tenants,
 * or every tenant, it finds the runs created before the cutoff, oldest first, writes them to the
 * {@link RunArchive} as one gzip'd JSON Lines file plus a manifest per batch (never mixing
 * tenants), re-reads both and verifies them, and only then deletes exactly the archived ids; then
 * the next batch.
 *
 * <p><b>Related rows.</b> By default ({@link Builder#withRelated(boolean) withRelated(true)}) a
 * batch is archived with its related rows ({@link WorkflowRunRepository#readRelatedRows}: node
 * executions, offloads, app logs, trigger logs, pauses, pause reasons, every column typed, and the
 * pauses' state objects) in the same data file, the manifest counting rows per table, and deleted
 * with {@link WorkflowRunRepository#deleteRunsWithRelated}, in Dify's order, one transaction per
 * chunk. Tables a database does not have count 0. With {@code withRelated(false)} only the runs
 * are archived (format version 1) and deleted with
 * {@link WorkflowRunRepository#deleteRunsByIds(String, Collection)}.
 *
 * <p><b>Crash safety.</b> A run is deleted only after the batch file holding it and its manifest
 * are durable and verified, so a job killed at any point leaves every expired run in the table,
 * in a complete batch of the archive, or both. A rerun simply continues: runs still in the table
 * are archived again (possibly into a second file), which {@link RestoreJob} dedupes by id.
 *
 * <p><b>Finding runs.</b> With {@link Builder#endedOnly(boolean) endedOnly} (the default) the job
 * walks {@link WorkflowRunRepository#getRunsBatchByTimeRange} by {@code (createdAt, id)}
 * position, so unfinished runs among the oldest never stall it; a walk over several tenants keeps
 * a buffer per tenant and writes a tenant's file when it holds a full batch (or when all buffers
 * together exceed three batches). For every status it pages each listed tenant with
 * {@link WorkflowRunRepository#getExpiredRunsBatch}. Memory stays bounded by a few batches,
 * whatever the number of expired runs.
 *
 * <p>A job can be {@link #run()} repeatedly; a cutoff given as a {@code Duration} is measured
 * from the start of each run.
 */
public final class RetentionJob {

  private final WorkflowRunRepository repository;
  private final RunArchive archive;
  private final ArchiveLayout layout;
  private final @Nullable Set<String> tenants;
  private final @Nullable Duration olderThan;
  private final @Nullable Instant createdBefore;
  private final int batchSize;
  private final boolean dryRun;
  private final long maxRuns;
  private final @Nullable Duration maxDuration;
  private final boolean endedOnly;
  private final boolean withRelated;
  private final RetentionListener listener;
  private final ObserverCalls observer;
  private final Clock clock;

  private RetentionJob(Builder b) {
    this.repository = b.repository;
    this.archive = b.archive;
    this.layout = b.layout;
    Set<String> chosen = b.scope.chosen();
    this.tenants = chosen == null ? null : Set.copyOf(chosen);
    this.olderThan = b.olderThan;
    this.createdBefore = b.createdBefore;
    this.batchSize = b.batchSize;
    this.dryRun = b.dryRun;
    this.maxRuns = b.maxRuns;
    this.maxDuration = b.maxDuration;
    this.endedOnly = b.endedOnly;
    this.withRelated = b.withRelated;
    this.listener = b.listener;
    this.observer = b.observer;
    this.clock = b.clock;
  }

  /** A builder for a job over {@code repository} that archives to {@code archive}. */
  public static Builder builder(WorkflowRunRepository repository, RunArchive archive) {
    return new Builder(repository, archive);
  }

  /**
   * Runs the job once.
   *
   * @throws dev.runstore.api.DataAccessException when the repository fails
   * @throws ArchiveException when writing or verifying a batch fails (nothing of that batch is
   *     deleted)
   */
  public RetentionReport run() {
    Instant started = clock.instant();
    Instant cutoff = olderThan != null
        ? started.minus(olderThan).truncatedTo(ChronoUnit.MICROS)
        : Checks.requireNonNull(createdBefore, "cutoff");
    cutoff = Checks.requireStorableInstant(cutoff, "cutoff");
    State s = new State(cutoff, started, maxDuration == null ? null : started.plus(maxDuration));
    if (endedOnly) {
      walkEnded(s);
    } else {
      pageTenants(s);
    }
    return s.report();
  }

  // ---- every status: page each tenant's head, which moves because we delete it ----

  private void pageTenants(State s) {
    List<String> order = new ArrayList<>(Checks.requireNonNull(tenants, "tenants"));
    order.sort(null);
    for (int i = 0; i < order.size(); i++) {
      String tenant = order.get(i);
      @Nullable RunPosition previousFirst = null;
      while (true) {
        long room = maxRuns - s.counted();
        if (room <= 0 || s.timeUp()) {
          s.stoppedByBudget = anyExpired(order.subList(i, order.size()), s.cutoff);
          return;
        }
        if (dryRun) {
          // Without deleting, the head never moves: count one maximal batch per tenant.
          List<WorkflowRun> head =
              repository.getExpiredRunsBatch(tenant, s.cutoff, WorkflowRunRepository.MAX_BATCH_SIZE);
          s.scanned += Math.min(head.size(), room);
          countRelated(tenant, head.subList(0, (int) Math.min(head.size(), room)), s);
          if (head.size() > room) {
            s.stoppedByBudget = true;
            return;
          }
          s.countIsLowerBound |= head.size() == WorkflowRunRepository.MAX_BATCH_SIZE;
          listener.progress(s.report());
          break;
        }
        int limit = (int) Math.min(batchSize, room);
        List<WorkflowRun> batch = repository.getExpiredRunsBatch(tenant, s.cutoff, limit);
        if (batch.isEmpty()) {
          break;
        }
        RunPosition first = RunPosition.of(batch.get(0));
        if (first.equals(previousFirst)) {
          throw new RunStoreException("retention made no progress on tenant " + tenant
              + ": the runs of the previous batch were not deleted");
        }
        previousFirst = first;
        s.scanned += batch.size();
        archiveAndDelete(tenant, batch, s);
        listener.progress(s.report());
        if (batch.size() < limit) {
          break;
        }
      }
    }
  }

  private boolean anyExpired(List<String> tenantIds, Instant cutoff) {
    for (String tenant : tenantIds) {
      if (!repository.getExpiredRunsBatch(tenant, cutoff, 1).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  // ---- ended runs only: walk by position over one, several or every tenant ----

  private void walkEnded(State s) {
    Map<String, List<WorkflowRun>> buffers = new LinkedHashMap<>();
    int maxBuffered = 3 * batchSize;
    @Nullable RunPosition lastSeen = null;
    while (true) {
      long room = maxRuns - s.counted() - s.buffered;
      if (room <= 0 || s.timeUp()) {
        s.stoppedByBudget = !repository.getRunsBatchByTimeRange(query(s.cutoff, lastSeen, 1)).isEmpty();
        break;
      }
      int limit = (int) Math.min(batchSize, room);
      List<WorkflowRun> batch = repository.getRunsBatchByTimeRange(query(s.cutoff, lastSeen, limit));
      if (batch.isEmpty()) {
        break;
      }
      s.scanned += batch.size();
      lastSeen = RunPosition.of(batch.get(batch.size() - 1));
      if (dryRun) {
        Map<String, List<WorkflowRun>> byTenant = new LinkedHashMap<>();
        for (WorkflowRun run : batch) {
          byTenant.computeIfAbsent(run.tenantId(), t -> new ArrayList<>()).add(run);
        }
        byTenant.forEach((tenant, runs) -> countRelated(tenant, runs, s));
      } else {
        for (WorkflowRun run : batch) {
          buffers.computeIfAbsent(run.tenantId(), t -> new ArrayList<>()).add(run);
        }
        s.buffered += batch.size();
        flushFull(buffers, s);
        if (s.buffered > maxBuffered) {
          flushAll(buffers, s);
        }
      }
      listener.progress(s.report());
      if (batch.size() < limit) {
        break;
      }
    }
    flushAll(buffers, s);
  }

  private TimeRangeBatchQuery query(Instant cutoff, @Nullable RunPosition lastSeen, int limit) {
    return TimeRangeBatchQuery.builder(cutoff)
        .lastSeen(lastSeen)
        .batchSize(limit)
        .tenantIds(tenants)
        .build();
  }

  /** Writes a full batch of every tenant whose buffer holds one; the rest stays buffered. */
  private void flushFull(Map<String, List<WorkflowRun>> buffers, State s) {
    for (Iterator<Map.Entry<String, List<WorkflowRun>>> it = buffers.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, List<WorkflowRun>> entry = it.next();
      List<WorkflowRun> buffer = entry.getValue();
      while (buffer.size() >= batchSize) {
        List<WorkflowRun> chunk = new ArrayList<>(buffer.subList(0, batchSize));
        buffer.subList(0, batchSize).clear();
        s.buffered -= chunk.size();
        archiveAndDelete(entry.getKey(), chunk, s);
      }
      if (buffer.isEmpty()) {
        it.remove();
      }
    }
  }

  private void flushAll(Map<String, List<WorkflowRun>> buffers, State s) {
    for (Iterator<Map.Entry<String, List<WorkflowRun>>> it = buffers.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, List<WorkflowRun>> entry = it.next();
      List<WorkflowRun> buffer = entry.getValue();
      for (int from = 0; from < buffer.size(); from += batchSize) {
        archiveAndDelete(entry.getKey(), buffer.subList(from, Math.min(buffer.size(), from + batchSize)), s);
      }
      s.buffered -= buffer.size();
      it.remove();
    }
  }

  /** Dry run: adds what purging {@code runs} would delete, per table, to the report. */
  private void countRelated(String tenantId, List<WorkflowRun> runs, State s) {
    if (runs.isEmpty()) {
      return;
    }
    if (withRelated) {
      s.related = s.related.plus(repository.countRunsWithRelated(tenantId, ids(runs)));
    } else {
      s.related = s.related.plus(new RelatedCounts(runs.size(), 0, 0, 0, 0, 0, 0));
    }
  }

  private static List<String> ids(List<WorkflowRun> runs) {
    List<String> ids = new ArrayList<>(runs.size());
    for (WorkflowRun run : runs) {
      ids.add(run.id());
    }
    return ids;
  }

  // ---- one batch: write, verify, then delete exactly those ids ----

  private void archiveAndDelete(String tenantId, List<WorkflowRun> runs, State s) {
    long started = observer.clock();
    Object context = observer.start(Operation.RETENTION_ARCHIVE);
    List<String> ids = ids(runs);
    ArchivedFile file;
    try {
      // Read in the same call as the runs' batch: the rows deleted below are these rows (ended
      // runs get no new related rows; a row added meanwhile would be deleted unarchived).
      RelatedRows related = withRelated ? repository.readRelatedRows(tenantId, ids) : RelatedRows.NONE;
      file = archive(tenantId, runs, related, s);
    } catch (RuntimeException | Error e) {
      observer.failed(Operation.RETENTION_ARCHIVE, started, context, e);
      throw e;
    }
    BatchManifest manifest = file.manifest();
    observer.succeeded(Operation.RETENTION_ARCHIVE, started, context, runs.size(), manifest.related().total(),
        file.bytesWritten());

    // 3. Exactly the archived ids, and only within the tenant.
    started = observer.clock();
    context = observer.start(Operation.RETENTION_DELETE);
    RelatedCounts deleted;
    try {
      deleted = withRelated
          ? repository.deleteRunsWithRelated(tenantId, ids)
          : new RelatedCounts(repository.deleteRunsByIds(tenantId, ids), 0, 0, 0, 0, 0, 0);
    } catch (RuntimeException | Error e) {
      observer.failed(Operation.RETENTION_DELETE, started, context, e);
      throw e;
    }
    observer.succeeded(Operation.RETENTION_DELETE, started, context, deleted.runs(), deleted.total() - deleted.runs(), 0);

    s.archived += runs.size();
    s.deleted += deleted.runs();
    s.related = s.related.plus(deleted);
    s.bytesWritten += file.bytesWritten();
    s.batches++;
    listener.batchArchived(new ArchivedBatch(tenantId, file.dataKey(), manifest, Math.toIntExact(deleted.runs()), deleted));
  }

  /** A batch file written (or found complete) and verified. */
  private record ArchivedFile(String dataKey, BatchManifest manifest, long bytesWritten) {}

  /** Steps 1 and 2 of a batch: its data file and manifest, durable and verified. */
  private ArchivedFile archive(String tenantId, List<WorkflowRun> runs, RelatedRows related, State s) {
    RunPosition first = RunPosition.of(runs.get(0));
    RunPosition last = RunPosition.of(runs.get(runs.size() - 1));
    byte[] data = withRelated ? ArchiveFormat.encode(runs, related) : ArchiveFormat.encode(runs);
    String sha256 = Hashes.sha256Hex(data);

    // The same runs always encode to the same bytes, so a rerun after a crash finds its batch
    // under the same key: complete already (skip writing), or a data file without manifest
    // (overwrite it: its runs were never deleted). A complete batch with other content under
    // that key (its first run was restored and is being purged again with other runs) is never
    // overwritten: this batch then goes to a key suffixed with its checksum.
    String base = layout.baseKey(tenantId, first);
    @Nullable BatchManifest existing = existingManifest(ArchiveLayout.manifestKey(base));
    if (existing != null && !existing.sha256().equals(sha256)) {
      base = base + "-" + sha256.substring(0, 16);
      existing = existingManifest(ArchiveLayout.manifestKey(base));
    }
    String dataKey = ArchiveLayout.dataKey(base);
    String manifestKey = ArchiveLayout.manifestKey(base);
    long written = 0;
    BatchManifest manifest;
    if (existing != null && existing.sha256().equals(sha256)
        && existing.dataFile().equals(ArchiveLayout.fileName(dataKey))) {
      manifest = existing;
      verifyStored(dataKey, manifest, runs, related);
    } else {
      manifest = new BatchManifest(
          withRelated ? BatchManifest.FORMAT_VERSION_RELATED : BatchManifest.FORMAT_VERSION,
          tenantId, ArchiveLayout.fileName(dataKey), runs.size(),
          data.length, sha256, first, last, clock.instant().truncatedTo(ChronoUnit.MICROS), s.cutoff,
          related.counts(), related.pauseStates().size());
      // 1. The data file, durable, then read back: bytes, checksum and every record must match.
      archive.put(dataKey, data);
      verifyStored(dataKey, manifest, runs, related);
      // 2. The manifest marks the batch complete; it too is read back before anything is deleted.
      byte[] manifestJson = manifest.toJson();
      archive.put(manifestKey, manifestJson);
      byte[] storedManifest = archive.get(manifestKey).orElseThrow(
          () -> new ArchiveException("manifest " + manifestKey + " vanished right after it was written"));
      if (!BatchManifest.fromJson(storedManifest).equals(manifest)) {
        throw new ArchiveException("manifest " + manifestKey + " reads back different from what was written");
      }
      written = data.length + manifestJson.length;
    }
    return new ArchivedFile(dataKey, manifest, written);
  }

  private @Nullable BatchManifest existingManifest(String manifestKey) {
    Optional<byte[]> json = archive.get(manifestKey);
    if (json.isEmpty()) {
      return null;
    }
    try {
      return BatchManifest.fromJson(json.get());
    } catch (ArchiveException e) {
      throw new ArchiveException("existing manifest " + manifestKey + " is unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the data file back and checks it holds exactly {@code runs} and {@code related} (every
   * row, column by column, and every pause state), as the manifest says.
   */
  private void verifyStored(String dataKey, BatchManifest manifest, List<WorkflowRun> runs, RelatedRows related) {
    byte[] stored = archive.get(dataKey)
        .orElseThrow(() -> new ArchiveException("data file " + dataKey + " is missing"));
    ArchiveFormat.Batch batch = ArchiveReader.verify(dataKey, stored, manifest);
    if (!batch.runs().equals(runs)) {
      throw new ArchiveException("data file " + dataKey + " reads back different runs than were written");
    }
    if (!batch.related().equals(related)) {
      throw new ArchiveException("data file " + dataKey + " reads back different related rows than were written");
    }
  }

  private final class State {
    final Instant cutoff;
    final Instant started;
    final @Nullable Instant deadline;
    long scanned;
    long archived;
    long deleted;
    long bytesWritten;
    int batches;
    long buffered;
    boolean stoppedByBudget;
    boolean countIsLowerBound;
    RelatedCounts related = RelatedCounts.ZERO;

    State(Instant cutoff, Instant started, @Nullable Instant deadline) {
      this.cutoff = cutoff;
      this.started = started;
      this.deadline = deadline;
    }

    /** Runs that count against {@code maxRuns}: archived ones, or found ones in a dry run. */
    long counted() {
      return dryRun ? scanned : archived;
    }

    boolean timeUp() {
      return deadline != null && !clock.instant().isBefore(deadline);
    }

    RetentionReport report() {
      return new RetentionReport(cutoff, dryRun, scanned, archived, deleted, bytesWritten, batches,
          Duration.between(started, clock.instant()), stoppedByBudget, countIsLowerBound, related);
    }
  }

  /** Builds a {@link RetentionJob}; every option is checked by {@link #build()}. */
  public static final class Builder {
    private final WorkflowRunRepository repository;
    private final RunArchive archive;
    private ArchiveLayout layout = ArchiveLayout.defaults();
    private final TenantScope scope = new TenantScope();
    private @Nullable Duration olderThan;
    private @Nullable Instant createdBefore;
    private int batchSize = 1000;
    private boolean dryRun;
    private long maxRuns = Long.MAX_VALUE;
    private @Nullable Duration maxDuration;
    private boolean endedOnly = true;
    private boolean withRelated = true;
    private RetentionListener listener = RetentionListener.NONE;
    private ObserverCalls observer = ObserverCalls.none();
    private Clock clock = Clock.systemUTC();

    private Builder(WorkflowRunRepository repository, RunArchive archive) {
      this.repository = Checks.requireNonNull(repository, "repository");
      this.archive = Checks.requireNonNull(archive, "archive");
    }

    /** Purge one tenant's runs. */
    public Builder tenant(String tenantId) {
      return tenants(List.of(Checks.requireNonNull(tenantId, "tenantId")));
    }

    /** Purge the runs of these tenants (UUIDs). */
    public Builder tenants(Collection<String> tenantIds) {
      scope.tenants(tenantIds);
      return this;
    }

    /** Purge the runs of every tenant (ended runs only). */
    public Builder allTenants() {
      scope.all();
      return this;
    }

    /** Runs created more than {@code olderThan} before the job starts are expired. */
    public Builder cutoff(Duration olderThan) {
      Checks.requireNonNull(olderThan, "cutoff");
      if (olderThan.isNegative()) {
        throw new IllegalArgumentException("cutoff must not be negative, was " + olderThan);
      }
      this.olderThan = olderThan;
      this.createdBefore = null;
      return this;
    }

    /** Runs created before {@code createdBefore} are expired. */
    public Builder cutoff(Instant createdBefore) {
      this.createdBefore = Checks.requireStorableInstant(createdBefore, "cutoff");
      this.olderThan = null;
      return this;
    }

    /** Runs per batch file and per delete, 1..10000 (default 1000). */
    public Builder batchSize(int batchSize) {
      this.batchSize = Checks.requireRange(batchSize, 1, WorkflowRunRepository.MAX_BATCH_SIZE, "batchSize");
      return this;
    }

    /** Only count what would be purged: nothing is written or deleted (default false). */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** Stop after this many runs (at least 1; default unlimited). */
    public Builder maxRuns(long maxRuns) {
      if (maxRuns < 1) {
        throw new IllegalArgumentException("maxRuns must be positive, was " + maxRuns);
      }
      this.maxRuns = maxRuns;
      return this;
    }

    /**
     * Start no new batch after this much time (default unlimited); the batch in progress, and
     * runs already read, are still finished.
     */
    public Builder maxDuration(Duration maxDuration) {
      Checks.requireNonNull(maxDuration, "maxDuration");
      if (maxDuration.isNegative()) {
        throw new IllegalArgumentException("maxDuration must not be negative, was " + maxDuration);
      }
      this.maxDuration = maxDuration;
      return this;
    }

    /**
     * True (default): purge ended runs only (succeeded, failed, stopped, partial-succeeded).
     * False: every status; needs explicit tenants.
     */
    public Builder endedOnly(boolean endedOnly) {
      this.endedOnly = endedOnly;
      return this;
    }

    /**
     * True (default): archive each batch with its related rows and delete them together
     * ({@link WorkflowRunRepository#deleteRunsWithRelated}); tables the database does not have
     * count 0, so this is harmless on a database of runstore's own schema. False: runs only, as
     * runstore did before (related rows, pauses included, are left in place).
     */
    public Builder withRelated(boolean withRelated) {
      this.withRelated = withRelated;
      return this;
    }

    /** The archive key prefix (default {@value ArchiveLayout#DEFAULT_PREFIX}). */
    public Builder prefix(String prefix) {
      this.layout = new ArchiveLayout(prefix);
      return this;
    }

    /** Progress callbacks. */
    public Builder listener(RetentionListener listener) {
      this.listener = Checks.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Reports each batch to {@code observer}: {@link Operation#RETENTION_ARCHIVE} (runs
     * archived, bytes written) and {@link Operation#RETENTION_DELETE} (runs and related rows
     * deleted), tagged with {@code backend} (the repository's short name, e.g. {@code postgres}).
     * The repository's own calls are reported by the repository, when it was created observed.
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

    /** The clock for the cutoff, the time budget and timestamps (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Checks.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The job.
     *
     * @throws IllegalArgumentException when no tenant scope or cutoff was given, or every
     *     status was asked for all tenants
     */
    public RetentionJob build() {
      scope.chosen();
      if (olderThan == null && createdBefore == null) {
        throw new IllegalArgumentException("cutoff must be set (a Duration or an Instant)");
      }
      if (!endedOnly && scope.isAll()) {
        throw new IllegalArgumentException(
            "endedOnly(false) needs explicit tenants: the repository pages runs of every status per tenant only");
      }
      return new RetentionJob(this);
    }
  }
}
