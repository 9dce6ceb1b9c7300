package dev.runstore.testkit;

import static dev.runstore.testkit.TestRuns.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.CreatorRole;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecution;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * v1.2 {@code WorkflowType.SNIPPET("snippet")} (Dify 1.15): a snippet run is stored and read like
 * any other, through every read path, and the type filter of the time-range batch knows it.
 * (Stored values no enum knows: {@link UnknownStoredValueContract}, for SQL backends.)
 */
public interface SnippetTypeContract extends RepositoryFixture {

  @Test
  default void snippetIsTheStoredValueSnippet() {
    assertThat(WorkflowType.SNIPPET.value()).isEqualTo("snippet");
    assertThat(WorkflowType.fromValue("snippet")).isSameAs(WorkflowType.SNIPPET);
  }

  @Test
  default void snippetRunIsReadBackThroughEveryReadPath() {
    String tenant = newId();
    String app = newId();
    Instant t0 = TimeRangeSelection.privateWindow();
    WorkflowRun snippet = TestRuns.run(tenant, app).type(WorkflowType.SNIPPET).createdAt(t0.plusSeconds(1))
        .finishedAt(t0.plusSeconds(2)).build();
    WorkflowRun workflow = TestRuns.run(tenant, app).createdAt(t0).finishedAt(t0.plusSeconds(1)).build();
    repository().save(snippet);
    repository().save(workflow);

    assertThat(repository().getWorkflowRunById(tenant, app, snippet.id())).contains(snippet);
    assertThat(repository().getWorkflowRunByIdAndTenantId(tenant, snippet.id())).contains(snippet);
    assertThat(repository().getWorkflowRunByIdWithoutTenant(snippet.id())).contains(snippet);
    assertThat(repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, null).data())
        .containsExactly(snippet, workflow);
    assertThat(repository().getPaginatedWorkflowRuns(RunListQuery.builder(tenant, app).limit(10).build()).data())
        .containsExactly(snippet, workflow);
    assertThat(repository().getExpiredRunsBatch(tenant, TestRuns.FAR_FUTURE, 10)).containsExactly(workflow, snippet);
    assertThat(repository().getRunsBatchByTimeRange(
            TimeRangeBatchQuery.builder(t0.plusSeconds(10)).startFrom(t0).tenantIds(Set.of(tenant)).build()))
        .containsExactly(workflow, snippet);
    assertThat(repository().getWorkflowRunsCount(tenant, app, TriggeredFrom.APP_RUN, null, null).total())
        .isEqualTo(2);
  }

  @Test
  default void runTypesFilterSelectsSnippets() {
    String tenant = newId();
    Instant t0 = TimeRangeSelection.privateWindow();
    WorkflowRun snippet = TimeRangeSelection.run(tenant, t0, WorkflowRunStatus.SUCCEEDED).toBuilder()
        .type(WorkflowType.SNIPPET).build();
    WorkflowRun chat = TimeRangeSelection.run(tenant, t0.plusSeconds(1), WorkflowRunStatus.FAILED).toBuilder()
        .type(WorkflowType.CHAT).build();
    WorkflowRun workflow = TimeRangeSelection.run(tenant, t0.plusSeconds(2), WorkflowRunStatus.STOPPED);
    for (WorkflowRun run : List.of(snippet, chat, workflow)) {
      repository().save(run);
    }
    TimeRangeBatchQuery.Builder window = TimeRangeBatchQuery.builder(t0.plusSeconds(10)).startFrom(t0);

    assertThat(repository().getRunsBatchByTimeRange(window.runTypes(Set.of(WorkflowType.SNIPPET)).build()))
        .containsExactly(snippet);
    assertThat(repository().getRunsBatchByTimeRange(
            window.runTypes(EnumSet.complementOf(EnumSet.of(WorkflowType.SNIPPET))).build()))
        .containsExactly(chat, workflow);
    assertThat(repository().getRunsBatchByTimeRange(window.runTypes(null).build()))
        .containsExactly(snippet, chat, workflow);
    assertThat(repository().getCleanupRefsBatch(window.runTypes(Set.of(WorkflowType.SNIPPET)).build(), null))
        .containsExactly(TimeRangeSelection.ref(snippet));
  }

  @Test
  default void snippetExecutionIsSaved() {
    String tenant = newId();
    String app = newId();
    ExecutionContext context = new ExecutionContext(tenant, app, CreatorRole.ACCOUNT, newId(), TriggeredFrom.DEBUGGING);
    WorkflowExecution execution = WorkflowExecution.start(
        newId(), newId(), "draft", WorkflowType.SNIPPET, "{\"nodes\":[]}", "{}", TestRuns.BASE);

    repository().executions(context).save(execution);

    assertThat(repository().getWorkflowRunById(tenant, app, execution.id()))
        .contains(SimpleRunModel.toRun(context, execution));
  }
}
