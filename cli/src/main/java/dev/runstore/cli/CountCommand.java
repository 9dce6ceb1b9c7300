package dev.runstore.cli;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRunCounts;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runstore count}: runs of an app by status. */
@Command(name = "count", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Counts an app's runs from one trigger, by status.")
final class CountCommand extends BaseCommand {

  @Option(names = "--tenant", required = true, paramLabel = "TENANT_ID", description = "Tenant id.")
  String tenant = "";

  @Option(names = "--app", required = true, paramLabel = "APP_ID", description = "App id.")
  String app = "";

  @Option(names = "--trigger", paramLabel = "TRIGGER", defaultValue = "app-run",
      description = "Trigger (default ${DEFAULT-VALUE}).")
  TriggeredFrom trigger = TriggeredFrom.APP_RUN;

  @Option(names = "--status", paramLabel = "STATUS", description = "Count only this status.")
  @Nullable WorkflowRunStatus status;

  @Option(names = "--since", paramLabel = "DURATION",
      description = "Only runs created within this time before now: 24h, 7d, PT30M.")
  @Nullable Duration since;

  @Option(names = "--json", description = "Print {\"total\":…,\"by_status\":{…}}.")
  boolean json;

  @Override
  public Integer call() {
    WorkflowRunCounts counts;
    try (WorkflowRunRepository repository = open()) {
      counts = repository.getWorkflowRunsCount(tenant, app, trigger, status, since);
    }
    if (json) {
      StringBuilder b = new StringBuilder("{\"total\":").append(counts.total()).append(",\"by_status\":{");
      boolean firstKey = true;
      for (WorkflowRunStatus s : WorkflowRunStatus.values()) {
        b.append(firstKey ? "" : ",").append('"').append(s.value()).append("\":").append(counts.count(s));
        firstKey = false;
      }
      out().println(b.append("}}"));
    } else {
      for (WorkflowRunStatus s : WorkflowRunStatus.values()) {
        if (status == null || s == status) {
          out().printf(Locale.ROOT, "%-18s %12s%n", s.value(), Format.count(counts.count(s)));
        }
      }
      out().printf(Locale.ROOT, "%-18s %12s%n", "total", Format.count(counts.total()));
    }
    out().flush();
    return ExitCodes.OK;
  }
}
