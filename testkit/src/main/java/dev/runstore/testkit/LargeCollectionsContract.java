package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RunPosition;
import dev.runstore.api.RunRef;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.WorkflowRun;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, defect 3: every parameter that takes a collection takes 70,000 elements, more than a
 * statement's 65,535 parameters (pgjdbc refuses more; Connector/J silently found nothing):
 * the tenant and workflow ids of {@code getRunsBatchByTimeRange} and {@code getCleanupRefsBatch},
 * the ids of both {@code deleteRunsByIds}, {@code countRunsWithRelated},
 * {@code readRelatedRows} and {@code deleteRunsWithRelated}. The batch of a query whose ids are
 * cut into several statements is still the first {@code batchSize} runs of the whole selection.
 */
public interface LargeCollectionsContract extends RepositoryFixture {

  /** More than a statement's 65,535 parameters. */
  int LARGE = 70_000;

  /** {@code n} random ids plus {@code real}, in a set. */
  private static Set<String> padded(Random random, int n, List<String> real) {
    Set<String> ids = new LinkedHashSet<>(real);
    while (ids.size() < n) {
      ids.add(TestRuns.newId(random));
    }
    return ids;
  }

  /** Two tenants at opposite ends of the id order (so their ids land in different statements), runs interleaved. */
  private List<WorkflowRun> interleaved(String low, String high, String workflow, int n) {
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String tenant = i % 2 == 0 ? low : high;
      WorkflowRun run = TestRuns.run(tenant, TestRuns.newId()).workflowId(workflow)
          .createdAt(TestRuns.BASE.minusSeconds(1000 - i)).build();
      repository().save(run);
      runs.add(run);
    }
    return runs;
  }

  @Test
  default void aTimeRangeBatchTakes70000TenantIdsAndWorkflowIds() {
    Random random = new Random(70_000);
    // Fresh tails: a server that keeps earlier runs' rows must not show them to this run.
    String low = "00000000-0000-7000-8000-" + TestRuns.newId().substring(24);
    String high = "ffffffff-ffff-7fff-bfff-" + TestRuns.newId().substring(24);
    String workflow = TestRuns.newId();
    List<WorkflowRun> runs = interleaved(low, high, workflow, 6);

    TimeRangeBatchQuery byTenants = TimeRangeBatchQuery.builder(TestRuns.BASE).batchSize(3)
        .tenantIds(padded(random, LARGE, List.of(low, high))).build();
    assertThat(repository().getRunsBatchByTimeRange(byTenants)).containsExactlyElementsOf(runs.subList(0, 3));
    assertThat(repository().getCleanupRefsBatch(byTenants, null)).extracting(RunRef::id)
        .containsExactlyElementsOf(runs.subList(0, 3).stream().map(WorkflowRun::id).toList());

    // Large workflow ids with the two tenants (a product of two large sets would be 49 statements).
    TimeRangeBatchQuery byWorkflows = TimeRangeBatchQuery.builder(TestRuns.BASE).batchSize(10)
        .tenantIds(Set.of(low, high))
        .workflowIds(padded(random, LARGE, List.of(workflow))).build();
    assertThat(repository().getRunsBatchByTimeRange(byWorkflows)).containsExactlyElementsOf(runs);
    assertThat(repository().getCleanupRefsBatch(byWorkflows, RunPosition.of(runs.get(3)))).hasSize(4);

    TimeRangeBatchQuery none = TimeRangeBatchQuery.builder(TestRuns.BASE).batchSize(10)
        .tenantIds(padded(random, LARGE, List.of())).build();
    assertThat(repository().getRunsBatchByTimeRange(none)).isEmpty();
  }

  @Test
  default void deletesCountsAndReadsTake70000Ids() {
    Random random = new Random(70_001);
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      // The last two are paused: related rows to count, read and delete.
      WorkflowRun run = (i < 7 ? TestRuns.run(tenant, app) : Pauses.running(tenant, app))
          .createdAt(TestRuns.BASE.plusMillis(i)).build();
      repository().save(run);
      if (i >= 7) {
        repository().createWorkflowPause(tenant, run.id(), TestRuns.newId(), Pauses.utf8("state " + i), List.of());
      }
      ids.add(run.id());
    }
    RelatedCounts counted = repository().countRunsWithRelated(tenant, padded(random, LARGE, ids));
    assertThat(counted.runs()).isEqualTo(9);
    assertThat(counted.pauses()).isEqualTo(2);
    assertThat(repository().readRelatedRows(tenant, padded(random, LARGE, ids)).counts().pauses()).isEqualTo(2);

    assertThat(repository().deleteRunsByIds(tenant, padded(random, LARGE, ids.subList(0, 3)))).isEqualTo(3);
    assertThat(repository().deleteRunsByIds(padded(random, LARGE, ids.subList(3, 6)))).isEqualTo(3);
    RelatedCounts deleted = repository().deleteRunsWithRelated(tenant, padded(random, LARGE, ids.subList(6, 9)));
    assertThat(deleted.runs()).isEqualTo(3);
    assertThat(deleted.pauses()).isEqualTo(2);
    for (String id : ids) {
      assertThat(repository().getWorkflowRunById(tenant, app, id)).isEmpty();
    }
  }
}
