package dev.runstore.cli;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryConfigurationException;
import dev.runstore.api.WorkflowRunRepository;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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

  /** The merged settings; {@code overrides} (by property name) win over every source. */
  final ConfigResolver.Resolved settings(Map<String, @Nullable String> overrides) {
    GlobalOptions g = options();
    Map<String, @Nullable String> flags = g.flags();
    flags.putAll(overrides);
    return ConfigResolver.resolve(flags, g.config, env().variables(), env().embeddedDefaults());
  }

  final ConfigResolver.Resolved settings() {
    return settings(Map.of());
  }

  /** Opens the configured repository; the caller closes it. */
  final WorkflowRunRepository open(ConfigResolver.Resolved settings) {
    try {
      return env().repositories().open(settings.config());
    } catch (RepositoryConfigurationException e) {
      if (!settings.embedded()) {
        throw e;
      }
      throw new RepositoryConfigurationException("no database is configured, and the embedded default, "
          + settings.config().repository() + " at " + settings.config().jdbcUrl() + ", cannot be opened: " + e.getMessage()
          + ". Configure one (--repository/--jdbc-url, RUNSTORE_* variables or --config FILE), "
          + "or try --repository in-memory (data lasts for one command only)", e);
    }
  }

  /** Opens the configured repository; the caller closes it. */
  final WorkflowRunRepository open() {
    return open(settings());
  }

  /** {@code runstore.schema.create=true}, as {@code schema create} and {@code demo} force it. */
  static Map<String, @Nullable String> schemaCreate() {
    return Map.of(RepositoryConfig.SCHEMA_CREATE, "true");
  }
}
