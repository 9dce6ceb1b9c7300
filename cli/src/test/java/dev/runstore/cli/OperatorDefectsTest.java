package dev.runstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryConfigurationException;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.testkit.ForwardingWorkflowRunRepository;
import dev.runstore.testkit.TestRuns;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The numbered defects of issue 13, each through the real command line (picocli entry point,
 * in process): exit code and output. Terminal and signal behaviour of the real process: see
 * {@link ProcessTest}; the tool on MariaDB with its own driver: {@link MariaDbTest}.
 */
class OperatorDefectsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final Cli cli = new Cli();
  private final String tenant = TestRuns.newId();
  private final String app = TestRuns.newId();
  private final List<WorkflowRun> old = new ArrayList<>();

  @BeforeEach
  void saveRuns() {
    Instant now = Instant.now();
    for (int i = 0; i < 59; i++) {
      Instant at = now.minus(40 + i, ChronoUnit.DAYS);
      old.add(TestRuns.run(tenant, app).createdAt(at).finishedAt(at.plusSeconds(3)).build());
    }
    TestRuns.saveAll(cli.repository, old);
  }

  private long stored() {
    return cli.repository.getExpiredRunsBatch(tenant, TestRuns.FAR_FUTURE, 10_000).size();
  }

  private String archive() {
    return dir.resolve("archive").toString();
  }

  private static JsonNode json(String line) throws IOException {
    return JSON.readTree(line);
  }

  // ---- 1. malformed ids ----

  @Test
  void defect01_malformedIdsAreUsageErrorsInEveryCommand() {
    String[][] commands = {
      {"list", "--tenant", "not-a-uuid", "--app", app},
      {"count", "--tenant", "not-a-uuid", "--app", app},
      {"stats", "--tenant", "not-a-uuid", "--app", app},
      {"get", "--tenant", "not-a-uuid", "--app", app, old.get(0).id()},
      {"delete-app", "--tenant", "not-a-uuid", "--app", app, "--yes"},
      {"purge", "--older-than", "30d", "--tenant", "not-a-uuid", "--archive", archive()},
      {"restore", "--tenant", "not-a-uuid", "--archive", archive()},
      {"archive", "list", "--tenant", "not-a-uuid", "--archive", archive()},
    };
    SoftAssertions soft = new SoftAssertions();
    for (String[] args : commands) {
      Cli.Result r = cli.run(args);
      soft.assertThat(r.exitCode()).as("%s", String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
      soft.assertThat(r.err()).as("%s", String.join(" ", args))
          .contains("'--tenant'", "'not-a-uuid' is not a UUID");
      soft.assertThat(r.out()).as("%s", String.join(" ", args)).isEmpty();
    }
    // A pasted id with a trailing space, and a malformed app id.
    Cli.Result space = cli.run("list", "--tenant", tenant + " ", "--app", app);
    soft.assertThat(space.exitCode()).isEqualTo(ExitCodes.USAGE);
    soft.assertThat(space.err()).contains("'" + tenant + " ' is not a UUID");
    Cli.Result badApp = cli.run("count", "--tenant", tenant, "--app", app.substring(1));
    soft.assertThat(badApp.exitCode()).isEqualTo(ExitCodes.USAGE);
    soft.assertThat(badApp.err()).contains("'--app'");
    // delete-app never said "deleted 0 runs" for nothing.
    Cli.Result delete = cli.run("delete-app", "--tenant", tenant, "--app", "x", "--yes");
    soft.assertThat(delete.exitCode()).isEqualTo(ExitCodes.USAGE);
    soft.assertThat(delete.out()).doesNotContain("deleted");
    soft.assertAll();
    assertThat(stored()).isEqualTo(59);
    assertThat(cli.opened).isEmpty(); // no database was opened for any of them
    // Upper-case ids are the same UUID.
    assertThat(cli.run("count", "--tenant", tenant.toUpperCase(), "--app", app, "--json").out())
        .startsWith("{\"total\":59,");
  }

  // ---- 2. get with a malformed run id ----

  @Test
  void defect02_getWithAMalformedRunIdIsAUsageErrorNotNoSuchRun() {
    Cli.Result r = cli.run("get", "--tenant", tenant, "--app", app, "1234");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("RUN_ID", "'1234' is not a UUID").doesNotContain("no run");
    assertThat(cli.run("get", "--any-tenant", "1234").exitCode()).isEqualTo(ExitCodes.USAGE);
    // A well-formed id that does not exist is still exit 4.
    assertThat(cli.run("get", "--tenant", tenant, "--app", app, TestRuns.newId()).exitCode())
        .isEqualTo(ExitCodes.NOT_FOUND);
  }

  // ---- 3. no configuration: no silent embedded database ----

  @Test
  void defect03_withoutConfigurationOnlyDemoAndSchemaCreateMakeTheEmbeddedDatabase() {
    Path data = dir.resolve("runstore-data");
    Cli real = new Cli().realRepositories().with(b -> b.embeddedDefaults(EmbeddedDefaults.inDirectory(data)));
    Path arch = dir.resolve("arch");
    String[][] commands = {
      {"purge", "--older-than", "30d", "--all-tenants", "--archive", arch.toString()},
      {"list", "--tenant", tenant, "--app", app},
      {"count", "--tenant", tenant, "--app", app},
      {"restore", "--all-tenants", "--archive", arch.toString()},
      {"delete-app", "--tenant", tenant, "--app", app, "--yes"},
    };
    for (String[] args : commands) {
      Cli.Result r = real.run(args);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("no database is configured", data.resolve("runstore.mv.db").toString(),
          "does not exist", "--jdbc-url", "runstore schema create");
      assertThat(r.out()).isEmpty();
    }
    assertThat(data).doesNotExist();
    assertThat(arch).doesNotExist();

    Cli.Result create = real.run("schema", "create");
    assertThat(create.exitCode()).as(create.toString()).isZero();
    assertThat(data.resolve("runstore.mv.db")).isRegularFile();
    Cli.Result purge = real.run("purge", "--older-than", "30d", "--all-tenants", "--archive", arch.toString());
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    assertThat(purge.out()).contains("runs scanned     0");
  }

  // ---- 4. restore needs something to restore; archive list / verify ----

  @Test
  void defect04_restoreFromNothingFailsAndArchiveListAndVerifyShowWhatABackupHolds() throws IOException {
    Path missing = dir.resolve("no-such-archive");
    Cli.Result fromMissing = cli.run("restore", "--all-tenants", "--archive", missing.toString());
    assertThat(fromMissing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(fromMissing.err()).contains("--archive " + missing, "no such directory");
    assertThat(missing).doesNotExist();

    Cli.Result purge = cli.run("purge", "--older-than", "30d", "--tenant", tenant, "--archive", archive(), "--batch-size", "25");
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    assertThat(stored()).isZero();

    Cli.Result wrongPrefix = cli.run("restore", "--all-tenants", "--archive", archive(), "--prefix", "prod");
    assertThat(wrongPrefix.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(wrongPrefix.err()).contains("no archived batch found", "prefix prod", "prod/<tenant>/workflow_runs/");
    Cli.Result otherTenant = cli.run("restore", "--tenant", TestRuns.newId(), "--archive", archive());
    assertThat(otherTenant.exitCode()).isEqualTo(ExitCodes.USAGE);
    Cli.Result noDays = cli.run("restore", "--tenant", tenant, "--archive", archive(), "--from", "2001-01-01", "--to", "2001-01-02");
    assertThat(noDays.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noDays.err()).contains("from 2001-01-01", "to 2001-01-02");
    assertThat(stored()).isZero();

    Cli.Result list = cli.run("archive", "list", "--archive", archive());
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).contains("WORKFLOW_RUNS", "FIRST RUN (UTC)", "LAST RUN (UTC)", "SIZE")
        // workflow_runs 59, then the six related tables (0 here: purged with related rows by default), then size
        .containsPattern("(?m)^" + tenant + "\\s+3\\s+.*\\s59(\\s+0){6}\\s+[0-9.]+ KiB$")
        .containsPattern("(?m)^total \\(1 tenants\\)\\s+3\\s+");
    Cli.Result perBatch = cli.run("archive", "list", "--archive", archive(), "--batches");
    assertThat(perBatch.out().lines().filter(l -> l.startsWith(tenant))).hasSize(3);

    JsonNode listed = json(cli.run("archive", "list", "--archive", archive(), "--json").out());
    assertThat(listed.path("totals").path("rows").path("workflow_runs").asLong()).isEqualTo(59);
    assertThat(listed.path("totals").path("batch_files").asInt()).isEqualTo(3);
    assertThat(listed.path("tenants").get(0).path("tenant_id").asText()).isEqualTo(tenant);
    WorkflowRun oldest = old.stream().min(TestRuns.OLDEST_FIRST).orElseThrow();
    assertThat(listed.path("totals").path("first_created_at").asText()).isEqualTo(Format.instant(oldest.createdAt()));

    Cli.Result verify = cli.run("archive", "verify", "--archive", archive());
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.out()).containsPattern("verified\\s+3 ").contains("workflow_runs", "59 rows verified", "result           ok");

    // One flipped byte in one data file: verify names it and fails; the others still count.
    Path data;
    try (Stream<Path> files = Files.walk(dir.resolve("archive"))) {
      data = files.filter(f -> f.toString().endsWith(".jsonl.gz")).sorted().findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(data, bytes);
    Cli.Result damaged = cli.run("archive", "verify", "--archive", archive(), "--json");
    assertThat(damaged.exitCode()).isEqualTo(ExitCodes.FAILURE);
    JsonNode report = json(damaged.out());
    assertThat(report.path("result").asText()).isEqualTo("damaged");
    assertThat(report.path("batch_files_ok").asInt()).isEqualTo(2);
    assertThat(report.path("damaged").get(0).path("data_file").asText()).endsWith(data.getFileName().toString());
    assertThat(damaged.err()).contains("damaged: ", "SHA-256");
  }

  // ---- 5. restore progress ----

  @Test
  void defect05_restoreShowsProgressLikePurge() {
    assertThat(cli.run("purge", "--older-than", "30d", "--tenant", tenant, "--archive", archive(), "--batch-size", "10")
        .exitCode()).isZero();
    // Not on a terminal: log lines (interval zero: after every batch file).
    Cli.Result logged = cli.run("restore", "--tenant", tenant, "--archive", archive());
    assertThat(logged.exitCode()).as(logged.toString()).isZero();
    assertThat(logged.err()).contains("restoring 6 batch files (59 archived runs)", "restoring: ", "files 1/6", "files 6/6")
        .doesNotContain("\r");
    cli.stderrTerminal();
    Cli.Result bar = cli.run("restore", "--tenant", tenant, "--archive", archive());
    assertThat(bar.err()).contains("\rrestoring [", "100% files 6/6, runs restored 59");
  }

  // ---- 6. the bar follows stderr, not System.console() ----

  @Test
  void defect06_theBarIsDrawnWhenStandardErrorIsATerminalOnly() {
    // stdin/stdout a terminal, stderr redirected (2> file): log lines, no carriage returns.
    cli.with(b -> b.terminal(true).stderrTerminal(false));
    Cli.Result toFile = cli.run("purge", "--older-than", "30d", "--tenant", tenant, "--archive", archive(), "--batch-size", "10");
    assertThat(toFile.exitCode()).isZero();
    assertThat(toFile.err()).doesNotContain("\r").contains("purging: ");
    // stdout redirected (> summary.txt), stderr a terminal: the bar.
    TestRuns.saveAll(cli.repository, old);
    cli.with(b -> b.terminal(false).stderrTerminal(true));
    Cli.Result bar = cli.run("purge", "--older-than", "30d", "--tenant", tenant, "--archive", dir.resolve("a2").toString(),
        "--batch-size", "10");
    assertThat(bar.err()).contains("\rpurging [");
    assertThat(bar.out()).doesNotContain("\r").contains("purge summary");
  }

  // ---- 7. Ctrl-C: exactly what was committed, then silence ----

  /** SIGINT as the JVM handles it: hooks on their own threads; when they return, the process halts. */
  static final class FakeSignal implements Interrupts {
    final List<Runnable> actions = new CopyOnWriteArrayList<>();
    volatile boolean halted;

    @Override
    public Registration register(Runnable action) {
      actions.add(action);
      return () -> actions.remove(action);
    }

    /** Starts the hooks now and returns; the "process" halts once they have all returned. */
    void fire() {
      CountDownLatch started = new CountDownLatch(actions.size());
      Thread signal = new Thread(() -> {
        List<Thread> hooks = new ArrayList<>();
        for (Runnable action : actions) {
          Thread hook = new Thread(() -> {
            started.countDown();
            action.run();
          });
          hooks.add(hook);
          hook.start();
        }
        for (Thread hook : hooks) {
          try {
            hook.join(120_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        halted = true;
      });
      signal.start();
      try {
        // The hook's first step is to ask the job to stop; give it a moment past its start.
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void defect07_ctrlCReportsExactlyWhatWasCommittedAndStopsDrawing() throws IOException {
    for (int i = 0; i < 941; i++) {
      Instant at = Instant.now().minus(40, ChronoUnit.DAYS).minusSeconds(i);
      cli.repository.save(TestRuns.run(tenant, app).createdAt(at).finishedAt(at.plusSeconds(1)).build());
    }
    assertThat(stored()).isEqualTo(1000);
    FakeSignal signal = new FakeSignal();
    AtomicInteger deletes = new AtomicInteger();
    cli.stderrTerminal().with(b -> b.interrupts(signal).repositories(config -> new ForwardingWorkflowRunRepository(cli.repository) {
      private void alive() {
        if (signal.halted) {
          throw new IllegalStateException("the process has exited");
        }
      }

      @Override
      public List<WorkflowRun> getRunsBatchByTimeRange(dev.runstore.api.TimeRangeBatchQuery query) {
        alive();
        return super.getRunsBatchByTimeRange(query);
      }

      @Override
      public dev.runstore.api.RelatedCounts deleteRunsWithRelated(String tenantId, Collection<String> runIds) {
        alive();
        if (deletes.incrementAndGet() == 39) {
          signal.fire(); // Ctrl-C while the 39th batch's delete is under way
        }
        return super.deleteRunsWithRelated(tenantId, runIds);
      }
    }));
    Cli.Result r = cli.run("purge", "--older-than", "30d", "--all-tenants", "--archive", archive(), "--batch-size", "20");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.INTERRUPTED);
    long manifests;
    try (Stream<Path> files = Files.walk(dir.resolve("archive"))) {
      manifests = files.filter(f -> f.toString().endsWith(".manifest.json")).count();
    }
    long deleted = 1000 - stored();
    assertThat(manifests).isEqualTo(39);
    assertThat(deleted).isEqualTo(780);
    int message = r.err().indexOf("runstore purge: interrupted");
    assertThat(message).as(r.err()).isPositive();
    assertThat(r.err().substring(message))
        .contains("780 runs archived in 39 verified batch files, 780 runs deleted")
        .doesNotContain("\r");
    // The bar's line was ended before the message.
    assertThat(r.err().charAt(message - 1)).isEqualTo('\n');
  }

  // ---- 8. a closed standard output stops paging ----

  @Test
  void defect08_listStopsReadingPagesWhenStandardOutputIsClosed() {
    AtomicInteger pages = new AtomicInteger();
    cli.with(b -> b.repositories(config -> new ForwardingWorkflowRunRepository(cli.repository) {
      @Override
      public InfiniteScrollPagination<WorkflowRun> getPaginatedWorkflowRuns(RunListQuery query) {
        pages.incrementAndGet();
        return super.getPaginatedWorkflowRuns(query);
      }
    }));
    // Like "| head -1": the reader takes one line, then the pipe is closed.
    OutputStream head = new OutputStream() {
      private boolean closed;

      @Override
      public void write(int b) throws IOException {
        if (closed) {
          throw new IOException("Broken pipe");
        }
        closed = b == '\n';
      }
    };
    StringWriter err = new StringWriter();
    Cli.Result r = cli.run(new PrintWriter(new OutputStreamWriter(head, StandardCharsets.UTF_8)), err,
        "list", "--tenant", tenant, "--app", app, "--all", "--limit", "1", "--json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.OUTPUT_CLOSED);
    assertThat(pages.get()).isLessThanOrEqualTo(2);
    // With a reader that reads everything: all 59 pages.
    pages.set(0);
    Cli.Result all = cli.run("list", "--tenant", tenant, "--app", app, "--all", "--limit", "1", "--json");
    assertThat(all.exitCode()).isZero();
    assertThat(pages.get()).isEqualTo(59);
  }

  // ---- 9. out-of-range durations and bad endpoints ----

  @Test
  void defect09_hugeDurationsAndBadEndpointsAreUsageErrorsNamingTheFlag() {
    Cli.Result huge = cli.run("purge", "--older-than", "999999999999d", "--all-tenants", "--archive", archive());
    assertThat(huge.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(huge.err()).contains("--older-than 999999999999d", "shorter duration").doesNotContain("Exception");
    Cli.Result budget = cli.run("purge", "--older-than", "30d", "--all-tenants", "--archive", archive(),
        "--max-duration", "999999999999d");
    assertThat(budget.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(budget.err()).contains("--max-duration").doesNotContain("Exception");

    Cli.Result endpoint = cli.run("purge", "--older-than", "30d", "--all-tenants", "--archive", "s3://bucket/p",
        "--s3-endpoint", "not-a-url");
    assertThat(endpoint.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(endpoint.err()).contains("--s3-endpoint 'not-a-url'", "http://").doesNotContain("Exception");
    cli.variables(Map.of("RUNSTORE_S3_ENDPOINT", "minio:9000"));
    Cli.Result fromEnvironment = cli.run("restore", "--all-tenants", "--archive", "s3://bucket/p");
    assertThat(fromEnvironment.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(fromEnvironment.err()).contains("RUNSTORE_S3_ENDPOINT 'minio:9000'");
    assertThat(stored()).isEqualTo(59);
  }

  // ---- 10. flag names in messages; enum options alike ----

  @Test
  void defect10_messagesNameTheFlagsTypedAndEnumOptionsIgnoreCase() {
    SoftAssertions soft = new SoftAssertions();
    Object[][] cases = {
      {new String[] {"purge", "--older-than", "30d", "--all-tenants", "--archive", archive(), "--batch-size", "0"},
          "--batch-size must be between 1 and 10000", "batchSize"},
      {new String[] {"purge", "--older-than", "30d", "--all-tenants", "--archive", archive(), "--include-unfinished"},
          "--include-unfinished needs --tenant", "endedOnly"},
      {new String[] {"purge", "--older-than", "30d", "--tenant", "acme", "--archive", archive()},
          "'--tenant'", "tenantIds"},
      {new String[] {"purge", "--older-than", "30d", "--all-tenants", "--archive", archive(), "--max-runs", "0"},
          "--max-runs must be at least 1", "maxRuns"},
      {new String[] {"list", "--tenant", tenant, "--app", app, "--limit", "0"},
          "--limit must be between 1 and 1000", "argument: limit"},
      {new String[] {"delete-app", "--tenant", tenant, "--app", app, "--yes", "--batch-size", "10001"},
          "--batch-size must be between 1 and 10000", "argument: batch-size"},
      {new String[] {"restore", "--all-tenants", "--archive", archive(), "--from", "2025-02-01", "--to", "2025-01-01"},
          "--from 2025-02-01 is after --to 2025-01-01", "from 2025-02-01 is after to"},
      {new String[] {"list", "--tenant", tenant, "--app", app, "--cursor", "garbage"},
          "--cursor", "lastId"},
    };
    for (Object[] c : cases) {
      String[] args = (String[]) c[0];
      Cli.Result r = cli.run(args);
      soft.assertThat(r.exitCode()).as("%s", String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
      soft.assertThat(r.err()).as("%s", String.join(" ", args)).contains((String) c[1]).doesNotContain((String) c[2]);
    }
    soft.assertAll();
    assertThat(stored()).isEqualTo(59);
    for (String kind : new String[] {"runs", "RUNS", "Tokens"}) {
      assertThat(cli.run("stats", "--tenant", tenant, "--app", app, "--kind", kind).exitCode()).as(kind).isZero();
    }
    assertThat(cli.run("list", "--tenant", tenant, "--app", app, "--status", "SUCCEEDED", "--trigger", "App-Run").exitCode())
        .isZero();
  }

  // ---- 11. one default trigger for list and count ----

  @Test
  void defect11_countAndListCoverTheSameTriggersByDefault() throws IOException {
    for (dev.runstore.api.TriggeredFrom trigger : dev.runstore.api.TriggeredFrom.values()) {
      cli.repository.save(TestRuns.run(tenant, app).triggeredFrom(trigger).build());
    }
    Cli.Result list = cli.run("list", "--tenant", tenant, "--app", app, "--all");
    Cli.Result count = cli.run("count", "--tenant", tenant, "--app", app, "--json");
    long listed = list.out().lines().filter(l -> l.matches("^[0-9a-f-]{36}  .*")).count();
    assertThat(listed).isEqualTo(59 + 7);
    assertThat(json(count.out()).path("total").asLong()).isEqualTo(listed);
    assertThat(cli.run("count", "--help").out()).contains("Default: every trigger");
    assertThat(cli.run("list", "--help").out()).contains("Default: every trigger");
  }

  // ---- 12. help at 80 and 160 columns ----

  @Test
  void defect12_helpNeverSplitsAWordOrAPathAt80Or160Columns() {
    for (int width : new int[] {80, 160}) {
      for (CommandLine command : everyCommand(RunstoreCommand.commandLine(CliEnvironment.builder().build()))) {
        command.setUsageHelpWidth(width);
        StringWriter text = new StringWriter();
        command.usage(new PrintWriter(text));
        String help = text.toString();
        String name = command.getCommandSpec().qualifiedName() + " at " + width;
        assertThat(help.lines()).as(name).allMatch(line -> line.length() <= width);
        // Every word of the footer and descriptions is printed whole (none broken across lines).
        for (String line : command.getCommandSpec().usageMessage().footer()) {
          assertThat(help).as(name).contains(line.strip());
        }
        List<String> texts = new ArrayList<>(List.of(command.getCommandSpec().usageMessage().description()));
        command.getCommandSpec().options().forEach(o -> texts.addAll(List.of(o.description())));
        for (String t : texts) {
          for (String word : t.split("\\s+")) {
            if (word.length() > 2 && !word.contains("${") && !word.contains("%")) {
              assertThat(help).as("%s: '%s'", name, word).contains(word);
            }
          }
        }
      }
    }
  }

  private static List<CommandLine> everyCommand(CommandLine root) {
    List<CommandLine> all = new ArrayList<>(List.of(root));
    for (CommandLine sub : root.getSubcommands().values()) {
      all.addAll(everyCommand(sub));
    }
    return all;
  }

  // ---- 13. a bad cursor prints nothing on stdout ----

  @Test
  void defect13_aBadCursorPrintsNoTableHeader() {
    Cli.Result r = cli.run("list", "--tenant", tenant, "--app", app, "--cursor", "garbage");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("--cursor");
  }

  // ---- 14. one cutoff in the start line and the summary ----

  /** A clock that moves one second on every reading, as a slow start would. */
  static final class TickingClock extends Clock {
    private Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusNanos(123_456_789);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public synchronized Instant instant() {
      now = now.plusSeconds(1);
      return now;
    }
  }

  @Test
  void defect14_theStartLineAndTheSummaryShowTheSameCutoff() {
    cli.with(b -> b.clock(new TickingClock()));
    Cli.Result r = cli.run("purge", "--older-than", "30d", "--tenant", tenant, "--archive", archive(), "--dry-run");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Matcher start = Pattern.compile("runs created before (\\S+) in").matcher(r.err());
    Matcher summary = Pattern.compile("cutoff\\s+runs created before (\\S+)").matcher(r.out());
    assertThat(start.find()).as(r.err()).isTrue();
    assertThat(summary.find()).as(r.out()).isTrue();
    assertThat(summary.group(1)).isEqualTo(start.group(1));
  }

  // ---- 16. providers by short name ----

  @Test
  void defect16_aMistypedSchemeOrAMissingRepositoryListsProvidersByShortName() {
    Cli real = new Cli().realRepositories();
    Cli.Result r = real.run("list", "--jdbc-url", "jdbc:postgres://db.internal/dify?password=secret",
        "--tenant", tenant, "--app", app);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'jdbc:postgres:'", "h2 (dev.runstore.jdbc.h2.H2WorkflowRunRepository)",
        "postgres (dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository)", "mysql (", "in-memory (")
        .doesNotContain("? (", "secret", "db.internal");
    // The message names where the URL was typed: the flag, or the variable.
    assertThat(r.err()).contains("(--jdbc-url)").doesNotContain("RUNSTORE_JDBC_URL");
    Cli.Result fromVariable = new Cli().realRepositories()
        .variables(Map.of("RUNSTORE_JDBC_URL", "jdbc:postgres://db.internal/dify"))
        .run("list", "--tenant", tenant, "--app", app);
    assertThat(fromVariable.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(fromVariable.err()).contains("'jdbc:postgres:' (RUNSTORE_JDBC_URL)").doesNotContain("--jdbc-url)");
    // The library's own message for a missing runstore.repository.
    RepositoryConfig none = RepositoryConfig.fromProperties(new java.util.Properties());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkflowRunRepositories.create(none))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("h2 (dev.runstore.jdbc.h2.H2WorkflowRunRepository)")
        .hasMessageNotContaining("? (");
    // And the mapping asks the providers: MariaDB's scheme belongs to the mysql backend.
    assertThat(ConfigResolver.backendOf("jdbc:mariadb://h/db")).isEqualTo("mysql");
    assertThat(ConfigResolver.backendOf("jdbc:postgres://h/db")).isNull();
  }

  // ---- machine-readable summaries and completion ----

  @Test
  void summariesHaveJsonAndTheShellsHaveCompletion() throws IOException {
    JsonNode purge = json(cli.run("purge", "--older-than", "30d", "--tenant", tenant, "--archive", archive(), "--json").out());
    assertThat(purge.path("result").asText()).isEqualTo("complete");
    assertThat(purge.path("runs_deleted").asLong()).isEqualTo(59);
    assertThat(purge.path("batch_files").asInt()).isEqualTo(1);
    assertThat(purge.path("exit_code").asInt()).isZero();
    JsonNode restore = json(cli.run("restore", "--tenant", tenant, "--archive", archive(), "--json").out());
    assertThat(restore.path("runs_restored").asLong()).isEqualTo(59);
    assertThat(restore.path("files_read").asInt()).isEqualTo(1);
    JsonNode stats = json(cli.run("stats", "--tenant", tenant, "--app", app, "--json").out());
    long runs = 0;
    for (JsonNode day : stats.path("days")) {
      runs += day.path("runs").asLong();
      assertThat(day.has("terminals") && day.has("tokens") && day.has("interactions")).isTrue();
    }
    assertThat(runs).isEqualTo(59);
    assertThat(stats.path("trigger").asText()).isEqualTo("app-run");

    Cli.Result bash = cli.run("completion", "bash");
    assertThat(bash.exitCode()).isZero();
    assertThat(bash.out()).contains("complete -F", "purge", "--older-than", "archive");
    assertThat(cli.run("completion", "zsh").out()).startsWith("autoload -U +X compinit").contains("bashcompinit");
    assertThat(cli.run("completion", "fish").exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
