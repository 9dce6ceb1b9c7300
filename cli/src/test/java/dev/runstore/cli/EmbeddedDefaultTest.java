package dev.runstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.WorkflowRunRepositories;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The embedded default: with nothing configured, the tool opens {@link EmbeddedDefaults} through
 * the real ServiceLoader factory. The embedded backend is H2 ({@code runstore-jdbc-h2}); until
 * this module depends on it, the end-to-end test runs the same path with the in-memory backend
 * in its place, and {@link #theEmbeddedBackendIsFoundExactlyWhenThisModuleDependsOnIt()} makes
 * sure the switch happens once the dependency is added.
 */
class EmbeddedDefaultTest {

  /** Whether cli/pom.xml declares the H2 backend (surefire runs in the module directory). */
  static final boolean H2_WIRED = pomDeclares("runstore-jdbc-h2");

  /** The backend the embedded default is tested with. */
  static final String BACKEND = H2_WIRED ? EmbeddedDefaults.REPOSITORY : "in-memory";

  @TempDir Path dir;

  private static boolean pomDeclares(String artifactId) {
    try {
      String pom = Files.readString(Path.of("pom.xml"));
      // Ignore the comment that tells where to add it.
      return pom.replaceAll("(?s)<!--.*?-->", "").contains("<artifactId>" + artifactId + "</artifactId>");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

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
  void theEmbeddedBackendIsFoundExactlyWhenThisModuleDependsOnIt() {
    boolean found = WorkflowRunRepositories.availableProviders().stream()
        .anyMatch(p -> p.startsWith(EmbeddedDefaults.REPOSITORY + " ("));
    assertThat(found).as("providers %s", WorkflowRunRepositories.availableProviders()).isEqualTo(H2_WIRED);
  }

  @Test
  void withNothingConfiguredCommandsUseTheEmbeddedDatabase() {
    Cli cli = new Cli().with(b -> b.embeddedDefaults(EmbeddedDefaults.inDirectory(dir)));
    cli.run("count", "--tenant", "t", "--app", "a");
    assertThat(cli.lastConfig().repository()).isEqualTo("h2");
    assertThat(cli.lastConfig().jdbcUrl()).isEqualTo("jdbc:h2:file:" + dir + "/runstore");
    assertThat(cli.lastConfig().schemaCreate()).isTrue();
  }

  @Test
  void demoRunsOnTheEmbeddedDefaultAndItsDataStays() {
    Run demo = run("demo");
    assertThat(demo.exitCode()).as("%s%n%s", demo.out(), demo.err()).isZero();
    assertThat(demo.out()).contains("runstore demo on " + BACKEND, "(embedded default)", "demo summary");
    long now = DemoTest.number(demo.out(), "runs now");
    assertThat(now).isPositive();

    // A separate invocation opens the database again: H2 keeps the runs, in-memory starts empty.
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
    assertThat(total).isEqualTo(H2_WIRED ? now : 0);
    assertThat(dir.resolve(EmbeddedDefaults.ARCHIVE_DIR)).isDirectory();
    if (H2_WIRED) {
      assertThat(dir.resolve(EmbeddedDefaults.DATABASE_NAME + ".mv.db")).isRegularFile();
    }
  }
}
