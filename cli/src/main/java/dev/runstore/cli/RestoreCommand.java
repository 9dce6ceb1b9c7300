package dev.runstore.cli;

import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.retention.RestoreJob;
import dev.runstore.retention.RestoreReport;
import dev.runstore.retention.RunArchive;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code runstore restore}: put archived runs back. */
@Command(name = "restore", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Reads the complete batches of the archive (verifying each against its manifest) "
        + "and saves their runs back (upsert). Safe to repeat; a run archived twice is "
        + "restored once.")
final class RestoreCommand extends BaseCommand {

  /** One tenant scope: listed tenants or all. */
  static final class Scope {
    @Option(names = "--tenant", paramLabel = "TENANT_ID", split = ",", required = true,
        description = "Restore these tenants (repeatable or comma-separated).")
    List<String> tenants = new ArrayList<>();

    @Option(names = "--all-tenants", required = true, description = "Restore every tenant in the archive.")
    boolean allTenants;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Scope scope = new Scope();

  @Mixin ArchiveOptions archive = new ArchiveOptions();

  @Option(names = "--from", paramLabel = "DATE", description = "Only runs created on or after this UTC day (yyyy-MM-dd).")
  @Nullable LocalDate from;

  @Option(names = "--to", paramLabel = "DATE", description = "Only runs created on or before this UTC day (yyyy-MM-dd).")
  @Nullable LocalDate to;

  @Override
  public Integer call() {
    archive.resolvedPrefix();
    ConfigResolver.Resolved settings = settings();
    ArchiveOptions.Opened opened = archive.open(settings);
    try (RunArchive source = opened.archive();
        WorkflowRunRepository repository = open(settings)) {
      RestoreJob.Builder job = RestoreJob.builder(repository, source)
          .prefix(opened.prefix())
          .dateRange(from, to);
      if (scope.allTenants) {
        job.allTenants();
      } else {
        job.tenants(scope.tenants);
      }
      RestoreJob built = job.build();
      err().println("restoring from " + opened.description() + " into " + settings.describeDatabase());
      err().flush();
      RestoreReport report = built.run();
      printSummary(out(), report, opened.description());
      return ExitCodes.OK;
    }
  }

  static void printSummary(PrintWriter out, RestoreReport r, String archiveDescription) {
    out.println("restore summary");
    out.println(Format.row("archive", archiveDescription));
    out.println(Format.row("files read", Format.count(r.filesRead())));
    out.println(Format.row("runs restored", Format.count(r.runsRestored())));
    out.println(Format.row("duplicates", Format.count(r.duplicatesSkipped()) + " (copies of a run archived twice, skipped)"));
    out.println(Format.row("incomplete files", Format.count(r.incompleteFilesSkipped())
        + " (no manifest: interrupted batches whose runs were never deleted)"));
    out.println(Format.row("time", Durations.format(r.duration())));
    out.println(Format.row("throughput", Format.rate(r.runsRestored(), r.duration())));
    out.flush();
  }
}
