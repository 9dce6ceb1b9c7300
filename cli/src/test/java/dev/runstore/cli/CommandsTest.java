package dev.runstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.testkit.TestRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every read command and delete-app against a shared in-memory repository. */
class CommandsTest {

  private final Cli cli = new Cli();
  private final String tenant = TestRuns.newId();
  private final String app = TestRuns.newId();
  /** The runs of (tenant, app), newest first. */
  private final List<WorkflowRun> runs = new ArrayList<>();

  @BeforeEach
  void saveRuns() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < 45; i++) {
      WorkflowRunStatus status = i % 5 == 0 ? WorkflowRunStatus.FAILED : WorkflowRunStatus.SUCCEEDED;
      TriggeredFrom trigger = i % 3 == 0 ? TriggeredFrom.DEBUGGING : TriggeredFrom.APP_RUN;
      // One run per hour going back; the three newest share a timestamp (keyset ties).
      Instant at = now.minus(Math.max(0, i - 2), ChronoUnit.HOURS);
      WorkflowRun run = TestRuns.run(tenant, app).status(status).triggeredFrom(trigger).createdAt(at)
          .finishedAt(at.plusSeconds(1)).totalTokens(1000 + i).build();
      cli.repository.save(run);
      runs.add(run);
    }
    runs.sort(TestRuns.NEWEST_FIRST);
    // Another tenant's run of the same app id: never shown.
    cli.repository.save(TestRuns.run(TestRuns.newId(), app).createdAt(now).build());
  }

  private static List<String> ids(String output) {
    List<String> ids = new ArrayList<>();
    Matcher m = Pattern.compile("^([0-9a-f-]{36})  ", Pattern.MULTILINE).matcher(output);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  private static String cursorOf(String output) {
    Matcher m = Pattern.compile("--cursor (\\S+)").matcher(output);
    assertThat(m.find()).as("a cursor in: %s", output).isTrue();
    return m.group(1);
  }

  @Test
  void listPagesThroughEveryRunWithTheCursor() {
    Cli.Result first = cli.run("list", "--tenant", tenant, "--app", app, "--limit", "20");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).contains("ID", "STATUS", "TRIGGER", "CREATED_AT", "ELAPSED_S", "TOKENS");
    List<String> seen = new ArrayList<>(ids(first.out()));
    assertThat(seen).hasSize(20);
    Cli.Result second = cli.run("list", "--tenant", tenant, "--app", app, "--limit", "20", "--cursor", cursorOf(first.out()));
    seen.addAll(ids(second.out()));
    Cli.Result third = cli.run("list", "--tenant", tenant, "--app", app, "--limit", "20", "--cursor", cursorOf(second.out()));
    seen.addAll(ids(third.out()));
    assertThat(third.out()).contains("5 runs; no more runs.").doesNotContain("--cursor");
    assertThat(seen).containsExactlyElementsOf(runs.stream().map(WorkflowRun::id).toList());
  }

  @Test
  void listAllPrintsEveryPageAndFiltersApply() {
    Cli.Result all = cli.run("list", "--tenant", tenant, "--app", app, "--limit", "7", "--all");
    assertThat(ids(all.out())).containsExactlyElementsOf(runs.stream().map(WorkflowRun::id).toList());
    assertThat(all.out()).contains("45 runs; no more runs.");

    Cli.Result failedAppRuns = cli.run("list", "--tenant", tenant, "--app", app, "--all",
        "--trigger", "app-run", "--status", "failed");
    assertThat(ids(failedAppRuns.out())).containsExactlyElementsOf(runs.stream()
        .filter(r -> r.status() == WorkflowRunStatus.FAILED && r.triggeredFrom() == TriggeredFrom.APP_RUN)
        .map(WorkflowRun::id).toList());
    Cli.Result twoTriggers = cli.run("list", "--tenant", tenant, "--app", app, "--all", "--trigger", "APP_RUN,debugging");
    assertThat(ids(twoTriggers.out())).hasSize(45);
  }

  @Test
  void listJsonPrintsOneRecordPerLineAndTheCursorOnStderr() {
    Cli.Result r = cli.run("list", "--tenant", tenant, "--app", app, "--limit", "3", "--json");
    assertThat(r.exitCode()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).startsWith("{\"id\":\"" + runs.get(0).id() + "\",\"tenant_id\":\"" + tenant + "\"")
        .contains("\"status\":\"" + runs.get(0).status().value() + "\"");
    assertThat(r.err()).startsWith("next cursor: ");
  }

  @Test
  void getPrintsTheRunAsJsonOrExitsFour() {
    WorkflowRun run = runs.get(10);
    Cli.Result found = cli.run("get", "--tenant", tenant, "--app", app, run.id());
    assertThat(found.exitCode()).as(found.toString()).isZero();
    assertThat(found.out()).contains("\"id\" : \"" + run.id() + "\"", "\"total_tokens\" : " + run.totalTokens(),
        "\"inputs\" : \"{\\\"query\\\":\\\"hello\\\"}\"");

    Cli.Result anyTenant = cli.run("get", "--any-tenant", run.id());
    assertThat(anyTenant.out()).isEqualTo(found.out());

    Cli.Result otherTenant = cli.run("get", "--tenant", TestRuns.newId(), "--app", app, run.id());
    assertThat(otherTenant.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(otherTenant.out()).isEmpty();
    assertThat(otherTenant.err()).contains("no run " + run.id());

    assertThat(cli.run("get", "--any-tenant", TestRuns.newId()).exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(cli.run("get", run.id()).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("get", "--any-tenant", "--tenant", tenant, run.id()).exitCode()).isEqualTo(ExitCodes.USAGE);
    // API v1.2 (issue 10): --tenant alone finds the run in any app of the tenant
    Cli.Result tenantOnly = cli.run("get", "--tenant", tenant, run.id());
    assertThat(tenantOnly.exitCode()).as(tenantOnly.toString()).isZero();
    assertThat(tenantOnly.out()).isEqualTo(found.out());
    assertThat(cli.run("get", "--app", app, run.id()).exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void countShowsEveryStatusAndTheTotal() {
    long appRuns = runs.stream().filter(r -> r.triggeredFrom() == TriggeredFrom.APP_RUN).count();
    long failed = runs.stream()
        .filter(r -> r.triggeredFrom() == TriggeredFrom.APP_RUN && r.status() == WorkflowRunStatus.FAILED).count();
    Cli.Result r = cli.run("count", "--tenant", tenant, "--app", app, "--trigger", "app-run");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).containsPattern("(?m)^total\\s+" + appRuns + "$")
        .containsPattern("(?m)^failed\\s+" + failed + "$")
        .containsPattern("(?m)^succeeded\\s+" + (appRuns - failed) + "$")
        .containsPattern("(?m)^running\\s+0$");

    // Without --trigger: every trigger, as list.
    long failedAll = runs.stream().filter(x -> x.status() == WorkflowRunStatus.FAILED).count();
    Cli.Result json = cli.run("count", "--tenant", tenant, "--app", app, "--status", "failed", "--json");
    assertThat(json.out().strip()).startsWith("{\"total\":" + failedAll + ",\"by_status\":{\"running\":0,\"succeeded\":0,\"failed\":" + failedAll);

    // The newest runs are within 24 hours: --since narrows the count.
    long lastDay = runs.stream().filter(x -> x.createdAt().isAfter(Instant.now().minus(570, ChronoUnit.MINUTES))).count();
    Cli.Result since = cli.run("count", "--tenant", tenant, "--app", app, "--since", "9h30m", "--json");
    assertThat(since.out()).startsWith("{\"total\":" + lastDay + ",");
  }

  @Test
  void statsPrintsADailyTable() {
    Cli.Result r = cli.run("stats", "--tenant", tenant, "--app", app, "--trigger", "debugging", "--zone", "Asia/Shanghai");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("DATE").contains("RUNS", "TERMINALS", "TOKENS", "INTERACTIONS");
    long debugRuns = runs.stream().filter(x -> x.triggeredFrom() == TriggeredFrom.DEBUGGING).count();
    long summed = r.out().lines().skip(1)
        .mapToLong(line -> Long.parseLong(line.trim().split("\\s+")[1].replace(",", ""))).sum();
    assertThat(summed).isEqualTo(debugRuns);

    Cli.Result tokens = cli.run("stats", "--tenant", tenant, "--app", app, "--kind", "tokens");
    assertThat(tokens.out()).contains("TOKENS").doesNotContain("RUNS", "TERMINALS");

    Cli.Result none = cli.run("stats", "--tenant", tenant, "--app", app, "--from", "2001-01-01", "--to", "2001-01-31");
    assertThat(none.out()).contains("(no runs in this range)");
    assertThat(cli.run("stats", "--tenant", tenant, "--app", app, "--from", "2001-02-01", "--to", "2001-01-31").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("stats", "--tenant", tenant, "--app", app, "--zone", "Mars/Olympus").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void deleteAppNeedsYesWhenNotOnATerminal() {
    Cli.Result refused = cli.run("delete-app", "--tenant", tenant, "--app", app);
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("--yes");
    assertThat(cli.repository.getWorkflowRunById(tenant, app, runs.get(0).id())).isPresent();

    Cli.Result deleted = cli.run("delete-app", "--tenant", tenant, "--app", app, "--yes", "--batch-size", "7");
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(deleted.out()).contains("deleted 45 runs");
    assertThat(cli.run("count", "--tenant", tenant, "--app", app, "--trigger", "debugging", "--json").out())
        .startsWith("{\"total\":0,");
  }

  @Test
  void deleteAppAsksOnATerminal() {
    cli.terminal("no\n");
    Cli.Result declined = cli.run("delete-app", "--tenant", tenant, "--app", app);
    assertThat(declined.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(declined.out()).contains("Delete all 45 runs of app " + app);
    assertThat(declined.err()).contains("aborted; nothing deleted");
    assertThat(cli.repository.getWorkflowRunById(tenant, app, runs.get(0).id())).isPresent();

    cli.terminal("yes\n");
    Cli.Result confirmed = cli.run("delete-app", "--tenant", tenant, "--app", app);
    assertThat(confirmed.exitCode()).isZero();
    assertThat(confirmed.out()).contains("deleted 45 runs");
    assertThat(cli.repository.getWorkflowRunById(tenant, app, runs.get(0).id())).isEmpty();
  }

  @Test
  void schemaCreateOpensWithSchemaCreationOn() {
    Cli.Result r = cli.run("schema", "create", "--repository", "in-memory");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("schema ready");
    assertThat(cli.lastConfig().schemaCreate()).isTrue();
    assertThat(cli.lastConfig().repository()).isEqualTo("in-memory");
    assertThat(cli.run("schema").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void databaseOptionsWorkBeforeAndAfterTheCommandNameAndTheLaterWins(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("c.properties");
    Files.writeString(file, "runstore.repository=from-file\nrunstore.jdbc.url=jdbc:x:file\n");
    cli.variables(Map.of("RUNSTORE_JDBC_URL", "jdbc:x:env", "RUNSTORE_JDBC_USERNAME", "env-user"));
    cli.run("--config", file.toString(), "--repository", "before", "count", "--tenant", tenant, "--app", app);
    RepositoryConfig before = cli.lastConfig();
    assertThat(before.repository()).isEqualTo("before");
    assertThat(before.jdbcUrl()).isEqualTo("jdbc:x:env");
    assertThat(before.jdbcUsername()).isEqualTo("env-user");

    cli.run("--repository", "before", "--user", "u1", "count", "--repository", "after", "--tenant", tenant, "--app", app,
        "--config", file.toString());
    assertThat(cli.lastConfig().repository()).isEqualTo("after");
    assertThat(cli.lastConfig().jdbcUsername()).isEqualTo("u1");

    cli.run("schema", "--repository", "middle", "create");
    assertThat(cli.lastConfig().repository()).isEqualTo("middle");
  }

  @Test
  void badInputIsAUsageErrorWithExitCodeTwo() {
    Cli.Result badTrigger = cli.run("list", "--tenant", tenant, "--app", app, "--trigger", "cron");
    assertThat(badTrigger.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badTrigger.err()).contains("unknown trigger 'cron'", "app-run", "Try 'runstore list --help'");

    Cli.Result badLimit = cli.run("list", "--tenant", tenant, "--app", app, "--limit", "0");
    assertThat(badLimit.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badLimit.err()).contains("limit");

    Cli.Result badCursor = cli.run("list", "--tenant", tenant, "--app", app, "--cursor", "not-a-cursor");
    assertThat(badCursor.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badCursor.err()).contains("invalid argument");

    Cli.Result badDuration = cli.run("count", "--tenant", tenant, "--app", app, "--since", "yesterday");
    assertThat(badDuration.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badDuration.err()).contains("invalid duration 'yesterday'");

    assertThat(cli.run("list", "--app", app).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("lsit").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run().exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("count", "--tenant", tenant, "--app", app, "--pool-max-size", "0").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    Cli.Result badLock = cli.run("count", "--tenant", tenant, "--app", app, "--lock-timeout", "100ms");
    assertThat(badLock.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badLock.err()).contains("runstore.jdbc.lock-timeout");
    Cli.Result badQuery = cli.run("--query-timeout", "soon", "count", "--tenant", tenant, "--app", app);
    assertThat(badQuery.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badQuery.err()).contains("runstore.jdbc.query-timeout");
  }

  @Test
  void storageFailuresExitWithOne() {
    cli.with(b -> b.repositories(config -> {
      throw new DataAccessException("open connection pool failed", new SQLException("connection refused", "08001"));
    }));
    Cli.Result r = cli.run("count", "--tenant", tenant, "--app", app);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err()).contains("runstore count: failed:", "--verbose");
    Cli.Result verbose = cli.run("count", "--tenant", tenant, "--app", app, "-v");
    assertThat(verbose.err()).contains("at dev.runstore.");
  }

  @Test
  void helpListsCommandsExitCodesAndConfiguration() {
    Cli.Result r = cli.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("schema", "list", "get", "count", "stats", "purge", "restore", "delete-app", "demo",
        "Exit codes:", "130", "RUNSTORE_JDBC_URL", "--config FILE");
    Cli.Result purgeHelp = cli.run("purge", "--help");
    assertThat(purgeHelp.out()).contains("--older-than", "--dry-run", "--max-runs", "Exit codes:", "Database options");
  }
}
