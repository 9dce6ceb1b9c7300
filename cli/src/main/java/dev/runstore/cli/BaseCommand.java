package dev.runstore.cli;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryConfigurationException;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the global options, the environment, output and the repository. */
abstract class BaseCommand implements Callable<Integer> {

  @ArgGroup(validate = false, heading = "%nDatabase options (also before the command name):%n", order = 100)
  @Nullable GlobalOptions global;

  @Spec CommandSpec spec;

  /** Set by picocli before {@link #call()}; the field initializer only satisfies the null checker. */
  BaseCommand() {
    this.spec = CommandSpec.create();
  }

  /** The root command, which holds the environment and the options given before the command name. */
  final RunstoreCommand root() {
    return (RunstoreCommand) spec.root().userObject();
  }

  final CliEnvironment env() {
    return root().environment();
  }

  final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /**
   * The effective global options: those given after this command's name win over those given
   * after its parent's name, and so on up to the root.
   */
  final GlobalOptions options() {
    GlobalOptions merged = new GlobalOptions();
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      Object user = s.userObject();
      @Nullable GlobalOptions level = user instanceof BaseCommand c ? c.global
          : user instanceof RunstoreCommand r ? r.global : null;
      if (level != null) {
        merged = merged.over(level);
      }
    }
    return merged;
  }

  /**
   * The merged settings; {@code overrides} (by property name) win over every source. Nothing is
   * checked about the database: commands that need none (the archive's) use this.
   */
  final ConfigResolver.Resolved settings(Map<String, @Nullable String> overrides) {
    GlobalOptions g = options();
    Map<String, @Nullable String> flags = g.flags();
    flags.putAll(overrides);
    return ConfigResolver.resolve(flags, g.config, env().variables(), env().embeddedDefaults());
  }

  final ConfigResolver.Resolved settings() {
    return settings(Map.of());
  }

  /**
   * The settings of a command that works on an existing database: a configured one, or the
   * embedded one if it exists. Call it before touching anything else (an archive directory).
   *
   * @throws RunstoreCommand.UsageFailure when nothing is configured and the embedded database
   *     does not exist
   * @throws RepositoryConfigurationException when a JDBC URL names no backend
   */
  final ConfigResolver.Resolved databaseSettings() {
    ConfigResolver.Resolved settings = settings();
    if (settings.embedded() && !env().embeddedDefaults().exists()) {
      throw new RunstoreCommand.UsageFailure("no database is configured, and the embedded database "
          + env().embeddedDefaults().databaseFile() + " does not exist. Configure one with --jdbc-url URL "
          + "(and --user, --password), RUNSTORE_JDBC_URL or --config FILE; or create the embedded one "
          + "with 'runstore schema create' (or try 'runstore demo')");
    }
    requireBackend(settings);
    return settings;
  }

  /**
   * The settings of {@code demo} and {@code schema create}, the only commands that may create
   * the embedded database: {@code runstore.schema.create=true}.
   */
  final ConfigResolver.Resolved creatingSettings() {
    ConfigResolver.Resolved settings = settings(Map.of(RepositoryConfig.SCHEMA_CREATE, "true"));
    requireBackend(settings);
    return settings;
  }

  /** A JDBC URL that no backend accepts, with no backend named, is a configuration error. */
  private static void requireBackend(ConfigResolver.Resolved settings) {
    String url = settings.config().jdbcUrl();
    if (settings.config().repository() == null && url != null) {
      throw new RepositoryConfigurationException("no backend accepts JDBC URLs starting with "
          + ConfigResolver.scheme(url) + " (" + settings.origin(RepositoryConfig.JDBC_URL)
          + "): check the URL's scheme (jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb:, jdbc:h2:) or name the "
          + "backend with --repository; backends found: " + String.join(", ", WorkflowRunRepositories.availableProviders()));
    }
  }

  /** Opens the configured repository; the caller closes it. */
  final WorkflowRunRepository open(ConfigResolver.Resolved settings) {
    try {
      return env().repositories().open(settings.config());
    } catch (RepositoryConfigurationException e) {
      if (!settings.embedded()) {
        throw e;
      }
      throw new RepositoryConfigurationException("the embedded database, "
          + settings.config().repository() + " at " + settings.config().jdbcUrl() + ", cannot be opened: " + e.getMessage()
          + ". Configure one (--repository/--jdbc-url, RUNSTORE_* variables or --config FILE), "
          + "or try --repository in-memory (data lasts for one command only)", e);
    }
  }

  /** Opens the configured, existing database ({@link #databaseSettings()}); the caller closes it. */
  final WorkflowRunRepository open() {
    return open(databaseSettings());
  }

  /** The value of {@code option} as typed on the command line (for messages), or "". */
  final String typed(String option) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    CommandLine.Model.OptionSpec matched = parsed == null ? null : parsed.matchedOption(option);
    if (matched == null) {
      return "";
    }
    List<String> values = matched.originalStringValues();
    return values.isEmpty() ? "" : values.get(values.size() - 1);
  }
}
