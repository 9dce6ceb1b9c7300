package dev.runstore.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runstore.api.WorkflowRunRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runstore pauses}: maintenance of paused runs' records (human-in-the-loop). */
@Command(name = "pauses", mixinStandardHelpOptions = true,
    description = "Maintains the pauses of paused runs (human-in-the-loop): pauses prune.",
    subcommands = {PausesCommand.Prune.class})
final class PausesCommand extends BaseCommand {

  @Override
  public Integer call() {
    err().println("runstore pauses: missing subcommand (prune)");
    spec.commandLine().usage(err());
    return ExitCodes.USAGE;
  }

  /** {@code runstore pauses prune}: Dify's prune_pauses job, for cron. */
  @Command(name = "prune", sortOptions = false, mixinStandardHelpOptions = true,
      description = "Deletes the pauses created before --created-before, or resumed before "
          + "--resumed-before, oldest first, each with its reasons and its state object, in batches "
          + "of --limit until none is left. A pause whose state object cannot be deleted stays (the "
          + "next run tries again) and is not counted. Times: an ISO-8601 instant, a UTC day "
          + "(2025-06-01) or a duration before now (30d, 12h).")
  static final class Prune extends BaseCommand {

    @Option(names = "--created-before", required = true, paramLabel = "WHEN",
        description = "Delete pauses created before this time (e.g. 30d: older than 30 days).")
    String createdBefore = "";

    @Option(names = "--resumed-before", required = true, paramLabel = "WHEN",
        description = "Delete pauses resumed before this time (e.g. 7d).")
    String resumedBefore = "";

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
        description = "Pauses per batch, 1..10000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print one JSON object: pruned, batches, created_before, "
        + "resumed_before, pause_ids (schema: README).")
    boolean json;

    @Override
    public Integer call() {
      Instant now = env().clock().instant();
      Instant created = Flags.when(now, createdBefore, "--created-before");
      Instant resumed = Flags.when(now, resumedBefore, "--resumed-before");
      Flags.range(limit, 1, WorkflowRunRepository.MAX_PRUNE_LIMIT, "--limit");
      List<String> pruned = new ArrayList<>();
      int batches = 0;
      try (WorkflowRunRepository repository = open()) {
        while (true) {
          List<String> batch = repository.pruneWorkflowPauses(created, resumed, limit);
          batches++;
          pruned.addAll(batch);
          // Short: everything left is newer, or its state object could not be deleted (kept).
          if (batch.size() < limit) {
            break;
          }
        }
      }
      Duration took = Duration.between(now, env().clock().instant());
      if (json) {
        ObjectNode root = Json.object();
        root.put("pruned", pruned.size());
        root.put("batches", batches);
        root.put("created_before", created.toString());
        root.put("resumed_before", resumed.toString());
        ArrayNode ids = root.putArray("pause_ids");
        pruned.forEach(ids::add);
        Json.print(out(), root);
        return ExitCodes.OK;
      }
      out().printf(Locale.ROOT, "pruned %s pauses created before %s or resumed before %s (%d batches, %s)%n",
          Format.count(pruned.size()), created, resumed, batches, Durations.format(took));
      out().flush();
      return ExitCodes.OK;
    }
  }
}
