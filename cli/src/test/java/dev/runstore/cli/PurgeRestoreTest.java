package dev.runstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.retention.contract.S3TestServer;
import dev.runstore.testkit.TestRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** purge and restore through the command line, with local-directory and S3 archives. */
class PurgeRestoreTest {

  @TempDir Path dir;

  private final Cli cli = new Cli();
  private final String tenantA = TestRuns.newId();
  private final String tenantB = TestRuns.newId();
  private final String app = TestRuns.newId();
  private final List<WorkflowRun> old = new ArrayList<>();
  private final List<WorkflowRun> recent = new ArrayList<>();

  @BeforeEach
  void saveRuns() {
    Instant now = Instant.now();
    for (String tenant : List.of(tenantA, tenantB)) {
      for (int i = 0; i < 60; i++) {
        // Days 40..99 ago: expired at 30d. One unfinished old run per tenant.
        Instant at = now.minus(40 + i, ChronoUnit.DAYS);
        WorkflowRun.Builder b = TestRuns.run(tenant, app).createdAt(at).finishedAt(at.plusSeconds(3));
        if (i == 7) {
          b.status(WorkflowRunStatus.RUNNING).finishedAt(null);
        }
        old.add(b.build());
      }
      for (int i = 0; i < 10; i++) {
        Instant at = now.minus(i, ChronoUnit.DAYS).minusSeconds(60);
        recent.add(TestRuns.run(tenant, app).createdAt(at).finishedAt(at.plusSeconds(1)).build());
      }
    }
    TestRuns.saveAll(cli.repository, old);
    TestRuns.saveAll(cli.repository, recent);
  }

  private long stored() {
    return Stream.of(tenantA, tenantB)
        .mapToLong(t -> cli.repository.getExpiredRunsBatch(t, TestRuns.FAR_FUTURE, 10_000).size()).sum();
  }

  private static long summaryNumber(String output, String label) {
    Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(label) + "\\s+([0-9,]+)").matcher(output);
    assertThat(m.find()).as("'%s' in %s", label, output).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  @Test
  void dryRunCountsWithoutWritingOrDeleting() {
    Path archive = dir.resolve("archive");
    Cli.Result r = cli.run("purge", "--older-than", "30d", "--all-tenants", "--archive", archive.toString(), "--dry-run");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("purge summary (dry run: nothing written or deleted)", "result           complete");
    assertThat(summaryNumber(r.out(), "runs scanned")).isEqualTo(118); // 2 x 60, minus the 2 unfinished
    assertThat(summaryNumber(r.out(), "runs deleted")).isZero();
    assertThat(stored()).isEqualTo(140);
    assertThat(archive).doesNotExist();
  }

  @Test
  void purgeThenRestoreRoundTripsThroughADirectory() throws IOException {
    Path archive = dir.resolve("archive");
    Cli.Result purge = cli.run("purge", "--older-than", "30d", "--tenant", tenantA + "," + tenantB,
        "--archive", archive.toString(), "--batch-size", "25");
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    assertThat(summaryNumber(purge.out(), "runs scanned")).isEqualTo(118);
    assertThat(summaryNumber(purge.out(), "runs archived")).isEqualTo(118);
    assertThat(summaryNumber(purge.out(), "runs deleted")).isEqualTo(118);
    assertThat(summaryNumber(purge.out(), "batch files")).isEqualTo(6); // 59 per tenant: 25 + 25 + 9
    assertThat(summaryNumber(purge.out(), "bytes written")).isPositive();
    assertThat(purge.out()).contains("throughput", "time", "result           complete");
    // Progress every batch (interval zero, not a terminal): log lines, no carriage returns.
    assertThat(purge.err()).contains("purging: scanned ", "archived ").doesNotContain("\r");
    assertThat(stored()).isEqualTo(22); // 20 recent + 2 unfinished
    try (Stream<Path> files = Files.walk(archive)) {
      assertThat(files.filter(f -> f.toString().endsWith(".jsonl.gz")).count()).isEqualTo(6);
    }
    assertThat(archive.resolve("runstore").resolve(tenantA).resolve("workflow_runs")).isDirectory();

    Cli.Result restoreA = cli.run("restore", "--tenant", tenantA, "--archive", archive.toString());
    assertThat(restoreA.exitCode()).as(restoreA.toString()).isZero();
    assertThat(summaryNumber(restoreA.out(), "runs restored")).isEqualTo(59);
    assertThat(summaryNumber(restoreA.out(), "files read")).isEqualTo(3);
    for (WorkflowRun run : old) {
      if (run.tenantId().equals(tenantA)) {
        assertThat(cli.repository.getWorkflowRunById(tenantA, app, run.id())).contains(run);
      } else if (run.status().isEnded()) {
        assertThat(cli.repository.getWorkflowRunById(tenantB, app, run.id())).isEmpty();
      }
    }
    Cli.Result again = cli.run("restore", "--all-tenants", "--archive", archive.toString());
    assertThat(summaryNumber(again.out(), "runs restored")).isEqualTo(118);
    assertThat(stored()).isEqualTo(140);
  }

  @Test
  void restoreHonoursTheDateRange() {
    Path archive = dir.resolve("archive");
    assertThat(cli.run("purge", "--older-than", "30d", "--tenant", tenantA, "--archive", archive.toString()).exitCode())
        .isZero();
    WorkflowRun newest = old.stream().filter(r -> r.tenantId().equals(tenantA) && r.status().isEnded())
        .max(TestRuns.OLDEST_FIRST).orElseThrow();
    String day = newest.createdAt().toString().substring(0, 10);
    Cli.Result r = cli.run("restore", "--tenant", tenantA, "--archive", archive.toString(), "--from", day, "--to", day);
    assertThat(summaryNumber(r.out(), "runs restored")).isEqualTo(1);
    assertThat(cli.repository.getWorkflowRunById(tenantA, app, newest.id())).isPresent();
  }

  @Test
  void aBudgetStopExitsWithThreeAndARerunFinishes() {
    Path archive = dir.resolve("archive");
    Cli.Result first = cli.run("purge", "--older-than", "30d", "--tenant", tenantA, "--archive", archive.toString(),
        "--batch-size", "10", "--max-runs", "20");
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.BUDGET_EXHAUSTED);
    assertThat(first.out()).contains("stopped by --max-runs/--max-duration");
    assertThat(summaryNumber(first.out(), "runs deleted")).isEqualTo(20);
    Cli.Result rest = cli.run("purge", "--older-than", "30d", "--tenant", tenantA, "--archive", archive.toString());
    assertThat(rest.exitCode()).isZero();
    assertThat(summaryNumber(rest.out(), "runs deleted")).isEqualTo(39);
  }

  @Test
  void includeUnfinishedPurgesRunningRunsOfListedTenantsOnly() {
    Path archive = dir.resolve("archive");
    Cli.Result everyTenant = cli.run("purge", "--older-than", "30d", "--all-tenants", "--include-unfinished",
        "--archive", archive.toString());
    assertThat(everyTenant.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(everyTenant.err()).contains("--include-unfinished needs --tenant").doesNotContain("endedOnly");
    Cli.Result r = cli.run("purge", "--older-than", "30d", "--tenant", tenantA, "--include-unfinished",
        "--archive", archive.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(summaryNumber(r.out(), "runs deleted")).isEqualTo(60);
  }

  @Test
  void onATerminalProgressIsOneLineRedrawnInPlace() {
    cli.stderrTerminal();
    Cli.Result r = cli.run("purge", "--older-than", "30d", "--tenant", tenantA, "--archive", dir.resolve("a").toString(),
        "--batch-size", "10");
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).contains("\rpurging [").contains("100% scanned 59, archived 59");
  }

  @Test
  void purgeArgumentsAreChecked() {
    String archive = dir.resolve("archive").toString();
    assertThat(cli.run("purge", "--all-tenants", "--archive", archive).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("purge", "--older-than", "30d", "--archive", archive).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("purge", "--older-than", "30d", "--all-tenants", "--tenant", tenantA, "--archive", archive)
        .exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("purge", "--older-than", "30d", "--all-tenants").exitCode()).isEqualTo(ExitCodes.USAGE);
    Cli.Result badTenant = cli.run("purge", "--older-than", "30d", "--tenant", "acme", "--archive", archive);
    assertThat(badTenant.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badTenant.err()).contains("UUID");
    assertThat(cli.run("purge", "--older-than", "30d", "--all-tenants", "--archive", archive, "--batch-size", "0")
        .exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("purge", "--older-than", "30d", "--all-tenants", "--archive", "s3:///x").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("purge", "--older-than", "30d", "--all-tenants", "--archive", "s3://b/p", "--prefix", "q")
        .exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(stored()).isEqualTo(140);
  }

  @Test
  void aBrokenArchiveIsARuntimeFailureAndDeletesNothing() throws IOException {
    Path notADirectory = dir.resolve("file");
    Files.writeString(notADirectory, "x");
    Cli.Result r = cli.run("purge", "--older-than", "30d", "--all-tenants", "--archive", notADirectory.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILURE);
    assertThat(stored()).isEqualTo(140);
  }

  @Test
  void purgeAndRestoreThroughS3() throws Exception {
    try (S3TestServer s3 = S3TestServer.start()) {
      s3.createBucket("runs-backup");
      cli.variables(Map.of("RUNSTORE_S3_ACCESS_KEY", S3TestServer.ACCESS_KEY,
          "RUNSTORE_S3_SECRET_KEY", S3TestServer.SECRET_KEY,
          "RUNSTORE_S3_ENDPOINT", s3.endpoint().toString()));
      Cli.Result purge = cli.run("purge", "--older-than", "30d", "--all-tenants",
          "--archive", "s3://runs-backup/prod/runstore", "--s3-path-style");
      assertThat(purge.exitCode()).as(purge.toString()).isZero();
      assertThat(purge.out()).contains("s3://runs-backup/prod/runstore");
      assertThat(summaryNumber(purge.out(), "runs deleted")).isEqualTo(118);
      assertThat(stored()).isEqualTo(22);

      Cli.Result restore = cli.run("restore", "--all-tenants", "--archive", "s3://runs-backup",
          "--prefix", "prod/runstore", "--s3-path-style=true");
      assertThat(restore.exitCode()).as(restore.toString()).isZero();
      assertThat(summaryNumber(restore.out(), "runs restored")).isEqualTo(118);
      assertThat(stored()).isEqualTo(140);

      cli.variables(Map.of("RUNSTORE_S3_ACCESS_KEY", "only-one-half"));
      assertThat(cli.run("restore", "--all-tenants", "--archive", "s3://runs-backup").exitCode())
          .isEqualTo(ExitCodes.USAGE);
    }
  }

  /** Issue 11: pauses (the related rows every backend holds) go with their runs and come back; counts per table. */
  @Test
  void purgePrintsRowsPerTableAndRestoreBringsPausesBack() throws IOException {
    WorkflowRun paused = old.stream().filter(r -> r.tenantId().equals(tenantA) && r.status().isEnded()).findFirst().orElseThrow();
    cli.repository.save(paused.toBuilder().status(WorkflowRunStatus.RUNNING).finishedAt(null).build());
    byte[] state = "{\"s\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    cli.repository.createWorkflowPause(tenantA, paused.id(), TestRuns.newId(), state, List.of(
        new dev.runstore.api.PauseReason(dev.runstore.api.PauseReasonType.SCHEDULED_PAUSE, "", "node-1", "later")));
    cli.repository.save(paused);
    Path archive = dir.resolve("archive");

    Cli.Result dry = cli.run("purge", "--older-than", "30d", "--tenant", tenantA, "--archive", archive.toString(), "--dry-run");
    assertThat(dry.out()).contains("rows to delete, per table:");
    assertThat(summaryNumber(dry.out(), "  workflow_pauses")).isEqualTo(1);
    assertThat(summaryNumber(dry.out(), "  workflow_pause_reasons")).isEqualTo(1);
    assertThat(summaryNumber(dry.out(), "  workflow_runs")).isEqualTo(59);

    Cli.Result purge = cli.run("purge", "--older-than", "30d", "--tenant", tenantA, "--archive", archive.toString(), "--json");
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    com.fasterxml.jackson.databind.JsonNode tables = new com.fasterxml.jackson.databind.ObjectMapper().readTree(purge.out()).path("tables");
    assertThat(tables.path("workflow_runs").asLong()).isEqualTo(59);
    assertThat(tables.path("workflow_pauses").asLong()).isEqualTo(1);
    assertThat(tables.path("workflow_node_executions").asLong()).isZero(); // none in this database
    assertThat(cli.repository.getWorkflowPause(tenantA, paused.id())).isEmpty();

    Cli.Result restore = cli.run("restore", "--tenant", tenantA, "--archive", archive.toString());
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(summaryNumber(restore.out(), "  workflow_pauses")).isEqualTo(1);
    assertThat(cli.repository.getWorkflowPauseState(cli.repository.getWorkflowPause(tenantA, paused.id()).orElseThrow()))
        .isEqualTo(state);
  }

  @Test
  void runsOnlyLeavesPausesAndABadValueNamesTheFlag() {
    WorkflowRun paused = old.stream().filter(r -> r.tenantId().equals(tenantB) && r.status().isEnded()).findFirst().orElseThrow();
    cli.repository.save(paused.toBuilder().status(WorkflowRunStatus.RUNNING).finishedAt(null).build());
    cli.repository.createWorkflowPause(tenantB, paused.id(), TestRuns.newId(), new byte[] {1}, List.of());
    cli.repository.save(paused);
    Path archive = dir.resolve("archive");

    Cli.Result bad = cli.run("purge", "--older-than", "30d", "--tenant", tenantB, "--archive", archive.toString(),
        "--runs-only=maybe");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("--runs-only");

    Cli.Result purge = cli.run("purge", "--older-than", "30d", "--tenant", tenantB, "--archive", archive.toString(), "--runs-only");
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    assertThat(summaryNumber(purge.out(), "  workflow_runs")).isEqualTo(59);
    assertThat(summaryNumber(purge.out(), "  workflow_pauses")).isZero();
    // Left in place: back with its run (a pause is seen through its run).
    assertThat(cli.run("restore", "--tenant", tenantB, "--archive", archive.toString()).exitCode()).isZero();
    assertThat(cli.repository.getWorkflowPause(tenantB, paused.id())).isPresent();
  }
}
