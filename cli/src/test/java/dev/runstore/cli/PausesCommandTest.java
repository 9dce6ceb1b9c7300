package dev.runstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.PauseReason;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.testkit.TestRuns;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code runstore get --tenant} alone and {@code runstore pauses prune} (API v1.2, issue 10). */
class PausesCommandTest {

  private final Cli cli = new Cli();
  private final String tenant = TestRuns.newId();

  private WorkflowPause pause(String label) {
    WorkflowRun run = TestRuns.run(tenant, TestRuns.newId()).status(WorkflowRunStatus.RUNNING).build();
    cli.repository.save(run);
    return cli.repository.createWorkflowPause(tenant, run.id(), TestRuns.newId(),
        label.getBytes(StandardCharsets.UTF_8), List.of(PauseReason.scheduledPause(label)));
  }

  @Test
  void getFindsARunOfAnyAppOfTheTenantWithTenantAlone() {
    WorkflowRun run = TestRuns.run(tenant, TestRuns.newId()).build();
    cli.repository.save(run);
    Cli.Result found = cli.run("get", "--tenant", tenant, run.id());
    assertThat(found.exitCode()).as(found.toString()).isZero();
    assertThat(found.out()).contains("\"id\" : \"" + run.id() + "\"");
    Cli.Result otherTenant = cli.run("get", "--tenant", TestRuns.newId(), run.id());
    assertThat(otherTenant.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(otherTenant.err()).contains("no run " + run.id() + " in tenant").doesNotContain("app");
  }

  @Test
  void pruneDeletesOldPausesInBatchesAndKeepsNewOnes() {
    WorkflowPause a = pause("a");
    WorkflowPause b = pause("b");
    WorkflowPause c = pause("c");
    // Every pause was created before "now + 1 day": all three go, in batches of 2.
    Instant later = Instant.now().plusSeconds(86_400);
    cli.with(e -> e.clock(Clock.fixed(later, ZoneOffset.UTC)));
    Cli.Result r = cli.run("pauses", "prune", "--created-before", "0s", "--resumed-before", "0s", "--limit", "2", "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("\"pruned\":3", "\"batches\":2", a.id(), b.id(), c.id());
    assertThat(cli.repository.getWorkflowPause(tenant, a.workflowRunId())).isEmpty();

    WorkflowPause fresh = pause("fresh");
    Cli.Result none = cli.run("pauses", "prune", "--created-before", "2000-01-01", "--resumed-before", "2000-01-01T00:00:00Z");
    assertThat(none.exitCode()).as(none.toString()).isZero();
    assertThat(none.out()).startsWith("pruned 0 pauses created before 2000-01-01T00:00:00Z");
    assertThat(cli.repository.getWorkflowPause(tenant, fresh.workflowRunId())).isPresent();
  }

  @Test
  void badTimesAndLimitsAreUsageErrorsNamingTheFlag() {
    Cli.Result badTime = cli.run("pauses", "prune", "--created-before", "yesterday", "--resumed-before", "7d");
    assertThat(badTime.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badTime.err()).contains("--created-before 'yesterday' is not a time");
    Cli.Result badLimit = cli.run("pauses", "prune", "--created-before", "30d", "--resumed-before", "7d", "--limit", "0");
    assertThat(badLimit.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badLimit.err()).contains("--limit must be between 1 and 10000");
    Cli.Result missing = cli.run("pauses", "prune", "--created-before", "30d");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("--resumed-before");
    assertThat(cli.opened).isEmpty();
  }
}
