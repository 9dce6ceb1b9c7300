package dev.runstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.TestRuns;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool as a real process ({@link RunstoreCli#main}, a JVM of its own) where in-process tests
 * cannot reach: a pseudo-terminal for the progress bar ({@code script} from util-linux), SIGINT
 * during a purge, and a pipe closed by {@code head}. The database is the embedded default (H2 in
 * {@code runstore-data} of the working directory, a temporary folder).
 */
class ProcessTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir static Path dir;

  private static String jdbcUrl;
  private static final String TENANT = TestRuns.newId();
  private static final String OLD_APP = TestRuns.newId();
  private static final String RECENT_APP = TestRuns.newId();
  private static final int OLD_RUNS = 4000;

  @BeforeAll
  static void database() {
    jdbcUrl = EmbeddedDefaults.inDirectory(dir.resolve(EmbeddedDefaults.DATA_DIR)).jdbcUrl();
    try (WorkflowRunRepository repository = open()) {
      Instant now = Instant.now();
      List<WorkflowRun> runs = new ArrayList<>();
      for (int i = 0; i < OLD_RUNS; i++) {
        Instant at = now.minus(40, ChronoUnit.DAYS).minusSeconds(i);
        runs.add(TestRuns.run(TENANT, OLD_APP).createdAt(at).finishedAt(at.plusSeconds(1)).build());
      }
      for (int i = 0; i < 300; i++) {
        Instant at = now.minusSeconds(60 + i);
        runs.add(TestRuns.run(TENANT, RECENT_APP).createdAt(at).finishedAt(at.plusSeconds(1)).build());
      }
      TestRuns.saveAll(repository, runs);
    }
  }

  private static WorkflowRunRepository open() {
    return WorkflowRunRepositories.create(RepositoryConfig.builder()
        .repository("h2").jdbcUrl(jdbcUrl).schemaCreate(true).build());
  }

  /** {@code java -cp <the test class path> dev.runstore.cli.RunstoreCli args...}, shell-quoted. */
  private static String tool(String... args) {
    List<String> words = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), RunstoreCli.class.getName()));
    words.addAll(List.of(args));
    StringBuilder line = new StringBuilder();
    for (String w : words) {
      line.append(line.length() == 0 ? "" : " ").append("'").append(w.replace("'", "'\\''")).append("'");
    }
    return line.toString();
  }

  private record Exit(int code, String out) {}

  private static Exit shell(String command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Process p = new ProcessBuilder("bash", "-c", command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as(command).isTrue();
    return new Exit(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  private static boolean hasScript() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, "script")));
  }

  @Test
  void theBarFollowsStandardErrorOnARealTerminal() throws Exception {
    // util-linux 'script' (bsdutils, essential on Debian) gives the pseudo-terminal; without it
    // this test fails rather than skip
    assertThat(hasScript()).as("util-linux 'script' is installed").isTrue();
    String demo = tool("demo", "--repository", "in-memory", "--days", "4", "--keep-days", "2",
        "--archive", dir.resolve("demo-archive").toString());
    // stdout to a file, stderr on the terminal: the bar is drawn on the terminal.
    Path summary = dir.resolve("summary.txt");
    Exit onTerminal = shell("script -qec \"" + demo.replace("\"", "\\\"") + " > '" + summary + "'\" /dev/null");
    assertThat(onTerminal.code()).as(onTerminal.out()).isZero();
    assertThat(onTerminal.out()).contains("\rpurging [");
    assertThat(Files.readString(summary)).contains("demo summary").doesNotContain("\r");
    // stdout on the terminal, stderr to a file: no carriage-return frames in the file.
    Path log = dir.resolve("stderr.txt");
    Exit toFile = shell("script -qec \"" + demo.replace("\"", "\\\"") + " 2> '" + log + "'\" /dev/null");
    assertThat(toFile.code()).as(toFile.out()).isZero();
    assertThat(toFile.out()).contains("demo summary");
    assertThat(Files.readString(log)).doesNotContain("\r").doesNotContain("[###");
  }

  @Test
  void aClosedPipeStopsListing() throws Exception {
    long started = System.nanoTime();
    Exit r = shell("set -o pipefail; " + tool("list", "--tenant", TENANT, "--app", RECENT_APP,
        "--all", "--limit", "1", "--json") + " 2>/dev/null | head -1");
    assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.OUTPUT_CLOSED);
    assertThat(r.out().lines()).hasSize(1);
    assertThat(r.out()).startsWith("{\"id\":");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
  }

  @Test
  void sigintDuringPurgeReportsExactlyWhatWasCommitted() throws Exception {
    Path archive = dir.resolve("sigint-archive");
    Path err = dir.resolve("purge-stderr.txt");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), RunstoreCli.class.getName(),
        "purge", "--older-than", "1d", "--tenant", TENANT,
        "--archive", archive.toString(), "--batch-size", "20"));
    Process purge = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile())
        .redirectOutput(dir.resolve("purge-stdout.txt").toFile()).start();
    // Ctrl-C once a few batches are in the archive.
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (manifests(archive) < 3 && purge.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(purge.isAlive()).as("the purge ended before it could be interrupted").isTrue();
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(purge.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(purge.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(err);
    assertThat(purge.exitValue()).as(stderr).isEqualTo(ExitCodes.INTERRUPTED);
    Matcher m = Pattern.compile("Committed before stopping: ([0-9,]+) runs archived in ([0-9,]+) verified batch files, "
        + "([0-9,]+) runs deleted").matcher(stderr);
    assertThat(m.find()).as(stderr).isTrue();
    long archived = Long.parseLong(m.group(1).replace(",", ""));
    long files = Long.parseLong(m.group(2).replace(",", ""));
    long deleted = Long.parseLong(m.group(3).replace(",", ""));
    assertThat(files).isEqualTo(manifests(archive)).isLessThan(OLD_RUNS / 20);
    assertThat(archived).isEqualTo(files * 20).isEqualTo(deleted);
    try (WorkflowRunRepository repository = open()) {
      long left = repository.getWorkflowRunsCount(TENANT, OLD_APP, dev.runstore.api.TriggeredFrom.APP_RUN, null, null).total();
      assertThat(left).isEqualTo(OLD_RUNS - deleted);
    }
  }

  private static long manifests(Path archive) throws IOException {
    if (!Files.isDirectory(archive)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(archive)) {
      return files.filter(f -> f.toString().endsWith(".manifest.json")).count();
    } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException renamedWhileWalking) {
      return 0; // a temporary file was renamed while walking: look again
    }
  }
}
