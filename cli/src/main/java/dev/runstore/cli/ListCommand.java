package dev.runstore.cli;

import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runstore list}: a page of an app's runs, newest first. */
@Command(name = "list", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Lists an app's runs, newest first, a page at a time. Continue with the printed "
        + "cursor: runstore list ... --cursor TOKEN")
final class ListCommand extends BaseCommand {

  @Option(names = "--tenant", required = true, paramLabel = "TENANT_ID", converter = Converters.UuidConverter.class,
      description = "Tenant id (a UUID).")
  String tenant = "";

  @Option(names = "--app", required = true, paramLabel = "APP_ID", converter = Converters.UuidConverter.class,
      description = "App id (a UUID).")
  String app = "";

  @Option(names = "--trigger", paramLabel = "TRIGGER", split = ",",
      description = "Only runs from these triggers (repeatable or comma-separated): debugging, app-run, "
          + "rag-pipeline-run, rag-pipeline-debugging, webhook, schedule, plugin. Default: every trigger "
          + "(as in count).")
  List<TriggeredFrom> triggers = new ArrayList<>();

  @Option(names = "--status", paramLabel = "STATUS",
      description = "Only runs with this status: running, succeeded, failed, stopped, partial-succeeded, "
          + "paused, scheduled. Default: every status.")
  @Nullable WorkflowRunStatus status;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
      description = "Runs per page, 1..1000 (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--cursor", paramLabel = "TOKEN", description = "Continue after this page cursor.")
  @Nullable String cursor;

  @Option(names = "--all", description = "Print every page, not only the first.")
  boolean all;

  @Option(names = "--json", description = "One JSON object per run (JSON Lines); the cursor goes to stderr.")
  boolean json;

  @Override
  public Integer call() {
    Flags.range(limit, 1, WorkflowRunRepository.MAX_PAGE_LIMIT, "--limit");
    RunListQuery query = query(cursor);
    try (WorkflowRunRepository repository = open()) {
      long printed = 0;
      boolean first = true;
      while (true) {
        InfiniteScrollPagination<WorkflowRun> page;
        try {
          page = repository.getPaginatedWorkflowRuns(query);
        } catch (dev.runstore.api.InvalidCursorException e) {
          throw new IllegalArgumentException("--cursor: " + e.getMessage(), e);
        }
        // The header only once the first page is read: a bad cursor prints nothing on stdout.
        if (first && !json) {
          RunOutput.tableHeader(out());
        }
        first = false;
        if (json) {
          RunOutput.jsonLines(out(), page.data());
        } else {
          page.data().forEach(run -> RunOutput.tableRow(out(), run));
        }
        printed += page.data().size();
        // Nobody reads on (| head): read no further page.
        if (out().checkError()) {
          return ExitCodes.OUTPUT_CLOSED;
        }
        String next = page.nextCursor();
        if (!all || next == null) {
          report(printed, next);
          return out().checkError() ? ExitCodes.OUTPUT_CLOSED : ExitCodes.OK;
        }
        query = query(next);
      }
    }
  }

  private void report(long printed, @Nullable String next) {
    String summary = Format.count(printed) + (printed == 1 ? " run" : " runs");
    if (json) {
      if (next != null) {
        err().println("next cursor: " + next);
      }
      err().flush();
      return;
    }
    if (next != null) {
      out().println(summary + "; more follow. Next page: --cursor " + next);
    } else {
      out().println(summary + "; no more runs.");
    }
    out().flush();
  }

  private RunListQuery query(@Nullable String after) {
    return RunListQuery.builder(tenant, app)
        .triggeredFrom(new HashSet<>(triggers))
        .status(status)
        .limit(limit)
        .cursor(after)
        .build();
  }
}
