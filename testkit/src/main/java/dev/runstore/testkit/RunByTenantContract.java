package dev.runstore.testkit;

import static dev.runstore.testkit.TestRuns.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * v1.2 {@code getWorkflowRunByIdAndTenantId}: the run under that tenant, whatever its app; another
 * tenant's run, an unknown, deleted or malformed id gives empty. (Blank tenant ids:
 * {@link ValidationV12Contract}.)
 */
public interface RunByTenantContract extends RepositoryFixture {

  @Test
  default void runOfAnyAppOfTheTenantIsFound() {
    String tenant = newId();
    WorkflowRun first = TestRuns.run(tenant, newId()).build();
    WorkflowRun second = TestRuns.run(tenant, newId()).status(WorkflowRunStatus.RUNNING).finishedAt(null).build();
    repository().save(first);
    repository().save(second);

    assertThat(repository().getWorkflowRunByIdAndTenantId(tenant, first.id())).contains(first);
    assertThat(repository().getWorkflowRunByIdAndTenantId(tenant, second.id())).contains(second);
  }

  @Test
  default void runOfAnotherTenantIsEmpty() {
    String tenant = newId();
    String app = newId();
    WorkflowRun saved = TestRuns.run(tenant, app).build();
    repository().save(saved);
    // Another tenant with an app of the same id, and runs of its own.
    String other = newId();
    repository().save(TestRuns.run(other, app).build());

    assertThat(repository().getWorkflowRunByIdAndTenantId(other, saved.id())).isEmpty();
    assertThat(repository().getWorkflowRunByIdAndTenantId(newId(), saved.id())).isEmpty();
    assertThat(repository().getWorkflowRunByIdAndTenantId(app, saved.id())).as("the app id as tenant").isEmpty();
    assertThat(repository().getWorkflowRunByIdAndTenantId(tenant, saved.id())).contains(saved);
  }

  @Test
  default void unknownAndDeletedIdsAreEmpty() {
    String tenant = newId();
    WorkflowRun deleted = TestRuns.run(tenant, newId()).build();
    WorkflowRun kept = TestRuns.run(tenant, newId()).build();
    repository().save(deleted);
    repository().save(kept);
    assertThat(repository().deleteRunsByIds(List.of(deleted.id()))).isEqualTo(1);

    assertThat(repository().getWorkflowRunByIdAndTenantId(tenant, newId())).isEmpty();
    assertThat(repository().getWorkflowRunByIdAndTenantId(tenant, deleted.id())).isEmpty();
    assertThat(repository().getWorkflowRunByIdAndTenantId(tenant, kept.id())).contains(kept);
  }

  @Test
  default void malformedIdsAreEmptyNotErrors() {
    String tenant = newId();
    WorkflowRun saved = TestRuns.run(tenant, newId()).build();
    repository().save(saved);

    for (String runId : List.of(
        "", " ", "x", "not-a-uuid", "'; DROP TABLE workflow_runs; --", saved.id().substring(1), saved.id() + "0",
        " " + saved.id(), saved.id() + " ", saved.id().replace("-", ""), "z" + saved.id().substring(1))) {
      assertThat(repository().getWorkflowRunByIdAndTenantId(tenant, runId)).as("runId '%s'", runId).isEmpty();
    }
    for (String tenantId : List.of("tenant-x", tenant + "0", tenant.replace("-", ""), "' OR '1'='1")) {
      assertThat(repository().getWorkflowRunByIdAndTenantId(tenantId, saved.id())).as("tenant '%s'", tenantId)
          .isEmpty();
    }
  }

  @Test
  default void upperCaseIdsFindTheRunByTenant() {
    String tenant = newId();
    WorkflowRun saved = TestRuns.run(tenant, newId()).build();
    repository().save(saved);

    assertThat(repository().getWorkflowRunByIdAndTenantId(
            tenant.toUpperCase(Locale.ROOT), saved.id().toUpperCase(Locale.ROOT)))
        .contains(saved);
  }

  /** The run read by tenant is the same run every other read path returns, after updates too. */
  @Test
  default void runByTenantFollowsUpdates() {
    String tenant = newId();
    String app = newId();
    WorkflowRun saved = TestRuns.run(tenant, app).build();
    repository().save(saved);
    WorkflowRun updated = saved.toBuilder().status(WorkflowRunStatus.FAILED).error("boom")
        .createdAt(saved.createdAt().plusSeconds(5)).build();
    repository().save(updated);

    assertThat(repository().getWorkflowRunByIdAndTenantId(tenant, saved.id())).contains(updated);
    assertThat(repository().getWorkflowRunByIdAndTenantId(tenant, saved.id()))
        .isEqualTo(repository().getWorkflowRunById(tenant, app, saved.id()));
  }
}
