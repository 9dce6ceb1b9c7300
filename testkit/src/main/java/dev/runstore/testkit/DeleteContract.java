package dev.runstore.testkit;

import static dev.runstore.testkit.TestRuns.BASE;
import static dev.runstore.testkit.TestRuns.FAR_FUTURE;
import static dev.runstore.testkit.TestRuns.newId;
import static dev.runstore.testkit.TestRuns.run;
import static dev.runstore.testkit.TestRuns.saveAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code deleteRunsByIds} (exact count, unknown and malformed ids ignored, duplicates once, any
 * number of ids) and {@code deleteRunsByApp} (every run of the app, in batches, until none is left;
 * other apps and tenants untouched).
 */
public interface DeleteContract extends RepositoryFixture {

  private static List<WorkflowRun> runsOf(String tenant, String app, int count) {
    List<WorkflowRun> runs = new ArrayList<>();
    TriggeredFrom[] triggers = TriggeredFrom.values();
    for (int i = 0; i < count; i++) {
      runs.add(run(tenant, app, triggers[i % triggers.length], BASE.plus(i / 3, ChronoUnit.MICROS)));
    }
    return runs;
  }

  private static List<String> ids(List<WorkflowRun> runs) {
    return runs.stream().map(WorkflowRun::id).toList();
  }

  /** Asserts that none of {@code runs} is stored any more. */
  private void assertGone(List<WorkflowRun> runs) {
    for (WorkflowRun run : runs) {
      assertThat(repository().getWorkflowRunById(run.tenantId(), run.appId(), run.id())).as("run %s", run.id()).isEmpty();
    }
  }

  /** Asserts that every one of {@code runs} is still stored, unchanged. */
  private void assertKept(List<WorkflowRun> runs) {
    for (WorkflowRun run : runs) {
      assertThat(repository().getWorkflowRunById(run.tenantId(), run.appId(), run.id())).as("run %s", run.id()).contains(run);
    }
  }

  @Test
  default void deletingNoIdsReturnsZero() {
    String tenant = newId();
    WorkflowRun kept = run(tenant, newId(), TriggeredFrom.APP_RUN, BASE);
    repository().save(kept);

    assertThat(repository().deleteRunsByIds(List.of())).isZero();
    assertThat(repository().deleteRunsByIds(Set.of())).isZero();
    assertKept(List.of(kept));
  }

  @Test
  default void deletingByIdsRemovesExactlyThoseRunsAndCountsThem() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = runsOf(tenant, app, 10);
    saveAll(repository(), runs);

    assertThat(repository().deleteRunsByIds(ids(runs.subList(0, 4)))).isEqualTo(4);

    assertGone(runs.subList(0, 4));
    assertKept(runs.subList(4, 10));
    assertThat(repository().deleteRunsByIds(ids(runs.subList(0, 4)))).as("deleting again").isZero();
  }

  @Test
  default void deletingByIdsIgnoresUnknownAndMalformedIds() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = runsOf(tenant, app, 4);
    saveAll(repository(), runs);
    List<String> input = List.of(
        newId(), runs.get(0).id(), "not-a-uuid", "", " ", runs.get(1).id() + "0", "'; DELETE FROM workflow_runs; --",
        runs.get(1).id(), newId(), runs.get(2).id().replace("-", ""));

    assertThat(repository().deleteRunsByIds(input)).isEqualTo(2);

    assertGone(runs.subList(0, 2));
    assertKept(runs.subList(2, 4));
    assertThat(repository().deleteRunsByIds(List.of("garbage", newId()))).isZero();
  }

  @Test
  default void deletingByIdsIgnoresNullElements() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = runsOf(tenant, app, 2);
    saveAll(repository(), runs);

    assertThat(repository().deleteRunsByIds(Arrays.asList(null, runs.get(0).id(), null))).isEqualTo(1);

    assertGone(runs.subList(0, 1));
    assertKept(runs.subList(1, 2));
  }

  @Test
  default void duplicateIdsAreDeletedAndCountedOnce() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = runsOf(tenant, app, 3);
    saveAll(repository(), runs);
    String a = runs.get(0).id();
    String b = runs.get(1).id();

    assertThat(repository().deleteRunsByIds(List.of(a, a, b, a.toUpperCase(Locale.ROOT), b))).isEqualTo(2);

    assertGone(runs.subList(0, 2));
    assertKept(runs.subList(2, 3));
  }

  @Test
  default void upperCaseIdsAreDeleted() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = runsOf(tenant, app, 2);
    saveAll(repository(), runs);

    assertThat(repository().deleteRunsByIds(List.of(runs.get(0).id().toUpperCase(Locale.ROOT)))).isEqualTo(1);

    assertGone(runs.subList(0, 1));
    assertKept(runs.subList(1, 2));
  }

  @Test
  default void deletingByIdsIsNotScopedToOneTenant() {
    WorkflowRun one = run(newId(), newId(), TriggeredFrom.APP_RUN, BASE);
    WorkflowRun two = run(newId(), newId(), TriggeredFrom.DEBUGGING, BASE);
    saveAll(repository(), List.of(one, two));

    assertThat(repository().deleteRunsByIds(new HashSet<>(List.of(one.id(), two.id())))).isEqualTo(2);

    assertGone(List.of(one, two));
  }

  @Test
  default void moreIdsThanOneStatementTakesAreAllDeleted() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = runsOf(tenant, app, 120);
    List<WorkflowRun> doomed = runs.subList(0, 100);
    List<WorkflowRun> kept = runs.subList(100, 120);
    saveAll(repository(), runs);

    // 70,000 ids (above PostgreSQL's 65,535 bind parameters), the real ones spread over the whole
    // input and placed at the usual chunk boundaries.
    Random random = new Random(70_000);
    List<String> input = new ArrayList<>(70_000);
    for (int i = 0; i < 70_000; i++) {
      input.add(TestRuns.newId(random));
    }
    int[] boundaries = {0, 999, 1000, 1001, 9_999, 10_000, 32_767, 32_768, 65_534, 65_535, 65_536, 69_999};
    Set<Integer> positions = new LinkedHashSet<>();
    for (int p : boundaries) {
      positions.add(p);
    }
    while (positions.size() < doomed.size()) {
      positions.add(random.nextInt(70_000));
    }
    int k = 0;
    for (int p : positions) {
      input.set(p, doomed.get(k++).id());
    }

    assertThat(repository().deleteRunsByIds(input)).isEqualTo(100);

    assertGone(doomed);
    assertKept(kept);
    assertThat(repository().getExpiredRunsBatch(tenant, FAR_FUTURE, 1000)).hasSize(20);
  }

  @Test
  default void nullIdCollectionIsRejected() {
    assertThatThrownBy(() -> repository().deleteRunsByIds(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void deletingAnAppRemovesAllItsRunsAndNothingElse() {
    String tenant = newId();
    String app = newId();
    String otherApp = newId();
    String otherTenant = newId();
    List<WorkflowRun> doomed = runsOf(tenant, app, 25);
    List<WorkflowRun> kept = new ArrayList<>(runsOf(tenant, otherApp, 7));
    // Another tenant with an app of the same id.
    kept.addAll(runsOf(otherTenant, app, 7));
    saveAll(repository(), doomed);
    saveAll(repository(), kept);

    assertThat(repository().deleteRunsByApp(tenant, app, 4)).isEqualTo(25);

    assertGone(doomed);
    assertKept(kept);
    for (TriggeredFrom trigger : TriggeredFrom.values()) {
      assertThat(repository().getPaginatedWorkflowRuns(tenant, app, trigger, 10, null).data()).as("%s", trigger).isEmpty();
    }
    assertThat(repository().getExpiredRunsBatch(tenant, FAR_FUTURE, 1000)).containsExactlyInAnyOrderElementsOf(kept.subList(0, 7));
    assertThat(repository().deleteRunsByApp(tenant, app, 4)).as("second call").isZero();
  }

  @Test
  default void deletingAnAppWorksForEveryBatchSizeIncludingExactMultiples() {
    for (int batchSize : new int[] {1, 3, 5, 10, 11, 10_000}) {
      String tenant = newId();
      String app = newId();
      List<WorkflowRun> runs = runsOf(tenant, app, 10);
      WorkflowRun neighbour = run(tenant, newId(), TriggeredFrom.APP_RUN, BASE);
      saveAll(repository(), runs);
      repository().save(neighbour);

      assertThat(repository().deleteRunsByApp(tenant, app, batchSize)).as("batch size %d", batchSize).isEqualTo(10);

      assertGone(runs);
      assertKept(List.of(neighbour));
      assertThat(repository().getExpiredRunsBatch(tenant, FAR_FUTURE, 100)).containsExactly(neighbour);
      assertThat(repository().deleteRunsByApp(tenant, app, batchSize)).as("again, batch size %d", batchSize).isZero();
    }
  }

  @Test
  default void deletingAnEmptyOrMalformedAppReturnsZero() {
    String tenant = newId();
    String app = newId();
    WorkflowRun kept = run(tenant, app, TriggeredFrom.APP_RUN, BASE);
    repository().save(kept);

    assertThat(repository().deleteRunsByApp(tenant, newId(), 10)).isZero();
    assertThat(repository().deleteRunsByApp(newId(), app, 10)).isZero();
    assertThat(repository().deleteRunsByApp("tenant-x", app, 10)).isZero();
    assertThat(repository().deleteRunsByApp(tenant, "app-x", 10)).isZero();
    assertKept(List.of(kept));
  }

  @Test
  default void deletingAnAppAcceptsUpperCaseIds() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = runsOf(tenant, app, 3);
    saveAll(repository(), runs);

    assertThat(repository().deleteRunsByApp(tenant.toUpperCase(Locale.ROOT), app.toUpperCase(Locale.ROOT), 2))
        .isEqualTo(3);

    assertGone(runs);
  }

  @Test
  default void deleteBatchSizeOutsideOneToTenThousandIsRejected() {
    String tenant = newId();
    String app = newId();
    WorkflowRun kept = run(tenant, app, TriggeredFrom.APP_RUN, BASE);
    repository().save(kept);

    for (int batchSize : new int[] {0, -1, 10_001, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertThatThrownBy(() -> repository().deleteRunsByApp(tenant, app, batchSize))
          .as("batchSize %d", batchSize)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("batchSize");
    }
    assertKept(List.of(kept));
  }
}
