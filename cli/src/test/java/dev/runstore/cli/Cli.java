package dev.runstore.cli;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.memory.InMemoryWorkflowRunRepository;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/**
 * Runs the tool in-process, as often as a test likes, on one shared in-memory repository (so
 * several invocations see the same data), capturing stdout, stderr and the configs it opened.
 */
final class Cli {

  /** What one invocation did. */
  record Result(int exitCode, String out, String err) {
    Result withOut(String out) {
      return new Result(exitCode, out, err);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  final InMemoryWorkflowRunRepository repository = new InMemoryWorkflowRunRepository();
  final List<RepositoryConfig> opened = new ArrayList<>();
  private CliEnvironment.Builder environment;

  Cli() {
    this.environment = CliEnvironment.builder()
        .repositories(this::open)
        // With nothing configured, commands use this "embedded" database: it exists.
        .embeddedDefaults(EmbeddedDefaults.of("in-memory", existingDirectory()))
        .progressInterval(Duration.ZERO);
  }

  private static Path existingDirectory() {
    try {
      Path dir = Files.createTempDirectory("runstore-cli-test");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private WorkflowRunRepository open(RepositoryConfig config) {
    opened.add(config);
    return repository; // its close() does nothing: the next invocation sees the same runs
  }

  /** Changes the environment of later invocations. */
  Cli with(UnaryOperator<CliEnvironment.Builder> change) {
    environment = change.apply(environment);
    return this;
  }

  Cli variables(Map<String, String> variables) {
    return with(b -> b.variables(variables));
  }

  /** Standard input and output are a terminal: prompts read {@code answers}. */
  Cli terminal(String answers) {
    return with(b -> b.terminal(true).input(() -> new BufferedReader(new StringReader(answers))));
  }

  /** Repositories come from the real ServiceLoader factory (the {@link #repository} is not used). */
  Cli realRepositories() {
    return with(b -> b.repositories(RepositoryFactory.SERVICE_LOADER));
  }

  /** Standard error is a terminal: progress bars. */
  Cli stderrTerminal() {
    return with(b -> b.stderrTerminal(true));
  }

  /** The config of the last repository opened. */
  RepositoryConfig lastConfig() {
    return opened.get(opened.size() - 1);
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    return run(new PrintWriter(out, true), err, args).withOut(out.toString());
  }

  /** Runs with standard output going to {@code out} (e.g. one that closes, like a pipe into head). */
  Result run(PrintWriter out, StringWriter err, String... args) {
    CommandLine cl = RunstoreCommand.commandLine(environment.build());
    cl.setOut(out);
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, "", err.toString());
  }
}
