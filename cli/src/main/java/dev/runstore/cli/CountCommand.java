package dev.runstore.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRunCounts;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runstore count}: runs of an app by status. */
@Command(name = "count", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Counts an app's runs by status; by default of every trigger, like list.")
final class CountCommand extends BaseCommand {

  @Option(names = "--tenant", required = true, paramLabel = "TENANT_ID", converter = Converters.UuidConverter.class,
      description = "Tenant id (a UUID).")
  String tenant = "";

  @Option(names = "--app", required = true, paramLabel = "APP_ID", converter = Converters.UuidConverter.class,
      description = "App id (a UUID).")
  String app = "";

  @Option(names = "--trigger", paramLabel = "TRIGGER", split = ",",
      description = "Only runs from these triggers (repeatable or comma-separated): debugging, app-run, "
          + "rag-pipeline-run, rag-pipeline-debugging, webhook, schedule, plugin. Default: every trigger "
          + "(as in list).")
  List<TriggeredFrom> triggers = new ArrayList<>();

  @Option(names = "--status", paramLabel = "STATUS", description = "Count only this status.")
  @Nullable WorkflowRunStatus status;

  @Option(names = "--since", paramLabel = "DURATION",
      description = "Only runs created within this time before now: 24h, 7d, PT30M.")
  @Nullable Duration since;

  @Option(names = "--json", description = "Print one JSON object: total, by_status, triggers (schema: README).")
  boolean json;

  @Override
  public Integer call() {
    Set<TriggeredFrom> chosen = triggers.isEmpty() ? EnumSet.allOf(TriggeredFrom.class) : EnumSet.copyOf(triggers);
    Map<WorkflowRunStatus, Long> byStatus = new EnumMap<>(WorkflowRunStatus.class);
    long total = 0;
    try (WorkflowRunRepository repository = open()) {
      for (TriggeredFrom trigger : chosen) {
        WorkflowRunCounts counts = repository.getWorkflowRunsCount(tenant, app, trigger, status, since);
        for (WorkflowRunStatus s : WorkflowRunStatus.values()) {
          byStatus.merge(s, counts.count(s), Long::sum);
        }
        total += counts.total();
      }
    }
    if (json) {
      ObjectNode root = Json.object();
      root.put("total", total);
      ObjectNode statuses = root.putObject("by_status");
      for (WorkflowRunStatus s : WorkflowRunStatus.values()) {
        statuses.put(s.value(), byStatus.getOrDefault(s, 0L));
      }
      ArrayNode list = root.putArray("triggers");
      chosen.forEach(t -> list.add(t.value()));
      Json.print(out(), root);
      return ExitCodes.OK;
    }
    for (WorkflowRunStatus s : WorkflowRunStatus.values()) {
      if (status == null || s == status) {
        out().printf(Locale.ROOT, "%-18s %12s%n", s.value(), Format.count(byStatus.getOrDefault(s, 0L)));
      }
    }
    out().printf(Locale.ROOT, "%-18s %12s%n", "total", Format.count(total));
    out().flush();
    return ExitCodes.OK;
  }
}
