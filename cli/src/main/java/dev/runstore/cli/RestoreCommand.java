package dev.runstore.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.retention.ArchiveReader;
import dev.runstore.retention.RestoreJob;
import dev.runstore.retention.RestoreListener;
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
        + "and saves their runs back (upsert), then their related rows and pause states (rows "
        + "already present are left as they are). Safe to repeat; a run archived twice is "
        + "restored once. Fails (exit code 2) when no batch matches: see 'archive list'.")
final class RestoreCommand extends BaseCommand {

  /** One tenant scope: listed tenants or all. */
  static final class Scope {
    @Option(names = "--tenant", paramLabel = "TENANT_ID", split = ",", required = true,
        converter = Converters.UuidConverter.class,
        description = "Restore these tenants (UUIDs; repeatable or comma-separated).")
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

  @Option(names = "--json", description = "Print the summary as one JSON object (schema: README).")
  boolean json;

  @Override
  public Integer call() {
    ArchiveCommand.checkRange(from, to);
    archive.resolvedPrefix();
    ConfigResolver.Resolved settings = databaseSettings();
    ArchiveOptions.Opened opened = archive.openExisting(settings);
    @Nullable List<String> tenants = scope.allTenants ? null : scope.tenants;
    try (RunArchive source = opened.archive()) {
      // What would be read, before connecting: nothing found is a usage error, not "0 restored".
      ArchiveReader.Listing plan = ArchiveCommand.selectOrFail(opened, tenants, from, to);
      long runs = plan.batches().stream().mapToLong(b -> b.manifest().rowCount()).sum();
      try (WorkflowRunRepository repository = open(settings)) {
        Progress progress = Progress.of(env(), err(), "restoring");
        int files = plan.batches().size();
        RestoreJob.Builder job = RestoreJob.builder(repository, source)
            .prefix(opened.prefix())
            .dateRange(from, to)
            .listener(new RestoreListener() {
              @Override
              public void progress(RestoreReport soFar) {
                progress.update(soFar.filesRead() / (double) files, detail(soFar, files));
              }
            });
        if (tenants == null) {
          job.allTenants();
        } else {
          job.tenants(tenants);
        }
        RestoreJob built = job.build();
        err().println("restoring " + Format.count(files) + " batch files (" + Format.count(runs) + " archived runs) from "
            + opened.description() + " into " + settings.describeDatabase());
        err().flush();
        RestoreReport report;
        try {
          report = built.run(plan);
          progress.complete(detail(report, files));
        } finally {
          progress.finish();
        }
        if (json) {
          Json.print(out(), summaryJson(report, opened.description()));
        } else {
          printSummary(out(), report, opened.description());
        }
        return ExitCodes.OK;
      }
    }
  }

  private static String detail(RestoreReport soFar, int files) {
    return "files " + Format.count(soFar.filesRead()) + "/" + Format.count(files) + ", runs restored "
        + Format.count(soFar.runsRestored()) + ", duplicates " + Format.count(soFar.duplicatesSkipped());
  }

  static void printSummary(PrintWriter out, RestoreReport r, String archiveDescription) {
    out.println("restore summary");
    out.println(Format.row("archive", archiveDescription));
    out.println(Format.row("files read", Format.count(r.filesRead())));
    out.println(Format.row("runs restored", Format.count(r.runsRestored())));
    Format.tables(out, "rows restored, per table:", r.related());
    out.println(Format.row("duplicates", Format.count(r.duplicatesSkipped()) + " (copies of a run archived twice, skipped)"));
    out.println(Format.row("incomplete files", Format.count(r.incompleteFilesSkipped())
        + " (no manifest: interrupted batches whose runs were never deleted)"));
    out.println(Format.row("time", Durations.format(r.duration())));
    out.println(Format.row("throughput", Format.rate(r.runsRestored(), r.duration())));
    out.flush();
  }

  /** The {@code --json} summary (README: "JSON output"). */
  static ObjectNode summaryJson(RestoreReport r, String archiveDescription) {
    ObjectNode root = Json.object();
    root.put("result", "complete");
    root.put("exit_code", ExitCodes.OK);
    root.put("archive", archiveDescription);
    root.put("files_read", r.filesRead());
    root.put("runs_restored", r.runsRestored());
    root.set("tables", Format.tablesJson(r.related()));
    root.put("duplicates_skipped", r.duplicatesSkipped());
    root.put("incomplete_files_skipped", r.incompleteFilesSkipped());
    root.put("duration_ms", r.duration().toMillis());
    return root;
  }
}
