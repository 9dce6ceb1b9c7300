package dev.runstore.cli;

import dev.runstore.api.WorkflowRunRepository;
import java.util.UUID;
import picocli.CommandLine.Command;

/** {@code runstore schema}: schema management. */
@Command(name = "schema", mixinStandardHelpOptions = true,
    description = "Database schema management.",
    subcommands = SchemaCommand.Create.class)
final class SchemaCommand extends BaseCommand {

  @Override
  public Integer call() {
    err().println("runstore schema: missing subcommand (create)");
    spec.commandLine().usage(err());
    return ExitCodes.USAGE;
  }

  /** {@code runstore schema create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Creates the workflow_runs table and its indexes if they are missing (the "
        + "backend's shipped scripts; existing tables, including a Dify database's, are "
        + "left as they are), then checks that the table can be queried.")
  static final class Create extends BaseCommand {
    @Override
    public Integer call() {
      ConfigResolver.Resolved settings = creatingSettings();
      try (WorkflowRunRepository repository = open(settings)) {
        // A lookup of a random id reads the table through the index: proof that it exists.
        repository.getWorkflowRunByIdWithoutTenant(UUID.randomUUID().toString());
      }
      out().println("schema ready: table workflow_runs and its indexes exist (created where missing)");
      out().println(Format.row("database", settings.describeDatabase()));
      out().flush();
      return ExitCodes.OK;
    }
  }
}
