package dev.runstore.cli;

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
        + "tenant (with --app: in that app only), or with --any-tenant in every tenant (trusted "
        + "operator use only).")
final class GetCommand extends BaseCommand {

  @Option(names = "--tenant", paramLabel = "TENANT_ID", converter = Converters.UuidConverter.class,
      description = "Tenant id (a UUID).")
  @Nullable String tenant;

  @Option(names = "--app", paramLabel = "APP_ID", converter = Converters.UuidConverter.class,
      description = "App id (a UUID; needs --tenant).")
  @Nullable String app;

  @Option(names = "--any-tenant", description = "Find the run by id alone, in any tenant.")
  boolean anyTenant;

  @Parameters(index = "0", paramLabel = "RUN_ID", converter = Converters.UuidConverter.class,
      description = "The run's id (a UUID).")
  String runId = "";

  @Override
  public Integer call() {
    if (anyTenant == (tenant != null || app != null)) {
      throw new RunstoreCommand.UsageFailure("give either --tenant (and optionally --app), or --any-tenant");
    }
    String t = tenant;
    String a = app;
    if (!anyTenant && t == null) {
      throw new RunstoreCommand.UsageFailure("--app needs --tenant");
    }
    Optional<WorkflowRun> run;
    try (WorkflowRunRepository repository = open()) {
      run = t == null
          ? repository.getWorkflowRunByIdWithoutTenant(runId)
          : a == null ? repository.getWorkflowRunByIdAndTenantId(t, runId) : repository.getWorkflowRunById(t, a, runId);
    }
    if (run.isEmpty()) {
      err().println("runstore get: no run " + runId
          + (anyTenant ? "" : " in tenant " + tenant + (app == null ? "" : ", app " + app)));
      err().flush();
      return ExitCodes.NOT_FOUND;
    }
    out().println(RunOutput.pretty(run.get()));
    out().flush();
    return ExitCodes.OK;
  }
}
