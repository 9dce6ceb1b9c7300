package dev.runstore.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.retention.ArchivedBatch;
import dev.runstore.retention.RetentionJob;
import dev.runstore.retention.RetentionListener;
import dev.runstore.retention.RetentionReport;
import dev.runstore.retention.RunArchive;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code runstore purge}: back up, verify, then delete expired runs. */
@Command(name = "purge", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Deletes runs created before now minus --older-than, after writing them to the "
        + "archive (one gzip'd JSON Lines file plus a manifest per batch of one tenant) and "
        + "reading them back to verify. Killed at any point, every run is still in the "
        + "database, in a complete archive batch, or both; run it again to continue. Only "
        + "finished runs are purged unless --include-unfinished. Each run goes with its related "
        + "rows (node executions, offloads, app logs, trigger logs, pauses and their reasons, in "
        + "the tables that exist), archived in the same batch file, unless --runs-only. Try "
        + "--dry-run first.")
final class PurgeCommand extends BaseCommand {

  /** How long Ctrl-C waits for the batch in progress to commit before the tool exits anyway. */
  static final Duration INTERRUPT_WAIT = Duration.ofSeconds(60);

  /** One tenant scope: listed tenants or all. */
  static final class Scope {
    @Option(names = "--tenant", paramLabel = "TENANT_ID", split = ",", required = true,
        converter = Converters.UuidConverter.class,
        description = "Purge these tenants (UUIDs; repeatable or comma-separated).")
    List<String> tenants = new ArrayList<>();

    @Option(names = "--all-tenants", required = true, description = "Purge every tenant (finished runs only).")
    boolean allTenants;
  }

  @Option(names = "--older-than", required = true, paramLabel = "DURATION",
      description = "Purge runs created more than this long ago: 30d, 12h, 90m, PT36H, ...")
  Duration olderThan = Duration.ZERO;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Scope scope = new Scope();

  @Mixin ArchiveOptions archive = new ArchiveOptions();

  @Option(names = "--dry-run", description = "Only count what would be purged: nothing is written or deleted.")
  boolean dryRun;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
      description = "Runs per archive file and per delete transaction, 1..10000 (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--max-runs", paramLabel = "N",
      description = "Stop after this many runs (exit code 3 when expired runs remain).")
  @Nullable Long maxRuns;

  @Option(names = "--max-duration", paramLabel = "DURATION",
      description = "Start no new batch after this long, e.g. 1h (exit code 3 when expired runs remain).")
  @Nullable Duration maxDuration;

  @Option(names = "--include-unfinished",
      description = "Also purge running, paused and scheduled runs (needs --tenant).")
  boolean includeUnfinished;

  @Option(names = "--runs-only",
      description = "Archive and delete the runs alone, leaving their related rows (node executions, "
          + "app logs, ...) in place. Default: with their related rows.")
  boolean runsOnly;

  @Option(names = "--json", description = "Print the summary as one JSON object (schema: README).")
  boolean json;

  @Override
  public Integer call() {
    // Every argument is checked before the database or the archive is touched.
    Flags.range(batchSize, 1, WorkflowRunRepository.MAX_BATCH_SIZE, "--batch-size");
    if (maxRuns != null) {
      Flags.positive(maxRuns, "--max-runs");
    }
    if (includeUnfinished && scope.allTenants) {
      throw new RunstoreCommand.UsageFailure("--include-unfinished needs --tenant: runs of every status are "
          + "purged tenant by tenant (--all-tenants purges finished runs only)");
    }
    Instant now = env().clock().instant();
    // One cutoff, computed once: the start line and the summary show the same instant.
    Instant cutoff = Flags.before(now, olderThan, "--older-than", typed("--older-than"));
    if (maxDuration != null) {
      Flags.budget(now, maxDuration, "--max-duration", typed("--max-duration"));
    }
    String prefix = archive.resolvedPrefix();
    ConfigResolver.Resolved settings = databaseSettings();
    ArchiveOptions.Opened opened = dryRun
        ? new ArchiveOptions.Opened(ArchiveOptions.dryRun(archive.location), prefix, archive.location + " (prefix " + prefix + ")")
        : archive.open(settings);
    Interruption interruption = new Interruption();
    try {
      return purge(settings, opened, cutoff, interruption);
    } finally {
      // Only now, with the database closed (an embedded one flushed to disk), may Ctrl-C's
      // handler return and the JVM halt.
      interruption.settle();
    }
  }

  private int purge(ConfigResolver.Resolved settings, ArchiveOptions.Opened opened, Instant cutoff,
      Interruption interruption) {
    PrintWriter err = err();
    try (RunArchive target = opened.archive();
        WorkflowRunRepository repository = open(settings)) {
      RetentionJob.Builder job = RetentionJob.builder(repository, target)
          .cutoff(cutoff)
          .batchSize(batchSize)
          .dryRun(dryRun)
          .endedOnly(!includeUnfinished)
          .withRelated(!runsOnly)
          .prefix(opened.prefix())
          .clock(env().clock());
      List<String> tenants = scope.allTenants ? List.of() : scope.tenants;
      if (scope.allTenants) {
        job.allTenants();
      } else {
        job.tenants(tenants);
      }
      if (maxRuns != null) {
        job.maxRuns(maxRuns);
      }
      if (maxDuration != null) {
        job.maxDuration(maxDuration);
      }
      Progress progress = Progress.of(env(), err, dryRun ? "scanning" : "purging");
      Tracker tracker = new Tracker(progress, tenants, includeUnfinished, cutoff, interruption);
      job.listener(tracker);
      RetentionJob built = job.build();
      err.println((dryRun ? "dry run: counting" : "purging") + " runs created before "
          + Format.instant(cutoff) + " in " + (scope.allTenants ? "every tenant" : tenants.size() + " tenant(s)")
          + "; archive " + opened.description() + "; database " + settings.describeDatabase());
      err.flush();
      RetentionReport report;
      try (Interrupts.Registration registration = env().interrupts().register(
          () -> onInterrupt(interruption, progress, tracker, err))) {
        report = built.run();
        progress.complete(tracker.detail(report));
      } catch (RuntimeException e) {
        // Stopped at a safe point, or the batch in progress failed because the process is
        // exiting (a database that closes itself on exit): either way, report what committed.
        if (!(e instanceof Stopped) && !interruption.isRequested()) {
          throw e;
        }
        progress.stop();
        if (interruption.claimReport()) {
          tracker.interrupted(err, e instanceof Stopped ? null
              : "The batch in progress did not complete (" + e.getMessage() + "): its runs are still in the "
                  + "database; its files may be in the archive too, and a rerun writes them again.");
          if (json) {
            Json.print(out(), tracker.interruptedJson(opened.description()));
          }
        }
        return ExitCodes.INTERRUPTED;
      } finally {
        progress.finish();
      }
      int code = report.stoppedByBudget() ? ExitCodes.BUDGET_EXHAUSTED : ExitCodes.OK;
      if (json) {
        Json.print(out(), summaryJson(report, opened.description(), code));
      } else {
        printSummary(out(), report, opened.description());
      }
      return code;
    }
  }

  /**
   * On Ctrl-C (on the JVM's hook thread, while the job goes on): asks the job to stop after the
   * batch in progress and waits, bounded, for the command to report exactly what was committed.
   */
  private static void onInterrupt(Interruption interruption, Progress progress, Tracker tracker, PrintWriter err) {
    interruption.request();
    if (interruption.awaitSettled(INTERRUPT_WAIT)) {
      return;
    }
    progress.stop();
    if (interruption.claimReport()) {
      tracker.interrupted(err, "A batch was still being written or deleted after " + Durations.format(INTERRUPT_WAIT)
          + ": its runs are in the database, in a complete archive batch, or both.");
    }
  }

  static void printSummary(PrintWriter out, RetentionReport r, String archiveDescription) {
    out.println(r.dryRun() ? "purge summary (dry run: nothing written or deleted)" : "purge summary");
    out.println(Format.row("cutoff", "runs created before " + Format.instant(r.cutoff())));
    out.println(Format.row("archive", archiveDescription));
    out.println(Format.row("runs scanned", Format.count(r.runsScanned()) + (r.countIsLowerBound() ? " (at least)" : "")));
    out.println(Format.row("runs archived", Format.count(r.runsArchived())));
    out.println(Format.row("runs deleted", Format.count(r.runsDeleted())));
    Format.tables(out, r.dryRun() ? "rows to delete, per table:" : "rows deleted, per table:", r.related());
    out.println(Format.row("batch files", Format.count(r.batches())));
    out.println(Format.row("bytes written", Format.bytes(r.bytesWritten())));
    out.println(Format.row("time", Durations.format(r.duration())));
    out.println(Format.row("throughput", Format.rate(r.dryRun() ? r.runsScanned() : r.runsDeleted(), r.duration())));
    out.println(Format.row("result", r.stoppedByBudget()
        ? "stopped by --max-runs/--max-duration; expired runs remain: run again (exit code 3)"
        : "complete"));
    out.flush();
  }

  /** The {@code --json} summary (README: "JSON output"). */
  static ObjectNode summaryJson(RetentionReport r, String archiveDescription, int exitCode) {
    ObjectNode root = Json.object();
    root.put("result", r.stoppedByBudget() ? "stopped_by_budget" : "complete");
    root.put("exit_code", exitCode);
    root.put("dry_run", r.dryRun());
    Json.put(root, "cutoff", r.cutoff());
    root.put("archive", archiveDescription);
    root.put("runs_scanned", r.runsScanned());
    root.put("runs_scanned_is_lower_bound", r.countIsLowerBound());
    root.put("runs_archived", r.runsArchived());
    root.put("runs_deleted", r.runsDeleted());
    // Per table: deleted, or in a dry run what the purge would delete.
    root.set("tables", Format.tablesJson(r.related()));
    root.put("batch_files", r.batches());
    root.put("bytes_written", r.bytesWritten());
    root.put("duration_ms", r.duration().toMillis());
    return root;
  }

  /** Thrown by the listener at a safe point (a batch committed, or none begun) after Ctrl-C. */
  static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("interrupted", null, false, false);
    }
  }

  /** Ctrl-C between the hook thread and the command's thread. */
  static final class Interruption {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean reported = new AtomicBoolean();
    private final CountDownLatch settled = new CountDownLatch(1);

    void request() {
      requested.set(true);
    }

    boolean isRequested() {
      return requested.get();
    }

    /** At a safe point of the job: stops it when Ctrl-C was pressed. */
    void checkpoint() {
      if (requested.get()) {
        throw new Stopped();
      }
    }

    /** The command is done (stopped, failed or complete) and its database closed: the hook need wait no longer. */
    void settle() {
      settled.countDown();
    }

    boolean awaitSettled(Duration timeout) {
      try {
        return settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** True exactly once: whoever gets it prints the interruption report. */
    boolean claimReport() {
      return reported.compareAndSet(false, true);
    }
  }

  /**
   * Turns job callbacks into progress (the fraction is how far the oldest-first walk got towards
   * the cutoff), counts what was committed, and stops the job at the next safe point after Ctrl-C.
   */
  static final class Tracker implements RetentionListener {
    private final Progress progress;
    private final List<String> tenants;
    private final boolean perTenant;
    private final Instant cutoff;
    private final Interruption interruption;
    private @Nullable Instant oldest;
    private @Nullable String oldestTenant;
    private double fraction = -1;
    // What was committed: batches whose files are verified and whose delete transaction ended.
    private long committedBatches;
    private long committedArchived;
    private long committedDeleted;
    private dev.runstore.api.RelatedCounts committedRelated = dev.runstore.api.RelatedCounts.ZERO;
    private long committedBytes;
    private long scanned;
    private final Instant started;

    Tracker(Progress progress, List<String> tenants, boolean perTenant, Instant cutoff) {
      this(progress, tenants, perTenant, cutoff, new Interruption());
    }

    Tracker(Progress progress, List<String> tenants, boolean perTenant, Instant cutoff, Interruption interruption) {
      this.progress = progress;
      this.tenants = tenants.stream().sorted().toList();
      this.perTenant = perTenant && !tenants.isEmpty();
      this.cutoff = cutoff;
      this.interruption = interruption;
      this.started = Instant.now();
    }

    @Override
    public synchronized void batchArchived(ArchivedBatch batch) {
      committedBatches++;
      committedArchived += batch.manifest().rowCount();
      committedDeleted += batch.runsDeleted();
      committedRelated = committedRelated.plus(batch.related());
      committedBytes += batch.manifest().sizeBytes();
      Instant first = batch.manifest().first().createdAt();
      Instant last = batch.manifest().last().createdAt();
      // Every status: tenants are paged one after the other, each oldest first.
      if (oldest == null || (perTenant && !batch.tenantId().equals(oldestTenant))) {
        oldest = first;
        oldestTenant = batch.tenantId();
      }
      double span = Math.max(1, Duration.between(oldest, cutoff).toMillis());
      double within = Math.min(1, Math.max(0, Duration.between(oldest, last).toMillis() / span));
      if (perTenant) {
        int index = Math.max(0, tenants.indexOf(batch.tenantId()));
        fraction = (index + within) / tenants.size();
      } else {
        fraction = within;
      }
      interruption.checkpoint();
    }

    @Override
    public void progress(RetentionReport soFar) {
      interruption.checkpoint();
      synchronized (this) {
        scanned = soFar.runsScanned();
      }
      progress.update(fraction, detail(soFar));
    }

    /** The counters of a progress line. */
    String detail(RetentionReport soFar) {
      return soFar.dryRun()
          ? "found " + Format.count(soFar.runsScanned())
          : "scanned " + Format.count(soFar.runsScanned()) + ", archived " + Format.count(soFar.runsArchived())
              + ", deleted " + Format.count(soFar.runsDeleted()) + ", " + Format.bytesShort(soFar.bytesWritten());
    }

    /**
     * On Ctrl-C: exactly what was committed, so the operator knows a rerun continues from there.
     *
     * @param batchInProgress what became of a batch that did not finish, or null when the job
     *     stopped between batches
     */
    synchronized void interrupted(PrintWriter err, @Nullable String batchInProgress) {
      err.println("runstore purge: interrupted. Committed before stopping: " + Format.count(committedArchived)
          + " runs archived in " + Format.count(committedBatches) + " verified batch files, "
          + Format.count(committedDeleted) + " runs deleted"
          + (committedRelated.total() > committedRelated.runs()
              ? " with " + Format.count(committedRelated.total() - committedRelated.runs()) + " related rows" : "")
          + "."
          + (batchInProgress == null ? "" : " " + batchInProgress)
          + " Every other expired run is still in the database: run purge again to continue.");
      err.flush();
    }

    /** The {@code --json} document of an interrupted purge: the committed figures. */
    synchronized ObjectNode interruptedJson(String archiveDescription) {
      RetentionReport committed = new RetentionReport(cutoff, false, scanned, committedArchived, committedDeleted,
          committedBytes, (int) committedBatches, Duration.between(started, Instant.now()), false, false,
          committedRelated);
      return summaryJson(committed, archiveDescription, ExitCodes.INTERRUPTED).put("result", "interrupted");
    }
  }
}
