package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.RunPosition;
import dev.runstore.api.RunRef;
import dev.runstore.api.RunShard;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * v1.2 {@code getCleanupRefsBatch(query, upperBound)}: the same selection and order as
 * {@code getRunsBatchByTimeRange(query)}, with {@code (createdAt, id) <= upperBound} when it is
 * set, returning only {@code RunRef(id, tenantId, createdAt)}; a walk by batches returns every
 * matching run exactly once. Each test works in a time window of its own.
 */
public interface CleanupRefsContract extends RepositoryFixture {

  private List<RunRef> walkRefs(TimeRangeBatchQuery first, @Nullable RunPosition upperBound) {
    List<RunRef> seen = new ArrayList<>();
    RunPosition last = first.lastSeen();
    for (int i = 0; i < 10_000; i++) {
      List<RunRef> batch = repository().getCleanupRefsBatch(TimeRangeSelection.after(first, last), upperBound);
      assertThat(batch.size()).isLessThanOrEqualTo(first.batchSize());
      if (batch.isEmpty()) {
        return seen;
      }
      seen.addAll(batch);
      last = batch.get(batch.size() - 1).position();
    }
    throw new AssertionError("walk did not end");
  }

  private List<WorkflowRun> saveRandomRuns(Instant t0, List<String> tenants, int count, long seed) {
    Random random = new Random(seed);
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      WorkflowRunStatus status = WorkflowRunStatus.values()[random.nextInt(WorkflowRunStatus.values().length)];
      Instant at = t0.plusSeconds(random.nextInt(10)).plus(random.nextInt(3), ChronoUnit.MICROS);
      WorkflowRun run = TimeRangeSelection.run(tenants.get(random.nextInt(tenants.size())), at, status).toBuilder()
          .type(WorkflowType.values()[random.nextInt(WorkflowType.values().length)]).build();
      repository().save(run);
      runs.add(run);
    }
    return runs;
  }

  /** Each batch is exactly the run batch of the same query, reduced to references. */
  @Test
  default void refsAreTheRunBatchReducedToReferences() {
    Instant t0 = TimeRangeSelection.privateWindow();
    List<String> tenants = List.of(TestRuns.newId(), TestRuns.newId(), TestRuns.newId());
    List<WorkflowRun> runs = saveRandomRuns(t0, tenants, 120, 3);
    Instant end = t0.plusSeconds(8);
    List<TimeRangeBatchQuery> queries = List.of(
        TimeRangeBatchQuery.builder(end).startFrom(t0).build(),
        TimeRangeBatchQuery.builder(end).startFrom(t0.plusSeconds(2)).batchSize(5).build(),
        TimeRangeBatchQuery.builder(end).batchSize(1).lastSeen(RunPosition.of(runs.get(7))).build(),
        TimeRangeBatchQuery.builder(end).startFrom(t0).runTypes(EnumSet.of(WorkflowType.CHAT, WorkflowType.SNIPPET)).build(),
        TimeRangeBatchQuery.builder(end).startFrom(t0).tenantIds(Set.of(tenants.get(1))).batchSize(4).build(),
        TimeRangeBatchQuery.builder(end).startFrom(t0).runTypes(Set.of()).build(),
        TimeRangeBatchQuery.builder(end).startFrom(t0).shard(new RunShard(2, 5)).build(),
        TimeRangeBatchQuery.builder(end).startFrom(t0).workflowIds(Set.of(runs.get(0).workflowId())).build());
    for (TimeRangeBatchQuery query : queries) {
      List<RunRef> expected = repository().getRunsBatchByTimeRange(query).stream().map(TimeRangeSelection::ref).toList();
      assertThat(repository().getCleanupRefsBatch(query, null)).as("%s", query).isEqualTo(expected)
          .isEqualTo(TimeRangeSelection.refs(runs, query, null));
    }
  }

  /** A reference holds the run's id, tenant and creation time exactly (microseconds). */
  @Test
  default void refHoldsIdTenantAndCreatedAt() {
    Instant t0 = TimeRangeSelection.privateWindow().plusNanos(123_456_000);
    String tenant = TestRuns.newId();
    WorkflowRun run = TimeRangeSelection.run(tenant, t0, WorkflowRunStatus.PARTIAL_SUCCEEDED);
    repository().save(run);

    List<RunRef> refs = repository().getCleanupRefsBatch(
        TimeRangeBatchQuery.builder(t0.plusSeconds(1)).tenantIds(Set.of(tenant)).build(), null);

    assertThat(refs).containsExactly(new RunRef(run.id(), tenant, t0));
    assertThat(refs.get(0).position()).isEqualTo(RunPosition.of(run));
  }

  /** {@code (createdAt, id) <= upperBound}: the run at the bound is included, one after it is not. */
  @Test
  default void upperBoundIsInclusive() {
    Instant t0 = TimeRangeSelection.privateWindow();
    String tenant = TestRuns.newId();
    List<WorkflowRun> runs = new ArrayList<>();
    // Three runs at t0 (ties broken by id), one a microsecond later, one a second later.
    for (Instant at : List.of(t0, t0, t0, t0.plus(1, ChronoUnit.MICROS), t0.plusSeconds(1))) {
      WorkflowRun run = TimeRangeSelection.run(tenant, at, WorkflowRunStatus.SUCCEEDED);
      repository().save(run);
      runs.add(run);
    }
    runs.sort(TimeRangeSelection.OLDEST_FIRST);
    TimeRangeBatchQuery query = TimeRangeBatchQuery.builder(t0.plusSeconds(5)).tenantIds(Set.of(tenant)).build();
    for (int i = 0; i < runs.size(); i++) {
      RunPosition bound = RunPosition.of(runs.get(i));
      assertThat(repository().getCleanupRefsBatch(query, bound)).as("bound at run %d", i)
          .isEqualTo(runs.subList(0, i + 1).stream().map(TimeRangeSelection::ref).toList());
    }
    RunPosition beforeAll = new RunPosition(t0.minus(1, ChronoUnit.MICROS), runs.get(0).id());
    assertThat(repository().getCleanupRefsBatch(query, beforeAll)).isEmpty();
    RunPosition sameTimeSmallerId = new RunPosition(t0, "00000000-0000-0000-0000-000000000000");
    assertThat(repository().getCleanupRefsBatch(query, sameTimeSmallerId)).isEmpty();
    RunPosition sameTimeLargestId = new RunPosition(t0, "ffffffff-ffff-ffff-ffff-ffffffffffff");
    assertThat(repository().getCleanupRefsBatch(query, sameTimeLargestId))
        .isEqualTo(runs.subList(0, 3).stream().map(TimeRangeSelection::ref).toList());
    // A bound after the window does not widen it.
    assertThat(repository().getCleanupRefsBatch(query, new RunPosition(t0.plusSeconds(3600), runs.get(0).id())))
        .isEqualTo(runs.stream().map(TimeRangeSelection::ref).toList());
  }

  /** Walking by batches under a bound returns every matching run up to the bound exactly once. */
  @Test
  default void walkUnderABoundReturnsEveryMatchingRunOnce() {
    Instant t0 = TimeRangeSelection.privateWindow();
    List<String> tenants = List.of(TestRuns.newId(), TestRuns.newId());
    List<WorkflowRun> runs = saveRandomRuns(t0, tenants, 150, 5);
    List<WorkflowRun> ended = runs.stream().filter(r -> r.status().isEnded()).sorted(TimeRangeSelection.OLDEST_FIRST)
        .toList();
    RunPosition bound = RunPosition.of(ended.get(ended.size() / 2));
    Instant end = t0.plusSeconds(10);
    for (int batchSize : new int[] {1, 3, 16, 10_000}) {
      for (RunPosition upper : new RunPosition[] {null, bound}) {
        TimeRangeBatchQuery query = TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(batchSize).build();
        List<RunRef> got = walkRefs(query, upper);
        assertThat(got).as("batch size %d, bound %s", batchSize, upper)
            .isEqualTo(TimeRangeSelection.refs(runs, TimeRangeSelection.withBatchSize(query, 10_000), upper));
        assertThat(new HashSet<>(got)).hasSize(got.size());
      }
    }
    assertThat(walkRefs(TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(7).build(), bound))
        .hasSize(ended.size() / 2 + 1);
  }

  /** Runs deleted during a walk are simply not returned; nothing else is skipped. */
  @Test
  default void walkWhileDeletingTheBatches() {
    Instant t0 = TimeRangeSelection.privateWindow();
    String tenant = TestRuns.newId();
    List<WorkflowRun> runs = saveRandomRuns(t0, List.of(tenant), 60, 9);
    TimeRangeBatchQuery query =
        TimeRangeBatchQuery.builder(t0.plusSeconds(10)).startFrom(t0).tenantIds(Set.of(tenant)).batchSize(4).build();
    List<RunRef> deleted = new ArrayList<>();
    RunPosition last = null;
    for (int i = 0; i < 1000; i++) {
      List<RunRef> batch = repository().getCleanupRefsBatch(TimeRangeSelection.after(query, last), null);
      if (batch.isEmpty()) {
        break;
      }
      assertThat(repository().deleteRunsByIds(tenant, batch.stream().map(RunRef::id).toList())).isEqualTo(batch.size());
      deleted.addAll(batch);
      last = batch.get(batch.size() - 1).position();
    }
    assertThat(deleted).isEqualTo(TimeRangeSelection.refs(runs, TimeRangeSelection.withBatchSize(query, 10_000), null));
    assertThat(repository().getCleanupRefsBatch(query, null)).isEmpty();
  }

  @Test
  default void nullQueryIsRejectedBeforeStorageAccess() {
    long before = storageAccessCount();
    assertThatThrownBy(() -> repository().getCleanupRefsBatch(null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().getCleanupRefsBatch(null, new RunPosition(TestRuns.BASE, TestRuns.newId())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(storageAccessCount()).isEqualTo(before);
  }
}
