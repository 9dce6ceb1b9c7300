package dev.runstore.testkit;

import static dev.runstore.testkit.TestRuns.BASE;
import static dev.runstore.testkit.TestRuns.newId;
import static dev.runstore.testkit.TestRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@code getWorkflowRunById}: the run if it exists under that tenant and app, else empty; a
 * malformed id is empty, not an error.
 */
public interface GetByIdContract extends RepositoryFixture {

  @Test
  default void savedRunIsFoundUnderItsTenantAndApp() {
    String tenant = newId();
    String app = newId();
    WorkflowRun saved = TestRuns.run(tenant, app).build();
    repository().save(saved);

    assertThat(repository().getWorkflowRunById(tenant, app, saved.id())).contains(saved);
  }

  @Test
  default void runOfAnyTriggerIsFound() {
    String tenant = newId();
    String app = newId();
    for (TriggeredFrom trigger : TriggeredFrom.values()) {
      WorkflowRun saved = run(tenant, app, trigger, BASE);
      repository().save(saved);
      assertThat(repository().getWorkflowRunById(tenant, app, saved.id())).as("%s", trigger).contains(saved);
    }
  }

  @Test
  default void runIsNotFoundUnderAnotherTenantOrApp() {
    String tenant = newId();
    String app = newId();
    WorkflowRun saved = TestRuns.run(tenant, app).build();
    repository().save(saved);
    // The other tenant has an app with the same id, the tenant has another app: neither sees the run.
    repository().save(TestRuns.run(newId(), app).build());
    repository().save(TestRuns.run(tenant, newId()).build());

    assertThat(repository().getWorkflowRunById(newId(), app, saved.id())).isEmpty();
    assertThat(repository().getWorkflowRunById(tenant, newId(), saved.id())).isEmpty();
    assertThat(repository().getWorkflowRunById(app, tenant, saved.id())).as("tenant and app swapped").isEmpty();
    assertThat(repository().getWorkflowRunById(newId(), newId(), saved.id())).isEmpty();
  }

  @Test
  default void unknownIdIsEmpty() {
    String tenant = newId();
    String app = newId();
    repository().save(TestRuns.run(tenant, app).build());

    assertThat(repository().getWorkflowRunById(tenant, app, newId())).isEmpty();
  }

  @Test
  default void malformedIdIsEmptyNotAnError() {
    String tenant = newId();
    String app = newId();
    WorkflowRun saved = TestRuns.run(tenant, app).build();
    repository().save(saved);

    for (String runId : List.of(
        "", " ", "x", "not-a-uuid", "'; DROP TABLE workflow_runs; --", saved.id().substring(1),
        saved.id() + "0", " " + saved.id(), saved.id() + " ", "{" + saved.id() + "}",
        saved.id().replace("-", ""), "z" + saved.id().substring(1), saved.id().replace('-', ':'))) {
      assertThat(repository().getWorkflowRunById(tenant, app, runId)).as("runId '%s'", runId).isEmpty();
    }
  }

  @Test
  default void upperCaseIdsFindTheRun() {
    String tenant = newId();
    String app = newId();
    WorkflowRun saved = TestRuns.run(tenant, app).build();
    repository().save(saved);

    assertThat(repository().getWorkflowRunById(tenant, app, saved.id().toUpperCase(Locale.ROOT))).contains(saved);
    assertThat(repository().getWorkflowRunById(
            tenant.toUpperCase(Locale.ROOT), app.toUpperCase(Locale.ROOT), saved.id().toUpperCase(Locale.ROOT)))
        .contains(saved);
  }

  @Test
  default void runSavedWithUpperCaseIdsIsStoredCanonical() {
    String tenant = newId();
    String app = newId();
    String id = newId();
    WorkflowRun saved = TestRuns.run(tenant.toUpperCase(Locale.ROOT), app.toUpperCase(Locale.ROOT))
        .id(id.toUpperCase(Locale.ROOT))
        .build();
    repository().save(saved);

    WorkflowRun found = repository().getWorkflowRunById(tenant, app, id).orElseThrow();
    assertThat(found.id()).isEqualTo(id);
    assertThat(found.tenantId()).isEqualTo(tenant);
    assertThat(found.appId()).isEqualTo(app);
    assertThat(found).isEqualTo(saved);
  }

  @Test
  default void malformedTenantOrAppIdFindsNothing() {
    String tenant = newId();
    String app = newId();
    WorkflowRun saved = TestRuns.run(tenant, app).build();
    repository().save(saved);

    assertThat(repository().getWorkflowRunById("tenant-x", app, saved.id())).isEmpty();
    assertThat(repository().getWorkflowRunById(tenant, "app-x", saved.id())).isEmpty();
    assertThat(repository().getWorkflowRunById(tenant + "0", app, saved.id())).isEmpty();
  }

  @Test
  default void deletedRunIsEmpty() {
    String tenant = newId();
    String app = newId();
    WorkflowRun saved = TestRuns.run(tenant, app).build();
    WorkflowRun kept = TestRuns.run(tenant, app).build();
    repository().save(saved);
    repository().save(kept);

    assertThat(repository().deleteRunsByIds(List.of(saved.id()))).isEqualTo(1);

    assertThat(repository().getWorkflowRunById(tenant, app, saved.id())).isEmpty();
    assertThat(repository().getWorkflowRunById(tenant, app, kept.id())).contains(kept);
  }
}
