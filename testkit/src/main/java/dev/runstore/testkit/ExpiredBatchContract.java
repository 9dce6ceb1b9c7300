package dev.runstore.testkit;

import static dev.runstore.testkit.TestRuns.BASE;
import static dev.runstore.testkit.TestRuns.FAR_FUTURE;
import static dev.runstore.testkit.TestRuns.OLDEST_FIRST;
import static dev.runstore.testkit.TestRuns.newId;
import static dev.runstore.testkit.TestRuns.run;
import static dev.runstore.testkit.TestRuns.saveAll;
import static dev.runstore.testkit.TestRuns.sorted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code getExpiredRunsBatch}: up to {@code batchSize} (1..10000) runs of the tenant, every app
 * and trigger, with {@code createdAt < beforeDate}, oldest first by {@code (createdAt, id)}.
 */
public interface ExpiredBatchContract extends RepositoryFixture {

  @Test
  default void batchIsOldestFirstWithTiesOrderedById() {
    String tenant = newId();
    List<WorkflowRun> runs = new ArrayList<>();
    TriggeredFrom[] triggers = TriggeredFrom.values();
    String[] apps = {newId(), newId(), newId()};
    for (int i = 0; i < 30; i++) {
      // Three apps and every trigger: the batch is tenant-wide. Five runs per instant.
      runs.add(TestRuns.run(tenant, apps[i % 3])
          .triggeredFrom(triggers[i % triggers.length])
          .createdAt(BASE.plus(i / 5, ChronoUnit.MICROS))
          .build());
    }
    Collections.shuffle(runs, new Random(3));
    saveAll(repository(), runs);

    assertThat(repository().getExpiredRunsBatch(tenant, FAR_FUTURE, 100))
        .containsExactlyElementsOf(sorted(runs, OLDEST_FIRST));
  }

  @Test
  default void batchIsBoundedByBatchSizeAndTakesTheOldest() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      runs.add(run(tenant, app, TriggeredFrom.APP_RUN, BASE.plusSeconds(10 - i / 2)));
    }
    saveAll(repository(), runs);
    List<WorkflowRun> expected = sorted(runs, OLDEST_FIRST);

    assertThat(repository().getExpiredRunsBatch(tenant, FAR_FUTURE, 3)).containsExactlyElementsOf(expected.subList(0, 3));
    assertThat(repository().getExpiredRunsBatch(tenant, FAR_FUTURE, 1)).containsExactly(expected.get(0));
    assertThat(repository().getExpiredRunsBatch(tenant, FAR_FUTURE, 10)).containsExactlyElementsOf(expected);
    assertThat(repository().getExpiredRunsBatch(tenant, FAR_FUTURE, 11)).containsExactlyElementsOf(expected);
    assertThat(repository().getExpiredRunsBatch(tenant, FAR_FUTURE, WorkflowRunRepository.MAX_BATCH_SIZE))
        .containsExactlyElementsOf(expected);
  }

  @Test
  default void onlyRunsStrictlyBeforeTheDateAreExpired() {
    String tenant = newId();
    String app = newId();
    Instant cut = BASE.plusSeconds(100);
    WorkflowRun wellBefore = run(tenant, app, TriggeredFrom.APP_RUN, cut.minusSeconds(86_400));
    WorkflowRun microBefore = run(tenant, app, TriggeredFrom.APP_RUN, cut.minus(1, ChronoUnit.MICROS));
    WorkflowRun atCut = run(tenant, app, TriggeredFrom.APP_RUN, cut);
    WorkflowRun atCut2 = run(tenant, app, TriggeredFrom.DEBUGGING, cut);
    WorkflowRun microAfter = run(tenant, app, TriggeredFrom.APP_RUN, cut.plus(1, ChronoUnit.MICROS));
    saveAll(repository(), List.of(atCut, microAfter, microBefore, atCut2, wellBefore));

    assertThat(repository().getExpiredRunsBatch(tenant, cut, 100)).containsExactly(wellBefore, microBefore);
    assertThat(repository().getExpiredRunsBatch(tenant, cut.minus(1, ChronoUnit.MICROS), 100))
        .containsExactly(wellBefore);
    assertThat(repository().getExpiredRunsBatch(tenant, cut.plus(1, ChronoUnit.MICROS), 100))
        .containsExactlyElementsOf(sorted(List.of(wellBefore, microBefore, atCut, atCut2), OLDEST_FIRST));
    assertThat(repository().getExpiredRunsBatch(tenant, wellBefore.createdAt(), 100)).isEmpty();
  }

  @Test
  default void beforeDateFinerThanAMicrosecondIsComparedExactly() {
    String tenant = newId();
    String app = newId();
    Instant at = BASE.plusSeconds(5);
    WorkflowRun run = run(tenant, app, TriggeredFrom.APP_RUN, at);
    repository().save(run);

    // createdAt < at + 1ns holds; createdAt < at - 1ns does not.
    assertThat(repository().getExpiredRunsBatch(tenant, at.plusNanos(1), 10)).containsExactly(run);
    assertThat(repository().getExpiredRunsBatch(tenant, at.plusNanos(999), 10)).containsExactly(run);
    assertThat(repository().getExpiredRunsBatch(tenant, at.minusNanos(1), 10)).isEmpty();
  }

  @Test
  default void otherTenantsAreExcluded() {
    String tenant = newId();
    String app = newId();
    String otherTenant = newId();
    List<WorkflowRun> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      mine.add(run(tenant, app, TriggeredFrom.APP_RUN, BASE.plusSeconds(i)));
      // Same app id and instants under another tenant.
      repository().save(run(otherTenant, app, TriggeredFrom.APP_RUN, BASE.plusSeconds(i)));
    }
    saveAll(repository(), mine);

    assertThat(repository().getExpiredRunsBatch(tenant, FAR_FUTURE, 100)).containsExactlyElementsOf(mine);
    assertThat(repository().getExpiredRunsBatch(newId(), FAR_FUTURE, 100)).isEmpty();
  }

  @Test
  default void upperCaseTenantIdMatchesAndMalformedMatchesNothing() {
    String tenant = newId();
    WorkflowRun run = run(tenant, newId(), TriggeredFrom.APP_RUN, BASE);
    repository().save(run);

    assertThat(repository().getExpiredRunsBatch(tenant.toUpperCase(Locale.ROOT), FAR_FUTURE, 10)).containsExactly(run);
    assertThat(repository().getExpiredRunsBatch("tenant-x", FAR_FUTURE, 10)).isEmpty();
    assertThat(repository().getExpiredRunsBatch(tenant + "0", FAR_FUTURE, 10)).isEmpty();
  }

  @Test
  default void batchSizeOutsideOneToTenThousandIsRejected() {
    String tenant = newId();
    repository().save(run(tenant, newId(), TriggeredFrom.APP_RUN, BASE));

    for (int batchSize : new int[] {0, -1, 10_001, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertThatThrownBy(() -> repository().getExpiredRunsBatch(tenant, FAR_FUTURE, batchSize))
          .as("batchSize %d", batchSize)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("batchSize");
    }
  }

  @Test
  default void cleanupLoopOfBatchAndDeleteVisitsEveryExpiredRunOnce() {
    String tenant = newId();
    String app = newId();
    Instant cut = BASE.plusSeconds(50);
    List<WorkflowRun> expired = new ArrayList<>();
    List<WorkflowRun> fresh = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      expired.add(run(tenant, app, TriggeredFrom.APP_RUN, cut.minus(1 + i / 4, ChronoUnit.MICROS)));
      if (i < 5) {
        fresh.add(run(tenant, app, TriggeredFrom.APP_RUN, cut.plus(i, ChronoUnit.MICROS)));
      }
    }
    saveAll(repository(), expired);
    saveAll(repository(), fresh);

    List<WorkflowRun> visited = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      List<WorkflowRun> batch = repository().getExpiredRunsBatch(tenant, cut, 5);
      if (batch.isEmpty()) {
        break;
      }
      visited.addAll(batch);
      assertThat(repository().deleteRunsByIds(batch.stream().map(WorkflowRun::id).toList())).isEqualTo(batch.size());
    }

    assertThat(visited).containsExactlyElementsOf(sorted(expired, OLDEST_FIRST));
    assertThat(repository().getExpiredRunsBatch(tenant, FAR_FUTURE, 100)).containsExactlyElementsOf(fresh);
  }
}
