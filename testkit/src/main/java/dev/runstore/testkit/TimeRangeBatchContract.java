package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.RunPosition;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * v1.1 {@code getRunsBatchByTimeRange}: ended runs only, {@code [startFrom, endBefore)},
 * ascending by {@code (createdAt, id)} strictly after {@code lastSeen}, type and tenant filters.
 * Tests work in a time window of their own (random day in year 2300+) so other tests' runs,
 * visible to a query over every tenant, never fall inside it.
 */
public interface TimeRangeBatchContract extends RepositoryFixture {

  Comparator<WorkflowRun> OLDEST_FIRST = Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id);

  private static Instant privateWindow() {
    return Instant.parse("2300-01-01T00:00:00Z").plusSeconds(86_400L * new Random().nextInt(200_000));
  }

  private List<WorkflowRun> walk(TimeRangeBatchQuery first) {
    return TimeRangeSelection.walk(repository(), first);
  }

  @Test
  default void walkingAWindowReturnsEveryEndedRunExactlyOnce() {
    Instant t0 = privateWindow();
    Random random = new Random(7);
    List<String> tenants = List.of(TestRuns.newId(), TestRuns.newId(), TestRuns.newId());
    List<WorkflowRun> all = new ArrayList<>();
    WorkflowRunStatus[] statuses = WorkflowRunStatus.values();
    WorkflowType[] types = WorkflowType.values();
    for (int i = 0; i < 400; i++) {
      WorkflowRunStatus status = statuses[random.nextInt(statuses.length)];
      Instant at = t0.plusSeconds(random.nextInt(20)); // many equal timestamps
      WorkflowRun run = TestRuns.run(tenants.get(random.nextInt(3)), TestRuns.newId())
          .type(types[random.nextInt(types.length)]).status(status).createdAt(at)
          .finishedAt(status.isEnded() ? at.plusSeconds(1) : null).build();
      repository().save(run);
      all.add(run);
    }
    Instant start = t0.plusSeconds(3);
    Instant end = t0.plusSeconds(17);
    for (int batchSize : new int[] {1, 7, 50, 10_000}) {
      List<WorkflowRun> want = all.stream()
          .filter(r -> r.status().isEnded() && !r.createdAt().isBefore(start) && r.createdAt().isBefore(end))
          .sorted(OLDEST_FIRST).toList();
      List<WorkflowRun> got = walk(TimeRangeBatchQuery.builder(end).startFrom(start).batchSize(batchSize).build());
      assertThat(got).as("batch size %d", batchSize).isEqualTo(want);
      assertThat(new HashSet<>(got)).hasSize(got.size());
    }
    // Type and tenant filters.
    Set<WorkflowType> chatOrRag = EnumSet.of(WorkflowType.CHAT, WorkflowType.RAG_PIPELINE);
    Set<String> twoTenants = Set.of(tenants.get(0), tenants.get(2).toUpperCase());
    List<WorkflowRun> want = all.stream()
        .filter(r -> r.status().isEnded() && !r.createdAt().isBefore(t0) && r.createdAt().isBefore(end)
            && chatOrRag.contains(r.type())
            && (r.tenantId().equals(tenants.get(0)) || r.tenantId().equals(tenants.get(2))))
        .sorted(OLDEST_FIRST).toList();
    assertThat(walk(TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(13).runTypes(chatOrRag)
            .tenantIds(twoTenants).build()))
        .isEqualTo(want);
    // Empty runTypes: nothing. Empty tenantIds: every tenant.
    assertThat(repository().getRunsBatchByTimeRange(
            TimeRangeBatchQuery.builder(end).startFrom(t0).runTypes(Set.of()).build()))
        .isEmpty();
    List<WorkflowRun> everyTenant = all.stream()
        .filter(r -> r.status().isEnded() && !r.createdAt().isBefore(t0) && r.createdAt().isBefore(end))
        .sorted(OLDEST_FIRST).toList();
    assertThat(walk(TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(100).tenantIds(Set.of()).build()))
        .isEqualTo(everyTenant);
  }

  @Test
  default void boundsAreExactAndLastSeenIsExclusive() {
    Instant t0 = privateWindow();
    String tenant = TestRuns.newId();
    List<WorkflowRun> runs = new ArrayList<>();
    for (long micros : new long[] {-1, 0, 1, 999_999, 1_000_000, 1_000_001}) {
      Instant at = t0.plusNanos(micros * 1000);
      WorkflowRun run = TestRuns.run(tenant, TestRuns.newId()).createdAt(at).finishedAt(at.plusSeconds(1)).build();
      repository().save(run);
      runs.add(run);
    }
    runs.sort(OLDEST_FIRST);
    Instant end = t0.plusSeconds(1);
    List<WorkflowRun> batch = repository().getRunsBatchByTimeRange(
        TimeRangeBatchQuery.builder(end).startFrom(t0).tenantIds(Set.of(tenant)).build());
    assertThat(batch).isEqualTo(runs.subList(1, 4)); // 0, 1, 999999 µs
    List<WorkflowRun> after = repository().getRunsBatchByTimeRange(TimeRangeBatchQuery.builder(end).startFrom(t0)
        .tenantIds(Set.of(tenant)).lastSeen(RunPosition.of(runs.get(1))).build());
    assertThat(after).isEqualTo(runs.subList(2, 4));
    // No lower bound: from the beginning of time.
    assertThat(repository().getRunsBatchByTimeRange(
            TimeRangeBatchQuery.builder(end).tenantIds(Set.of(tenant)).build()))
        .isEqualTo(runs.subList(0, 4));
  }

  @Test
  default void unendedRunsAreNeverReturned() {
    Instant t0 = privateWindow();
    String tenant = TestRuns.newId();
    for (WorkflowRunStatus s : WorkflowRunStatus.values()) {
      repository().save(TestRuns.run(tenant, TestRuns.newId()).status(s).createdAt(t0)
          .finishedAt(s.isEnded() ? t0.plusSeconds(1) : null).build());
    }
    List<WorkflowRun> batch = repository().getRunsBatchByTimeRange(
        TimeRangeBatchQuery.builder(t0.plusSeconds(1)).tenantIds(Set.of(tenant)).build());
    assertThat(batch).extracting(WorkflowRun::status).containsExactlyInAnyOrder(
        WorkflowRunStatus.SUCCEEDED, WorkflowRunStatus.FAILED, WorkflowRunStatus.STOPPED,
        WorkflowRunStatus.PARTIAL_SUCCEEDED);
  }

  @Test
  default void timeRangeValidation() {
    Instant end = Instant.parse("2030-01-01T00:00:00Z");
    assertThatThrownBy(() -> TimeRangeBatchQuery.builder(null).build()).isInstanceOf(IllegalArgumentException.class);
    for (int size : new int[] {0, -1, 10_001}) {
      assertThatThrownBy(() -> TimeRangeBatchQuery.builder(end).batchSize(size).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("batchSize");
    }
    assertThatThrownBy(() -> TimeRangeBatchQuery.builder(end).tenantIds(Set.of("tenant-1")).build())
        .isInstanceOf(IllegalArgumentException.class);
    long before = storageAccessCount();
    assertThatThrownBy(() -> repository().getRunsBatchByTimeRange(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(storageAccessCount()).isEqualTo(before);
  }
}
