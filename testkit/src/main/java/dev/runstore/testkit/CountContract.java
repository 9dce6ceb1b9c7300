package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunCounts;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** v1.1 {@code getWorkflowRunsCount}: every status a key, optional status filter and time range. */
public interface CountContract extends RepositoryFixture {

  @Test
  default void countsEveryStatusAsAKeyAndTotalIsTheSum() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    Map<WorkflowRunStatus, Long> want = new EnumMap<>(WorkflowRunStatus.class);
    WorkflowRunStatus[] statuses = WorkflowRunStatus.values();
    for (int i = 0; i < statuses.length; i++) {
      // status i gets i runs: 0 for the first, so a zero key is checked too.
      for (int n = 0; n < i; n++) {
        repository().save(TestRuns.run(tenant, app).status(statuses[i]).build());
      }
      want.put(statuses[i], (long) i);
    }
    // Noise: other trigger, app, tenant.
    repository().save(TestRuns.run(tenant, app).triggeredFrom(TriggeredFrom.DEBUGGING).build());
    repository().save(TestRuns.run(tenant, TestRuns.newId()).build());
    repository().save(TestRuns.run(TestRuns.newId(), app).build());

    WorkflowRunCounts counts = repository().getWorkflowRunsCount(tenant, app, TriggeredFrom.APP_RUN, null, null);
    assertThat(counts.byStatus()).containsOnlyKeys(statuses).isEqualTo(want);
    assertThat(counts.total()).isEqualTo(want.values().stream().mapToLong(Long::longValue).sum());

    for (WorkflowRunStatus s : statuses) {
      WorkflowRunCounts one = repository().getWorkflowRunsCount(tenant, app, TriggeredFrom.APP_RUN, s, null);
      assertThat(one.byStatus()).containsOnlyKeys(statuses);
      for (WorkflowRunStatus other : statuses) {
        assertThat(one.byStatus().get(other)).isEqualTo(other == s ? want.get(s) : 0L);
      }
      assertThat(one.total()).isEqualTo(want.get(s));
    }
  }

  @Test
  default void emptyAppCountsZeroEverywhere() {
    WorkflowRunCounts counts =
        repository().getWorkflowRunsCount(TestRuns.newId(), TestRuns.newId(), TriggeredFrom.APP_RUN, null, null);
    assertThat(counts.total()).isZero();
    assertThat(counts.byStatus()).hasSize(WorkflowRunStatus.values().length).allSatisfy((k, v) -> assertThat(v).isZero());
  }

  @Test
  default void timeRangeKeepsRunsCreatedSinceNowMinusTheRange() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<WorkflowRun> runs = new ArrayList<>();
    // ages in minutes: inside a 2-hour window: 1, 30, 119; outside: 121, 600, 3 days.
    long[] ages = {1, 30, 119, 121, 600, 3 * 24 * 60};
    for (long age : ages) {
      WorkflowRun run = TestRuns.run(tenant, app).status(WorkflowRunStatus.FAILED)
          .createdAt(now.minus(age, ChronoUnit.MINUTES)).finishedAt(null).build();
      repository().save(run);
      runs.add(run);
    }
    assertThat(repository().getWorkflowRunsCount(tenant, app, TriggeredFrom.APP_RUN, null, Duration.ofHours(2)).total())
        .isEqualTo(3);
    assertThat(repository().getWorkflowRunsCount(tenant, app, TriggeredFrom.APP_RUN, WorkflowRunStatus.FAILED,
            Duration.ofHours(2)).byStatus().get(WorkflowRunStatus.FAILED))
        .isEqualTo(3);
    assertThat(repository().getWorkflowRunsCount(tenant, app, TriggeredFrom.APP_RUN, WorkflowRunStatus.SUCCEEDED,
            Duration.ofHours(2)).total())
        .isZero();
    assertThat(repository().getWorkflowRunsCount(tenant, app, TriggeredFrom.APP_RUN, null, Duration.ofDays(1)).total())
        .isEqualTo(5);
    assertThat(repository().getWorkflowRunsCount(tenant, app, TriggeredFrom.APP_RUN, null, Duration.ofDays(30)).total())
        .isEqualTo(6);
    assertThat(repository().getWorkflowRunsCount(tenant, app, TriggeredFrom.APP_RUN, null, null).total())
        .isEqualTo(6);
    // A huge range reaches back before any storable time: it counts everything, never fails.
    assertThat(repository().getWorkflowRunsCount(tenant, app, TriggeredFrom.APP_RUN, null,
            Duration.ofDays(365L * 5000)).total())
        .isEqualTo(6);
  }

  @Test
  default void countValidation() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    long before = storageAccessCount();
    assertThatThrownBy(() -> repository().getWorkflowRunsCount(" ", app, TriggeredFrom.APP_RUN, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().getWorkflowRunsCount(tenant, null, TriggeredFrom.APP_RUN, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().getWorkflowRunsCount(tenant, app, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().getWorkflowRunsCount(tenant, app, TriggeredFrom.APP_RUN, null,
            Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(storageAccessCount()).isEqualTo(before);
  }
}
