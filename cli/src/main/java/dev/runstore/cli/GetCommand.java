package dev.runstore.cli;

import dev.runstore.api.Checks;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runstore get}: one run as JSON. */
@Command(name = "get", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Prints one run as JSON (exit code 4 when there is no such run). Looks in one "
        + "tenant's app, or with --any-tenant in every tenant (trusted operator use only).")
final class GetCommand extends BaseCommand {

  @Option(names = "--tenant", paramLabel = "TENANT_ID", description = "Tenant id (with --app).")
  @Nullable String tenant;

  @Option(names = "--app", paramLabel = "APP_ID", description = "App id (with --tenant).")
  @Nullable String app;

  @Option(names = "--any-tenant", description = "Find the run by id alone, in any tenant.")
  boolean anyTenant;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run's id.")
  String runId = "";

  @Override
  public Integer call() {
    if (anyTenant == (tenant != null || app != null)) {
      throw new RunstoreCommand.UsageFailure("give either --tenant and --app, or --any-tenant");
    }
    if (!anyTenant && (tenant == null || app == null)) {
      throw new RunstoreCommand.UsageFailure("--tenant and --app go together");
    }
    Checks.requireText(runId, "RUN_ID");
    Optional<WorkflowRun> run;
    try (WorkflowRunRepository repository = open()) {
      run = anyTenant
          ? repository.getWorkflowRunByIdWithoutTenant(runId)
          : repository.getWorkflowRunById(Checks.requireNonNull(tenant, "tenant"), Checks.requireNonNull(app, "app"), runId);
    }
    if (run.isEmpty()) {
      err().println("runstore get: no run " + runId
          + (anyTenant ? "" : " in tenant " + tenant + ", app " + app));
      err().flush();
      return ExitCodes.NOT_FOUND;
    }
    out().println(RunOutput.pretty(run.get()));
    out().flush();
    return ExitCodes.OK;
  }
}
