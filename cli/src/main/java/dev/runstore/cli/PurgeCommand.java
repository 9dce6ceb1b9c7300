package dev.runstore.cli;

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
import java.util.concurrent.atomic.AtomicReference;
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
        + "finished runs are purged unless --include-unfinished. Try --dry-run first.")
final class PurgeCommand extends BaseCommand {

  /** One tenant scope: listed tenants or all. */
  static final class Scope {
    @Option(names = "--tenant", paramLabel = "TENANT_ID", split = ",", required = true,
        description = "Purge these tenants (repeatable or comma-separated).")
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

  @Override
  public Integer call() {
    String prefix = archive.resolvedPrefix();
    ConfigResolver.Resolved settings = settings();
    PrintWriter err = err();
    ArchiveOptions.Opened opened = dryRun
        ? new ArchiveOptions.Opened(ArchiveOptions.dryRun(archive.location), prefix, archive.location + " (prefix " + prefix + ")")
        : archive.open(settings);
    try (RunArchive target = opened.archive();
        WorkflowRunRepository repository = open(settings)) {
      RetentionJob.Builder job = RetentionJob.builder(repository, target)
          .cutoff(olderThan)
          .batchSize(batchSize)
          .dryRun(dryRun)
          .endedOnly(!includeUnfinished)
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
      Tracker tracker = new Tracker(progress, tenants, includeUnfinished, env().clock().instant().minus(olderThan));
      job.listener(tracker);
      RetentionJob built = job.build();
      err.println((dryRun ? "dry run: counting" : "purging") + " runs created before "
          + Format.instant(tracker.cutoff) + " in " + (scope.allTenants ? "every tenant" : tenants.size() + " tenant(s)")
          + "; archive " + opened.description() + "; database " + settings.describeDatabase());
      err.flush();
      Thread hook = new Thread(() -> tracker.interrupted(err), "runstore-purge-interrupted");
      Runtime.getRuntime().addShutdownHook(hook);
      RetentionReport report;
      try {
        report = built.run();
        progress.complete(tracker.detail(report));
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The JVM is exiting: the hook reports.
        }
        progress.finish();
      }
      printSummary(out(), report, opened.description());
      return report.stoppedByBudget() ? ExitCodes.BUDGET_EXHAUSTED : ExitCodes.OK;
    }
  }

  static void printSummary(PrintWriter out, RetentionReport r, String archiveDescription) {
    out.println(r.dryRun() ? "purge summary (dry run: nothing written or deleted)" : "purge summary");
    out.println(Format.row("cutoff", "runs created before " + Format.instant(r.cutoff())));
    out.println(Format.row("archive", archiveDescription));
    out.println(Format.row("runs scanned", Format.count(r.runsScanned()) + (r.countIsLowerBound() ? " (at least)" : "")));
    out.println(Format.row("runs archived", Format.count(r.runsArchived())));
    out.println(Format.row("runs deleted", Format.count(r.runsDeleted())));
    out.println(Format.row("batch files", Format.count(r.batches())));
    out.println(Format.row("bytes written", Format.bytes(r.bytesWritten())));
    out.println(Format.row("time", Durations.format(r.duration())));
    out.println(Format.row("throughput", Format.rate(r.dryRun() ? r.runsScanned() : r.runsDeleted(), r.duration())));
    out.println(Format.row("result", r.stoppedByBudget()
        ? "stopped by --max-runs/--max-duration; expired runs remain: run again (exit code 3)"
        : "complete"));
    out.flush();
  }

  /** Turns job callbacks into progress: the fraction is how far the oldest-first walk got towards the cutoff. */
  static final class Tracker implements RetentionListener {
    private final Progress progress;
    private final List<String> tenants;
    private final boolean perTenant;
    private final Instant cutoff;
    private final AtomicReference<@Nullable RetentionReport> latest = new AtomicReference<>();
    private @Nullable Instant oldest;
    private @Nullable String oldestTenant;
    private double fraction = -1;

    Tracker(Progress progress, List<String> tenants, boolean perTenant, Instant cutoff) {
      this.progress = progress;
      this.tenants = tenants.stream().sorted().toList();
      this.perTenant = perTenant && !tenants.isEmpty();
      this.cutoff = cutoff;
    }

    @Override
    public void batchArchived(ArchivedBatch batch) {
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
    }

    @Override
    public void progress(RetentionReport soFar) {
      latest.set(soFar);
      progress.update(fraction, detail(soFar));
    }

    /** The counters of a progress line. */
    String detail(RetentionReport soFar) {
      return soFar.dryRun()
          ? "found " + Format.count(soFar.runsScanned())
          : "scanned " + Format.count(soFar.runsScanned()) + ", archived " + Format.count(soFar.runsArchived())
              + ", deleted " + Format.count(soFar.runsDeleted()) + ", " + Format.bytesShort(soFar.bytesWritten());
    }

    /** On Ctrl-C: what was done, so the operator knows a rerun continues from there. */
    void interrupted(PrintWriter err) {
      RetentionReport r = latest.get();
      err.println();
      err.println("runstore purge: interrupted"
          + (r == null ? " before the first batch" : " after archiving " + Format.count(r.runsArchived())
              + " and deleting " + Format.count(r.runsDeleted()) + " runs")
          + "; every run is still in the database or in a complete archive batch: run purge again to continue");
      err.flush();
    }
  }
}
