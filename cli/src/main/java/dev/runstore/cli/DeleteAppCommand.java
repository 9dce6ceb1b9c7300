package dev.runstore.cli;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRunRepository;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runstore delete-app}: delete every run of an app. */
@Command(name = "delete-app", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Deletes every run of one app of one tenant, in batches (one transaction each), "
        + "without backup. Asks for confirmation on a terminal; elsewhere it refuses to run "
        + "without --yes.")
final class DeleteAppCommand extends BaseCommand {

  @Option(names = "--tenant", required = true, paramLabel = "TENANT_ID", converter = Converters.UuidConverter.class,
      description = "Tenant id (a UUID).")
  String tenant = "";

  @Option(names = "--app", required = true, paramLabel = "APP_ID", converter = Converters.UuidConverter.class,
      description = "App id (a UUID).")
  String app = "";

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
      description = "Runs per delete transaction, 1..10000 (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  @Override
  public Integer call() {
    Flags.range(batchSize, 1, WorkflowRunRepository.MAX_BATCH_SIZE, "--batch-size");
    if (!yes && !env().terminal()) {
      throw new RunstoreCommand.UsageFailure(
          "refusing to delete every run of app " + app + " without --yes when not on a terminal");
    }
    try (WorkflowRunRepository repository = open()) {
      if (!yes) {
        long runs = 0;
        for (TriggeredFrom t : TriggeredFrom.values()) {
          runs += repository.getWorkflowRunsCount(tenant, app, t, null, null).total();
        }
        out().print("Delete all " + Format.count(runs) + " runs of app " + app + " in tenant " + tenant
            + "? This cannot be undone (no backup is made). Type 'yes' to continue: ");
        out().flush();
        if (!"yes".equals(readAnswer().trim().toLowerCase(Locale.ROOT))) {
          err().println("runstore delete-app: aborted; nothing deleted");
          err().flush();
          return ExitCodes.FAILURE;
        }
      }
      Instant started = env().clock().instant();
      int deleted = repository.deleteRunsByApp(tenant, app, batchSize);
      Duration took = Duration.between(started, env().clock().instant());
      out().println("deleted " + Format.count(deleted) + " runs of app " + app + " in tenant " + tenant
          + " in " + Durations.format(took) + " (" + Format.rate(deleted, took) + ")");
      out().flush();
      return ExitCodes.OK;
    }
  }

  private String readAnswer() {
    try {
      BufferedReader in = env().input();
      String line = in.readLine();
      return line == null ? "" : line;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
