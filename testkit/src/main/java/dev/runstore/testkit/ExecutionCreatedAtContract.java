package dev.runstore.testkit;

import static dev.runstore.testkit.TestRuns.BASE;
import static dev.runstore.testkit.TestRuns.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.CreatorRole;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecution;
import dev.runstore.api.WorkflowExecutionRepository;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * v1.2: {@code executions(ctx).save(execution)} on an existing row keeps the stored
 * {@code created_at} (Dify #32851: pause/resume re-saves a run with a new start time), every other
 * column follows the execution; {@code save(WorkflowRun)} stays last-write-wins on every column,
 * {@code createdAt} included.
 */
public interface ExecutionCreatedAtContract extends RepositoryFixture {

  private static ExecutionContext context(String tenant, String app) {
    return new ExecutionContext(tenant, app, CreatorRole.END_USER, newId(), TriggeredFrom.WEBHOOK);
  }

  @Test
  default void executionSavedAgainWithAnotherStartKeepsCreatedAt() {
    String tenant = newId();
    String app = newId();
    ExecutionContext context = context(tenant, app);
    WorkflowExecutionRepository executions = repository().executions(context);
    WorkflowExecution first = WorkflowExecution.start(newId(), newId(), "v1", WorkflowType.CHAT, "{}", "{}", BASE);
    executions.save(first);
    assertThat(repository().getWorkflowRunById(tenant, app, first.id()).orElseThrow().createdAt()).isEqualTo(BASE);

    Instant restarted = BASE.plusSeconds(3600).plusNanos(123_000);
    WorkflowExecution again = WorkflowExecution.start(
            first.id(), first.workflowId(), "v2", WorkflowType.CHAT, "{\"g\":2}", "{\"i\":2}", restarted)
        .finish(WorkflowRunStatus.SUCCEEDED, "{\"o\":1}", "", 10, 2, 0, restarted.plusSeconds(4));
    executions.save(again);

    WorkflowRun expected = SimpleRunModel.toRun(context, again).toBuilder().createdAt(BASE).build();
    assertThat(repository().getWorkflowRunById(tenant, app, first.id())).contains(expected);
    assertThat(expected.elapsedTime()).as("elapsed time still comes from the execution").isEqualTo(4.0);
  }

  @Test
  default void executionSavedEarlierStartAlsoKeepsCreatedAt() {
    String tenant = newId();
    String app = newId();
    ExecutionContext context = context(tenant, app);
    WorkflowExecution first = WorkflowExecution.start(newId(), newId(), "v1", WorkflowType.WORKFLOW, null, null, BASE);
    repository().executions(context).save(first);
    WorkflowExecution earlier = WorkflowExecution.start(
        first.id(), first.workflowId(), "v1", WorkflowType.WORKFLOW, null, null, BASE.minusSeconds(86_400));
    repository().executions(context).save(earlier);

    assertThat(repository().getWorkflowRunById(tenant, app, first.id()).orElseThrow().createdAt()).isEqualTo(BASE);
  }

  /** A row written by {@code save(WorkflowRun)} keeps its createdAt when the engine saves it. */
  @Test
  default void executionSaveKeepsCreatedAtOfARowSavedAsARun() {
    String tenant = newId();
    String app = newId();
    ExecutionContext context = context(tenant, app);
    WorkflowRun run = TestRuns.run(tenant, app).status(WorkflowRunStatus.RUNNING).finishedAt(null)
        .createdAt(BASE.minusSeconds(7)).build();
    repository().save(run);
    WorkflowExecution execution = WorkflowExecution.start(
            run.id(), run.workflowId(), "v3", WorkflowType.WORKFLOW, "{}", "{}", BASE)
        .finish(WorkflowRunStatus.FAILED, null, "boom", 1, 1, 1, BASE.plusSeconds(1));

    repository().executions(context).save(execution);

    assertThat(repository().getWorkflowRunById(tenant, app, run.id()))
        .contains(SimpleRunModel.toRun(context, execution).toBuilder().createdAt(BASE.minusSeconds(7)).build());
  }

  /** Listings and batches order by the kept createdAt, not by the later start. */
  @Test
  default void keptCreatedAtDecidesTheOrder() {
    String tenant = newId();
    String app = newId();
    ExecutionContext context = context(tenant, app);
    WorkflowExecutionRepository executions = repository().executions(context);
    WorkflowExecution older = WorkflowExecution.start(newId(), newId(), "v", WorkflowType.WORKFLOW, null, null, BASE);
    WorkflowExecution newer =
        WorkflowExecution.start(newId(), newId(), "v", WorkflowType.WORKFLOW, null, null, BASE.plusSeconds(60));
    executions.save(older);
    executions.save(newer);
    executions.save(WorkflowExecution.start(
        older.id(), older.workflowId(), "v", WorkflowType.WORKFLOW, null, null, BASE.plusSeconds(120)));

    assertThat(repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.WEBHOOK, 10, null).data())
        .extracting(WorkflowRun::id).containsExactly(newer.id(), older.id());
    assertThat(repository().getExpiredRunsBatch(tenant, BASE.plusSeconds(1), 10))
        .extracting(WorkflowRun::id).containsExactly(older.id());
  }

  /** A new row still takes createdAt from the execution's start. */
  @Test
  default void newExecutionTakesCreatedAtFromItsStart() {
    String tenant = newId();
    String app = newId();
    Instant started = BASE.plusNanos(987_000);
    WorkflowExecution execution = WorkflowExecution.start(newId(), newId(), "v", WorkflowType.WORKFLOW, null, null, started);
    repository().executions(context(tenant, app)).save(execution);

    assertThat(repository().getWorkflowRunById(tenant, app, execution.id()).orElseThrow().createdAt())
        .isEqualTo(started);
  }

  /** {@code save(WorkflowRun)} replaces every column, createdAt included, also after an execution save. */
  @Test
  default void runSaveIsLastWriteWinsOnEveryColumn() {
    String tenant = newId();
    String app = newId();
    WorkflowExecution execution = WorkflowExecution.start(newId(), newId(), "v", WorkflowType.CHAT, "{}", "{}", BASE);
    repository().executions(context(tenant, app)).save(execution);
    WorkflowRun stored = repository().getWorkflowRunById(tenant, app, execution.id()).orElseThrow();

    WorkflowRun replaced = WorkflowRun.builder()
        .id(stored.id())
        .tenantId(tenant)
        .appId(app)
        .workflowId(newId())
        .type(WorkflowType.SNIPPET)
        .triggeredFrom(TriggeredFrom.SCHEDULE)
        .version("other")
        .graph("{\"other\":true}")
        .inputs(null)
        .status(WorkflowRunStatus.PARTIAL_SUCCEEDED)
        .outputs("{\"o\":9}")
        .error("partial")
        .elapsedTime(9.25)
        .totalTokens(99)
        .totalSteps(9)
        .createdByRole(CreatorRole.ACCOUNT)
        .createdBy(newId())
        .createdAt(BASE.minusSeconds(86_400 * 30L))
        .finishedAt(BASE.plusSeconds(9))
        .exceptionsCount(3)
        .build();
    repository().save(replaced);
    assertThat(repository().getWorkflowRunById(tenant, app, stored.id())).contains(replaced);

    WorkflowRun later = replaced.toBuilder().createdAt(BASE.plusSeconds(86_400 * 30L)).build();
    repository().save(later);
    assertThat(repository().getWorkflowRunById(tenant, app, stored.id())).contains(later);
  }

  /**
   * Dify #32851 end to end: the engine starts a run, it pauses and resumes, the engine saves the
   * run again with the resumed start time: the run keeps its original createdAt, its pause keeps
   * its row.
   */
  @Test
  default void pauseAndResumeKeepTheOriginalCreatedAt() {
    String tenant = newId();
    String app = newId();
    ExecutionContext context = context(tenant, app);
    WorkflowExecutionRepository executions = repository().executions(context);
    WorkflowExecution started = WorkflowExecution.start(newId(), newId(), "v", WorkflowType.WORKFLOW, "{}", "{}", BASE);
    executions.save(started);

    WorkflowPause pause = repository().createWorkflowPause(
        tenant, started.id(), newId(), Pauses.utf8("{\"s\":1}"), List.of());
    WorkflowPause resumed = repository().resumeWorkflowPause(tenant, started.id(), pause.id());
    Instant resumedStart = BASE.plusSeconds(7200);
    WorkflowExecution afterResume = WorkflowExecution.start(
            started.id(), started.workflowId(), "v", WorkflowType.WORKFLOW, "{}", "{}", resumedStart)
        .finish(WorkflowRunStatus.SUCCEEDED, "{\"done\":1}", "", 5, 3, 0, resumedStart.plusSeconds(2));
    executions.save(afterResume);

    WorkflowRun run = repository().getWorkflowRunById(tenant, app, started.id()).orElseThrow();
    assertThat(run.createdAt()).isEqualTo(BASE);
    assertThat(run.status()).isEqualTo(WorkflowRunStatus.SUCCEEDED);
    assertThat(repository().getWorkflowPause(tenant, started.id())).contains(resumed);
  }
}
