package dev.runstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.WorkflowRunRepositories;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The embedded default: with nothing configured, the tool opens {@link EmbeddedDefaults} (H2 in
 * file mode) through the real ServiceLoader factory, and its data survives the process.
 */
class EmbeddedDefaultTest {

  /** The backend the embedded default is tested with: the real one. */
  static final String BACKEND = EmbeddedDefaults.REPOSITORY;

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private Run run(String... args) {
    CliEnvironment env = CliEnvironment.builder()
        .embeddedDefaults(EmbeddedDefaults.of(BACKEND, dir))
        .progressInterval(Duration.ZERO)
        .build(); // repositories: the real ServiceLoader factory
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = RunstoreCommand.commandLine(env);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void theEmbeddedBackendIsOnTheClassPath() {
    assertThat(WorkflowRunRepositories.availableProviders())
        .anyMatch(p -> p.startsWith(EmbeddedDefaults.REPOSITORY + " ("));
  }

  @Test
  void withNothingConfiguredCommandsUseTheEmbeddedDatabaseOnceItExists() throws java.io.IOException {
    Cli cli = new Cli().with(b -> b.embeddedDefaults(EmbeddedDefaults.inDirectory(dir)));
    String id = "3f2b9c1e-7d4a-4b8e-9f00-2a6c1d5e8b71";
    Cli.Result missing = cli.run("count", "--tenant", id, "--app", id);
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("no database is configured", dir.resolve("runstore.mv.db").toString(), "does not exist");
    assertThat(cli.opened).isEmpty();

    java.nio.file.Files.createFile(dir.resolve("runstore.mv.db"));
    cli.run("count", "--tenant", id, "--app", id);
    assertThat(cli.lastConfig().repository()).isEqualTo("h2");
    assertThat(cli.lastConfig().jdbcUrl()).isEqualTo("jdbc:h2:file:" + dir + "/runstore;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(cli.lastConfig().schemaCreate()).isTrue();
  }

  @Test
  void demoRunsOnTheEmbeddedDefaultAndItsDataStays() {
    Run demo = run("demo");
    assertThat(demo.exitCode()).as("%s%n%s", demo.out(), demo.err()).isZero();
    assertThat(demo.out()).contains("runstore demo on " + BACKEND, "(embedded default)", "demo summary");
    long now = DemoTest.number(demo.out(), "runs now");
    assertThat(now).isPositive();

    // A separate invocation opens the database again: the runs are still there.
    DemoCommand.Ids ids = DemoCommand.ids(3, 2);
    long total = 0;
    for (int t = 0; t < 3; t++) {
      for (String app : ids.apps().get(t)) {
        for (String trigger : new String[] {"app-run", "debugging", "webhook", "schedule"}) {
          Run count = run("count", "--tenant", ids.tenants().get(t), "--app", app, "--trigger", trigger, "--json");
          assertThat(count.exitCode()).as(count.err()).isZero();
          total += Long.parseLong(count.out().replaceAll("(?s)^\\{\"total\":(\\d+),.*$", "$1").strip());
        }
      }
    }
    assertThat(total).isEqualTo(now);
    assertThat(dir.resolve(EmbeddedDefaults.ARCHIVE_DIR)).isDirectory();
    assertThat(dir.resolve(EmbeddedDefaults.DATABASE_NAME + ".mv.db")).isRegularFile();
  }
}
