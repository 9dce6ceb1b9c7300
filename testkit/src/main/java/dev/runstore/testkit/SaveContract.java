package dev.runstore.testkit;

import static dev.runstore.testkit.TestRuns.BASE;
import static dev.runstore.testkit.TestRuns.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.runstore.api.CreatorRole;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecution;
import dev.runstore.api.WorkflowExecutionRepository;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both writes: {@code save(run)} and {@code executions(context).save(execution)} are upserts by id
 * (last write wins, every field), a run never moves to another tenant or app, and the mapping of
 * an execution and its context to a row is exactly API.md's.
 */
public interface SaveContract extends RepositoryFixture {

  /** A run of {@code (tenant, app)} with every component different from {@link TestRuns#run(String, String)}'s defaults. */
  private static WorkflowRun.Builder changedEverywhere(WorkflowRun run) {
    return run.toBuilder()
        .workflowId(newId())
        .type(WorkflowType.CHAT)
        .triggeredFrom(TriggeredFrom.DEBUGGING)
        .version("2025-07-01 08:00:00.000001")
        .graph("{\"nodes\":[{\"id\":\"1\"}],\"edges\":[]}")
        .inputs(null)
        .status(WorkflowRunStatus.FAILED)
        .outputs(null)
        .error("node 1 failed")
        .elapsedTime(9.25)
        .totalTokens(3_000_000_000L)
        .totalSteps(17)
        .createdByRole(CreatorRole.END_USER)
        .createdBy(newId())
        .createdAt(run.createdAt().plusSeconds(3600).plus(7, ChronoUnit.MICROS))
        .finishedAt(null)
        .exceptionsCount(4);
  }

  private static ExecutionContext context(String tenant, String app, TriggeredFrom trigger) {
    return new ExecutionContext(tenant, app, CreatorRole.END_USER, newId(), trigger);
  }

  @Test
  default void savedRunIsReadBackEqual() {
    String tenant = newId();
    String app = newId();
    WorkflowRun run = TestRuns.run(tenant, app).build();

    repository().save(run);

    assertThat(repository().getWorkflowRunById(tenant, app, run.id())).contains(run);
  }

  @Test
  default void savingAnExistingIdUpdatesEveryFieldInPlace() {
    String tenant = newId();
    String app = newId();
    WorkflowRun first = TestRuns.run(tenant, app).build();
    repository().save(first);
    WorkflowRun second = changedEverywhere(first).build();

    repository().save(second);

    assertThat(repository().getWorkflowRunById(tenant, app, first.id())).contains(second);
    // Still one row: it left its old listing, is listed once in its new one, and deletes as one.
    assertThat(repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, null).data()).isEmpty();
    assertThat(repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.DEBUGGING, 10, null).data())
        .containsExactly(second);
    assertThat(repository().getExpiredRunsBatch(tenant, Instant.parse("9999-01-01T00:00:00Z"), 10))
        .containsExactly(second);
    assertThat(repository().deleteRunsByIds(List.of(first.id()))).isEqualTo(1);
  }

  @Test
  default void lastWriteWins() {
    String tenant = newId();
    String app = newId();
    WorkflowRun run = TestRuns.run(tenant, app).status(WorkflowRunStatus.RUNNING).finishedAt(null).build();
    repository().save(run);
    WorkflowRun last = run;
    for (int i = 1; i <= 5; i++) {
      last = run.toBuilder().totalSteps(i).totalTokens(i * 100L).outputs("{\"step\":" + i + "}").build();
      repository().save(last);
    }

    assertThat(repository().getWorkflowRunById(tenant, app, run.id())).contains(last);
    assertThat(repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, null).data())
        .containsExactly(last);
  }

  @Test
  default void savingTheSameRunTwiceKeepsOneRow() {
    String tenant = newId();
    String app = newId();
    WorkflowRun run = TestRuns.run(tenant, app).build();

    repository().save(run);
    repository().save(run);

    assertThat(repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, null).data())
        .containsExactly(run);
  }

  @Test
  default void optionalFieldsCanBeClearedByAnUpdate() {
    String tenant = newId();
    String app = newId();
    WorkflowRun run = TestRuns.run(tenant, app).error("boom").build();
    repository().save(run);
    WorkflowRun cleared = run.toBuilder().graph(null).inputs(null).outputs(null).error(null).finishedAt(null).build();

    repository().save(cleared);

    assertThat(repository().getWorkflowRunById(tenant, app, run.id())).contains(cleared);
  }

  @Test
  default void savingAnIdOfAnotherTenantIsRefusedAndLeavesTheRowUnchanged() {
    String tenant = newId();
    String app = newId();
    WorkflowRun original = TestRuns.run(tenant, app).build();
    repository().save(original);
    String thief = newId();

    // Same app id, other tenant; then other tenant and other app.
    for (WorkflowRun intruder : List.of(
        changedEverywhere(original).tenantId(thief).build(),
        changedEverywhere(original).tenantId(thief).appId(newId()).build())) {
      assertThatThrownBy(() -> repository().save(intruder)).isInstanceOf(IllegalArgumentException.class);
      assertThat(repository().getWorkflowRunById(tenant, app, original.id())).contains(original);
      assertThat(repository().getWorkflowRunById(intruder.tenantId(), intruder.appId(), original.id())).isEmpty();
      assertThat(repository().getPaginatedWorkflowRuns(intruder.tenantId(), intruder.appId(), TriggeredFrom.DEBUGGING, 10, null).data())
          .isEmpty();
    }
  }

  @Test
  default void savingAnIdOfAnotherAppIsRefusedAndLeavesTheRowUnchanged() {
    String tenant = newId();
    String app = newId();
    WorkflowRun original = TestRuns.run(tenant, app).build();
    repository().save(original);
    String otherApp = newId();
    WorkflowRun intruder = changedEverywhere(original).appId(otherApp).build();

    assertThatThrownBy(() -> repository().save(intruder)).isInstanceOf(IllegalArgumentException.class);

    assertThat(repository().getWorkflowRunById(tenant, app, original.id())).contains(original);
    assertThat(repository().getWorkflowRunById(tenant, otherApp, original.id())).isEmpty();
    assertThat(repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, null).data())
        .containsExactly(original);
  }

  @Test
  default void nullRunIsRejected() {
    assertThatThrownBy(() -> repository().save(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void executionIsMappedToARowFieldByField() {
    String tenant = newId();
    String app = newId();
    String creator = newId();
    ExecutionContext context = new ExecutionContext(tenant, app, CreatorRole.END_USER, creator, TriggeredFrom.WEBHOOK);
    Instant started = BASE.plus(11, ChronoUnit.MICROS);
    Instant finished = started.plusSeconds(2).plus(500_123, ChronoUnit.MICROS);
    WorkflowExecution execution = new WorkflowExecution(
        newId(), newId(), "v42", WorkflowType.RAG_PIPELINE, "{\"g\":1}", "{\"i\":2}", "{\"o\":3}",
        WorkflowRunStatus.PARTIAL_SUCCEEDED, "node 3 failed", 1234, 7, 2, started, finished);

    repository().executions(context).save(execution);

    WorkflowRun expected = WorkflowRun.builder()
        .id(execution.id())
        .tenantId(tenant)
        .appId(app)
        .workflowId(execution.workflowId())
        .type(WorkflowType.RAG_PIPELINE)
        .triggeredFrom(TriggeredFrom.WEBHOOK)
        .version("v42")
        .graph("{\"g\":1}")
        .inputs("{\"i\":2}")
        .status(WorkflowRunStatus.PARTIAL_SUCCEEDED)
        .outputs("{\"o\":3}")
        .error("node 3 failed")
        .elapsedTime(execution.elapsedTime())
        .totalTokens(1234)
        .totalSteps(7)
        .createdByRole(CreatorRole.END_USER)
        .createdBy(creator)
        .createdAt(started)
        .finishedAt(finished)
        .exceptionsCount(2)
        .build();
    WorkflowRun stored = repository().getWorkflowRunById(tenant, app, execution.id()).orElseThrow();
    assertThat(stored.elapsedTime()).isCloseTo(2.500123, within(1e-9));
    assertThat(stored).isEqualTo(expected);
  }

  @Test
  default void emptyErrorMessageIsStoredAsNullAndOthersAreKept() {
    String tenant = newId();
    String app = newId();
    WorkflowExecutionRepository executions = repository().executions(context(tenant, app, TriggeredFrom.APP_RUN));
    WorkflowExecution ok = WorkflowExecution.start(newId(), newId(), "draft", WorkflowType.WORKFLOW, null, null, BASE)
        .finish(WorkflowRunStatus.SUCCEEDED, "{}", "", 1, 1, 0, BASE.plusSeconds(1));
    WorkflowExecution failed = WorkflowExecution.start(newId(), newId(), "draft", WorkflowType.WORKFLOW, null, null, BASE)
        .finish(WorkflowRunStatus.FAILED, null, "boom", 1, 1, 0, BASE.plusSeconds(1));
    WorkflowExecution blank = WorkflowExecution.start(newId(), newId(), "draft", WorkflowType.WORKFLOW, null, null, BASE)
        .finish(WorkflowRunStatus.FAILED, null, " ", 1, 1, 0, BASE.plusSeconds(1));

    executions.save(ok);
    executions.save(failed);
    executions.save(blank);

    assertThat(repository().getWorkflowRunById(tenant, app, ok.id()).orElseThrow().error()).isNull();
    assertThat(repository().getWorkflowRunById(tenant, app, failed.id()).orElseThrow().error()).isEqualTo("boom");
    assertThat(repository().getWorkflowRunById(tenant, app, blank.id()).orElseThrow().error()).isEqualTo(" ");
  }

  @Test
  default void startedThenFinishedExecutionUpdatesTheSameRow() {
    String tenant = newId();
    String app = newId();
    ExecutionContext context = context(tenant, app, TriggeredFrom.APP_RUN);
    WorkflowExecutionRepository executions = repository().executions(context);
    WorkflowExecution started = WorkflowExecution.start(
        newId(), newId(), "draft", WorkflowType.CHAT, "{\"nodes\":[]}", "{\"q\":\"hi\"}", BASE);

    executions.save(started);

    WorkflowRun running = repository().getWorkflowRunById(tenant, app, started.id()).orElseThrow();
    assertThat(running.status()).isEqualTo(WorkflowRunStatus.RUNNING);
    assertThat(running.finishedAt()).isNull();
    assertThat(running.elapsedTime()).isZero();
    assertThat(running.error()).isNull();
    assertThat(running.outputs()).isNull();
    assertThat(running.totalTokens()).isZero();
    assertThat(running.totalSteps()).isZero();
    assertThat(running.exceptionsCount()).isZero();
    assertThat(running.createdAt()).isEqualTo(BASE);
    assertThat(running.graph()).isEqualTo("{\"nodes\":[]}");
    assertThat(running.inputs()).isEqualTo("{\"q\":\"hi\"}");

    WorkflowExecution finished = started.finish(
        WorkflowRunStatus.FAILED, "{\"a\":1}", "timeout", 77, 5, 1, BASE.plusMillis(4250));
    executions.save(finished);

    WorkflowRun done = repository().getWorkflowRunById(tenant, app, started.id()).orElseThrow();
    assertThat(done).isEqualTo(running.toBuilder()
        .status(WorkflowRunStatus.FAILED)
        .outputs("{\"a\":1}")
        .error("timeout")
        .totalTokens(77)
        .totalSteps(5)
        .exceptionsCount(1)
        .finishedAt(BASE.plusMillis(4250))
        .elapsedTime(4.25)
        .build());
    assertThat(repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, null).data())
        .containsExactly(done);
  }

  @Test
  default void ownerComesFromTheContextNotTheExecution() {
    String tenant = newId();
    String app = newId();
    String accountCreator = newId();
    String endUser = newId();
    WorkflowExecution a = WorkflowExecution.start(newId(), newId(), "draft", WorkflowType.WORKFLOW, null, null, BASE);
    WorkflowExecution b = WorkflowExecution.start(newId(), newId(), "draft", WorkflowType.WORKFLOW, null, null, BASE);

    repository().executions(new ExecutionContext(tenant, app, CreatorRole.ACCOUNT, accountCreator, TriggeredFrom.DEBUGGING))
        .save(a);
    repository().executions(new ExecutionContext(tenant, app, CreatorRole.END_USER, endUser, TriggeredFrom.PLUGIN))
        .save(b);

    WorkflowRun runA = repository().getWorkflowRunById(tenant, app, a.id()).orElseThrow();
    assertThat(runA.tenantId()).isEqualTo(tenant);
    assertThat(runA.appId()).isEqualTo(app);
    assertThat(runA.createdByRole()).isEqualTo(CreatorRole.ACCOUNT);
    assertThat(runA.createdBy()).isEqualTo(accountCreator);
    assertThat(runA.triggeredFrom()).isEqualTo(TriggeredFrom.DEBUGGING);
    WorkflowRun runB = repository().getWorkflowRunById(tenant, app, b.id()).orElseThrow();
    assertThat(runB.createdByRole()).isEqualTo(CreatorRole.END_USER);
    assertThat(runB.createdBy()).isEqualTo(endUser);
    assertThat(runB.triggeredFrom()).isEqualTo(TriggeredFrom.PLUGIN);
    assertThat(repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.DEBUGGING, 10, null).data())
        .containsExactly(runA);
    assertThat(repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.PLUGIN, 10, null).data())
        .containsExactly(runB);
  }

  @Test
  default void executionOfAnotherTenantsOrAppsRunIsRefusedAndLeavesTheRowUnchanged() {
    String tenant = newId();
    String app = newId();
    WorkflowExecution execution =
        WorkflowExecution.start(newId(), newId(), "draft", WorkflowType.WORKFLOW, "{}", "{}", BASE);
    repository().executions(context(tenant, app, TriggeredFrom.APP_RUN)).save(execution);
    WorkflowRun original = repository().getWorkflowRunById(tenant, app, execution.id()).orElseThrow();
    WorkflowExecution overwrite = execution.finish(WorkflowRunStatus.SUCCEEDED, "{\"x\":1}", "", 5, 5, 0, BASE.plusSeconds(5));

    String otherTenant = newId();
    String otherApp = newId();
    for (ExecutionContext foreign : List.of(
        context(otherTenant, app, TriggeredFrom.APP_RUN),
        context(tenant, otherApp, TriggeredFrom.APP_RUN),
        context(otherTenant, otherApp, TriggeredFrom.APP_RUN))) {
      assertThatThrownBy(() -> repository().executions(foreign).save(overwrite))
          .as("save under %s/%s", foreign.tenantId(), foreign.appId())
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(repository().getWorkflowRunById(tenant, app, execution.id())).contains(original);
      assertThat(repository().getWorkflowRunById(foreign.tenantId(), foreign.appId(), execution.id())).isEmpty();
    }
  }

  @Test
  default void executionsRejectNullContextAndNullExecution() {
    assertThatThrownBy(() -> repository().executions(null)).isInstanceOf(IllegalArgumentException.class);
    WorkflowExecutionRepository executions = repository().executions(context(newId(), newId(), TriggeredFrom.APP_RUN));
    assertThatThrownBy(() -> executions.save(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
