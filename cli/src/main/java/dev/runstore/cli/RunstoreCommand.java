package dev.runstore.cli;

import dev.runstore.api.RepositoryConfigurationException;
import dev.runstore.api.RunStoreException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code runstore} command. Build a ready {@link CommandLine} with
 * {@link #commandLine(CliEnvironment)}; {@link RunstoreCli#main} does that with
 * {@link CliEnvironment#system()}.
 */
@Command(
    name = "runstore",
    mixinStandardHelpOptions = true,
    versionProvider = RunstoreCommand.Version.class,
    description = "Stores, lists, purges (with backup) and restores the runs of LLM-app workflows. With no database configured, it uses an embedded H2 database in the folder runstore-data: try 'runstore demo'.",
    subcommands = {
      SchemaCommand.class,
      ListCommand.class,
      GetCommand.class,
      CountCommand.class,
      StatsCommand.class,
      PurgeCommand.class,
      RestoreCommand.class,
      DeleteAppCommand.class,
      ArchiveCommand.class,
      PausesCommand.class,
      CompletionCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class,
    },
    footerHeading = "%nConfiguration (highest precedence first):%n",
    footer = {
      // Lines of at most 78 characters, so that they never wrap at the default width of 80.
      "  1. flags, before or after the command name: --repository, --jdbc-url,",
      "     --user, --password, --schema-create, --pool-max-size, --config,",
      "     --connect-timeout, --pool-acquire-timeout, --query-timeout,",
      "     --lock-timeout",
      "  2. environment: RUNSTORE_REPOSITORY, RUNSTORE_JDBC_URL,",
      "     RUNSTORE_JDBC_USERNAME, RUNSTORE_JDBC_PASSWORD,",
      "     RUNSTORE_JDBC_POOL_MAX_SIZE, RUNSTORE_SCHEMA_CREATE,",
      "     RUNSTORE_JDBC_CONNECT_TIMEOUT, RUNSTORE_JDBC_POOL_ACQUIRE_TIMEOUT,",
      "     RUNSTORE_JDBC_QUERY_TIMEOUT, RUNSTORE_JDBC_LOCK_TIMEOUT,",
      "     RUNSTORE_S3_ENDPOINT, RUNSTORE_S3_REGION, RUNSTORE_S3_PATH_STYLE,",
      "     RUNSTORE_S3_ACCESS_KEY, RUNSTORE_S3_SECRET_KEY",
      "  3. properties file (--config FILE or RUNSTORE_CONFIG) with the same",
      "     settings: runstore.repository, runstore.jdbc.url, ...,",
      "     runstore.s3.endpoint, ...",
      "  4. the embedded default: H2 in the folder runstore-data, created only by",
      "     'runstore demo' or 'runstore schema create'",
    })
public final class RunstoreCommand implements Callable<Integer> {

  @ArgGroup(validate = false, heading = "%nDatabase options (also after the command name):%n", order = 100)
  @Nullable GlobalOptions global;

  @Spec CommandSpec spec = CommandSpec.create();

  private final CliEnvironment environment;

  /** A root command in {@code environment}. */
  public RunstoreCommand(CliEnvironment environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** The environment the commands run in. */
  public CliEnvironment environment() {
    return environment;
  }

  /** {@code runstore} alone: prints the usage and fails with {@value ExitCodes#USAGE}. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("runstore: missing command");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /**
   * A configured command line: converters, exit codes in the help, and exceptions mapped to
   * {@link ExitCodes}. Call {@link CommandLine#setOut}/{@link CommandLine#setErr} on it to
   * capture output.
   */
  public static CommandLine commandLine(CliEnvironment environment) {
    CommandLine cl = new CommandLine(new RunstoreCommand(environment));
    Converters.register(cl);
    Map<String, String> exitCodes = new LinkedHashMap<>();
    for (String line : ExitCodes.HELP) {
      int colon = line.indexOf(':');
      exitCodes.put(String.format("%4s", line.substring(0, colon)), line.substring(colon + 1));
    }
    applyExitCodes(cl, exitCodes);
    cl.setExecutionExceptionHandler(RunstoreCommand::handle);
    cl.setParameterExceptionHandler(RunstoreCommand::usageError);
    cl.setAbbreviatedOptionsAllowed(false);
    return cl;
  }

  private static void applyExitCodes(CommandLine cl, Map<String, String> exitCodes) {
    cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
    for (CommandLine sub : cl.getSubcommands().values()) {
      applyExitCodes(sub, exitCodes);
    }
  }

  /** A bad command line: the problem and where to find help, not the whole usage. */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine c = e.getCommandLine();
    PrintWriter err = c.getErr();
    err.println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** Maps a failure to an exit code: bad input 2, storage or archive failure 1. */
  private static int handle(Exception e, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    boolean verbose = false;
    Object user = commandLine.getCommand();
    if (user instanceof BaseCommand c) {
      verbose = c.options().verbose;
    }
    int code;
    String kind;
    if (e instanceof RepositoryConfigurationException) {
      code = ExitCodes.USAGE;
      kind = "configuration error";
    } else if (e instanceof IllegalArgumentException) {
      code = ExitCodes.USAGE;
      kind = "invalid argument";
    } else if (e instanceof UsageFailure) {
      code = ExitCodes.USAGE;
      kind = "usage error";
    } else if (e instanceof RunStoreException) {
      code = ExitCodes.FAILURE;
      kind = "failed";
    } else {
      code = ExitCodes.FAILURE;
      kind = "failed (" + e.getClass().getName() + ")";
    }
    err.println("runstore " + commandLine.getCommandName() + ": " + kind + ": " + e.getMessage());
    if (verbose) {
      e.printStackTrace(err);
    } else if (code == ExitCodes.FAILURE) {
      Throwable cause = e.getCause();
      if (cause != null) {
        err.println("  caused by: " + cause);
      }
      err.println("  (run with --verbose for the stack trace)");
    }
    err.flush();
    return code;
  }

  /** A usage problem found while running a command (exit {@value ExitCodes#USAGE}). */
  static final class UsageFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageFailure(String message) {
      super(message);
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = RunstoreCommand.class.getPackage().getImplementationVersion();
      return new String[] {"runstore " + (v == null ? "(development build)" : v)};
    }
  }
}
