package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.WorkflowRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** v1.1 {@code getWorkflowRunByIdWithoutTenant} and the tenant-scoped {@code deleteRunsByIds}. */
public interface TenantScopedContract extends RepositoryFixture {

  @Test
  default void getByIdWithoutTenantFindsAnyTenantsRun() {
    WorkflowRun a = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();
    WorkflowRun b = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();
    repository().save(a);
    repository().save(b);
    assertThat(repository().getWorkflowRunByIdWithoutTenant(a.id())).contains(a);
    assertThat(repository().getWorkflowRunByIdWithoutTenant(b.id().toUpperCase(Locale.ROOT))).contains(b);
    assertThat(repository().getWorkflowRunByIdWithoutTenant(TestRuns.newId())).isEmpty();
    assertThat(repository().getWorkflowRunByIdWithoutTenant("not-a-uuid")).isEmpty();
    assertThat(repository().getWorkflowRunByIdWithoutTenant("")).isEmpty();
    assertThatThrownBy(() -> repository().getWorkflowRunByIdWithoutTenant(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void tenantScopedDeleteNeverDeletesAnotherTenantsRun() {
    String tenantA = TestRuns.newId();
    String tenantB = TestRuns.newId();
    String app = TestRuns.newId();
    List<String> mixed = new ArrayList<>();
    List<WorkflowRun> ofB = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      WorkflowRun a = TestRuns.run(tenantA, app).build();
      WorkflowRun b = TestRuns.run(tenantB, app).build();
      repository().save(a);
      repository().save(b);
      mixed.add(a.id());
      mixed.add(b.id());
      ofB.add(b);
    }
    mixed.add(TestRuns.newId());
    mixed.add("malformed");
    mixed.add(mixed.get(0)); // a duplicate counts once
    assertThat(repository().deleteRunsByIds(tenantA, mixed)).isEqualTo(20);
    for (WorkflowRun b : ofB) {
      assertThat(repository().getWorkflowRunById(tenantB, app, b.id())).contains(b);
    }
    assertThat(repository().getExpiredRunsBatch(tenantA, TestRuns.BASE.plusSeconds(1), 100)).isEmpty();
    assertThat(repository().deleteRunsByIds(tenantB, mixed)).isEqualTo(20);
    assertThat(repository().getExpiredRunsBatch(tenantB, TestRuns.BASE.plusSeconds(1), 100)).isEmpty();
  }

  @Test
  default void tenantScopedDeleteOfManyIds() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      WorkflowRun run = TestRuns.run(tenant, app).build();
      repository().save(run);
      ids.add(run.id());
    }
    for (int i = 0; i < 70_000; i++) {
      ids.add(TestRuns.newId());
    }
    assertThat(repository().deleteRunsByIds(tenant, ids)).isEqualTo(50);
  }

  @Test
  default void tenantScopedDeleteValidation() {
    long before = storageAccessCount();
    assertThat(repository().deleteRunsByIds(TestRuns.newId(), List.of())).isZero();
    assertThatThrownBy(() -> repository().deleteRunsByIds(" ", List.of(TestRuns.newId())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().deleteRunsByIds(null, List.of(TestRuns.newId())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().deleteRunsByIds(TestRuns.newId(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(storageAccessCount()).isEqualTo(before);
    // A malformed tenant id owns nothing.
    WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();
    repository().save(run);
    assertThat(repository().deleteRunsByIds("tenant-1", List.of(run.id()))).isZero();
    assertThat(repository().getWorkflowRunByIdWithoutTenant(run.id())).contains(run);
  }
}
