package dev.runstore.testkit;

import static dev.runstore.testkit.TimeRangeSelection.hexDigit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.RunPosition;
import dev.runstore.api.RunShard;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * v1.2 components of {@code TimeRangeBatchQuery}: {@code workflowIds} (null or empty: every
 * workflow), {@code tenantPrefixes} (first hex digit of the tenant id; anything but {@code 0-9a-f}
 * is an {@link IllegalArgumentException}; null or empty: every tenant) and {@code shard}
 * ({@code RunShard(index, total)}, {@code 1 <= total <= 16}, {@code 0 <= index < total}: the runs
 * whose id's last hex digit modulo total is index; the shards of one total are disjoint and cover
 * the window). The six-argument constructor and the builder keep their v1.1 meaning. Each test
 * works in a time window of its own, since these queries span every tenant.
 */
public interface TimeRangeFiltersContract extends RepositoryFixture {

  private List<WorkflowRun> walkBatches(TimeRangeBatchQuery first) {
    return TimeRangeSelection.walk(repository(), first);
  }

  /** 16 tenants (one per first hex digit), 3 workflows, ids ending in every hex digit, all statuses. */
  private List<WorkflowRun> saveMixedRuns(Instant t0, List<String> tenants, List<String> workflows) {
    Random random = new Random(12);
    List<WorkflowRun> runs = new ArrayList<>();
    WorkflowRunStatus[] statuses = WorkflowRunStatus.values();
    for (int i = 0; i < 160; i++) {
      WorkflowRunStatus status = i % 5 == 4 ? statuses[random.nextInt(statuses.length)] : WorkflowRunStatus.SUCCEEDED;
      Instant at = t0.plusSeconds(random.nextInt(8));
      WorkflowRun run = TestRuns.run(tenants.get(i % 16), TestRuns.newId())
          .id(TimeRangeSelection.idEndingWith(hexDigit(random.nextInt(16))))
          .workflowId(workflows.get(random.nextInt(workflows.size())))
          .type(WorkflowType.values()[random.nextInt(WorkflowType.values().length)])
          .status(status).createdAt(at).finishedAt(status.isEnded() ? at.plusSeconds(1) : null).build();
      repository().save(run);
      runs.add(run);
    }
    return runs;
  }

  private static List<String> tenantPerDigit() {
    List<String> tenants = new ArrayList<>();
    for (int d = 0; d < 16; d++) {
      tenants.add(TimeRangeSelection.idStartingWith(hexDigit(d)));
    }
    return tenants;
  }

  @Test
  default void workflowIdsSelectTheirWorkflowsOnly() {
    Instant t0 = TimeRangeSelection.privateWindow();
    List<String> workflows = List.of(TestRuns.newId(), TestRuns.newId(), TestRuns.newId());
    List<WorkflowRun> runs = saveMixedRuns(t0, tenantPerDigit(), workflows);
    Instant end = t0.plusSeconds(10);

    for (Set<String> ids : List.of(
        Set.of(workflows.get(0)),
        Set.of(workflows.get(1).toUpperCase(Locale.ROOT), workflows.get(2)),
        Set.of(TestRuns.newId()))) {
      TimeRangeBatchQuery query = TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(9).workflowIds(ids).build();
      List<WorkflowRun> want = TimeRangeSelection.batch(runs, TimeRangeSelection.withBatchSize(query, 10_000));
      assertThat(walkBatches(query)).as("workflowIds %s", ids).isEqualTo(want);
    }
    List<WorkflowRun> every = TimeRangeSelection.batch(runs, TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(10_000).build());
    assertThat(every).isNotEmpty();
    assertThat(walkBatches(TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(50).workflowIds(null).build()))
        .as("null workflowIds").isEqualTo(every);
    assertThat(walkBatches(TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(50).workflowIds(Set.of()).build()))
        .as("empty workflowIds").isEqualTo(every);
  }

  @Test
  default void tenantPrefixesSelectTenantsByFirstHexDigit() {
    Instant t0 = TimeRangeSelection.privateWindow();
    List<String> tenants = tenantPerDigit();
    List<WorkflowRun> runs = saveMixedRuns(t0, tenants, List.of(TestRuns.newId()));
    Instant end = t0.plusSeconds(10);

    for (Set<Character> prefixes : List.of(
        Set.of('0'), Set.of('9'), Set.of('a'), Set.of('f'), Set.of('0', 'f'), Set.of('3', '4', '5', 'b', 'c'),
        Set.of('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'))) {
      TimeRangeBatchQuery query =
          TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(7).tenantPrefixes(prefixes).build();
      List<WorkflowRun> want = TimeRangeSelection.batch(runs, TimeRangeSelection.withBatchSize(query, 10_000));
      assertThat(want).as("test data for %s", prefixes).isNotEmpty();
      List<WorkflowRun> got = walkBatches(query);
      assertThat(got).as("tenantPrefixes %s", prefixes).isEqualTo(want);
      assertThat(got).allSatisfy(r -> assertThat(prefixes).contains(r.tenantId().charAt(0)));
    }
    List<WorkflowRun> every = TimeRangeSelection.batch(runs, TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(10_000).build());
    assertThat(walkBatches(TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(40).tenantPrefixes(null).build()))
        .as("null tenantPrefixes").isEqualTo(every);
    assertThat(walkBatches(TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(40).tenantPrefixes(Set.of()).build()))
        .as("empty tenantPrefixes").isEqualTo(every);
    // Together with tenant ids: both must hold.
    TimeRangeBatchQuery both = TimeRangeBatchQuery.builder(end).startFrom(t0)
        .tenantIds(Set.of(tenants.get(3), tenants.get(12))).tenantPrefixes(Set.of('3', '7')).build();
    assertThat(repository().getRunsBatchByTimeRange(both)).isEqualTo(TimeRangeSelection.batch(runs, both))
        .allSatisfy(r -> assertThat(r.tenantId()).isEqualTo(tenants.get(3)));
  }

  /** Tenant ids right at the edges of a prefix's range: {@code 9fff…} and {@code a000…}, {@code ffff…}. */
  @Test
  default void tenantPrefixRangesAreExactAtTheirEdges() {
    Instant t0 = TimeRangeSelection.privateWindow();
    List<String> tenants = List.of(
        "00000000-0000-0000-0000-000000000000", "0fffffff-ffff-ffff-ffff-ffffffffffff",
        "10000000-0000-0000-0000-000000000000", "9fffffff-ffff-ffff-ffff-ffffffffffff",
        "a0000000-0000-0000-0000-000000000000", "afffffff-ffff-ffff-ffff-ffffffffffff",
        "f0000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff");
    List<WorkflowRun> runs = new ArrayList<>();
    for (String tenant : tenants) {
      WorkflowRun run = TimeRangeSelection.run(tenant, t0.plusSeconds(runs.size()), WorkflowRunStatus.SUCCEEDED);
      repository().save(run);
      runs.add(run);
    }
    for (char prefix : new char[] {'0', '1', '9', 'a', 'f', 'b'}) {
      TimeRangeBatchQuery query =
          TimeRangeBatchQuery.builder(t0.plusSeconds(100)).startFrom(t0).tenantPrefixes(Set.of(prefix)).build();
      assertThat(repository().getRunsBatchByTimeRange(query)).as("prefix %s", prefix)
          .isEqualTo(TimeRangeSelection.batch(runs, query))
          .allSatisfy(r -> assertThat(r.tenantId().charAt(0)).isEqualTo(prefix));
      assertThat(repository().getCleanupRefsBatch(query, null)).as("refs, prefix %s", prefix)
          .isEqualTo(TimeRangeSelection.refs(runs, query, null));
    }
  }

  @Test
  default void tenantPrefixesOtherThanLowerCaseHexDigitsAreRejected() {
    Instant end = Instant.parse("2030-01-01T00:00:00Z");
    for (char bad : new char[] {'A', 'F', 'g', 'z', '-', ' ', '/', ':', '`', '@', '\u0660', '\uff10'}) {
      assertThatThrownBy(() -> TimeRangeBatchQuery.builder(end).tenantPrefixes(Set.of('a', bad)).build())
          .as("prefix '%s'", bad).isInstanceOf(IllegalArgumentException.class);
    }
    Set<Character> withNull = new HashSet<>();
    withNull.add('a');
    withNull.add(null);
    assertThatThrownBy(() -> TimeRangeBatchQuery.builder(end).tenantPrefixes(withNull).build())
        .isInstanceOf(IllegalArgumentException.class);
    for (char good : "0123456789abcdef".toCharArray()) {
      assertThat(TimeRangeBatchQuery.builder(end).tenantPrefixes(Set.of(good)).build().tenantPrefixes())
          .containsExactly(good);
    }
  }

  @Test
  default void workflowIdsMustBeUuids() {
    Instant end = Instant.parse("2030-01-01T00:00:00Z");
    for (String bad : new String[] {"", " ", "workflow-1", TestRuns.newId() + "0"}) {
      assertThatThrownBy(() -> TimeRangeBatchQuery.builder(end).workflowIds(Set.of(bad)).build())
          .as("workflow id '%s'", bad).isInstanceOf(IllegalArgumentException.class);
    }
    Set<String> withNull = new HashSet<>();
    withNull.add(null);
    assertThatThrownBy(() -> TimeRangeBatchQuery.builder(end).workflowIds(withNull).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void runShardRangesAreChecked() {
    for (int[] bad : new int[][] {{0, 0}, {0, 17}, {0, -1}, {-1, 4}, {4, 4}, {16, 16}, {5, 3}, {Integer.MIN_VALUE, 2},
        {0, Integer.MAX_VALUE}}) {
      assertThatThrownBy(() -> new RunShard(bad[0], bad[1])).as("RunShard(%d, %d)", bad[0], bad[1])
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (int total = 1; total <= 16; total++) {
      for (int index = 0; index < total; index++) {
        RunShard shard = new RunShard(index, total);
        assertThat(shard.index()).isEqualTo(index);
        assertThat(shard.total()).isEqualTo(total);
      }
    }
  }

  /**
   * For every total 1..16, each shard holds exactly the runs whose id's last hex digit modulo the
   * total is its index; the shards are disjoint and together give the unsharded walk.
   */
  @Test
  default void shardsOfOneTotalAreDisjointAndCoverTheWindow() {
    Instant t0 = TimeRangeSelection.privateWindow();
    List<WorkflowRun> runs = new ArrayList<>();
    String tenant = TestRuns.newId();
    for (int d = 0; d < 16; d++) {
      for (int copy = 0; copy < 3; copy++) {
        Instant at = t0.plusSeconds(copy);
        WorkflowRun run = TestRuns.run(tenant, TestRuns.newId())
            .id(TimeRangeSelection.idEndingWith(hexDigit(d))).createdAt(at).finishedAt(at.plusSeconds(1)).build();
        repository().save(run);
        runs.add(run);
      }
    }
    Instant end = t0.plusSeconds(10);
    List<WorkflowRun> unsharded = walkBatches(TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(100).build());
    assertThat(unsharded).isEqualTo(TimeRangeSelection.batch(runs, TimeRangeBatchQuery.builder(end).startFrom(t0).build()))
        .hasSize(48);
    for (int total = 1; total <= 16; total++) {
      List<WorkflowRun> union = new ArrayList<>();
      for (int index = 0; index < total; index++) {
        RunShard shard = new RunShard(index, total);
        int batchSize = total % 5 == 0 ? 2 : 100; // some totals walk in small batches
        TimeRangeBatchQuery query = TimeRangeBatchQuery.builder(end).startFrom(t0).batchSize(batchSize).shard(shard).build();
        List<WorkflowRun> got = walkBatches(query);
        assertThat(got).as("shard %d of %d", index, total).isEqualTo(TimeRangeSelection.batch(runs, TimeRangeSelection.withBatchSize(query, 10_000)));
        int i = index;
        int t = total;
        assertThat(got).allSatisfy(r ->
            assertThat(Character.digit(r.id().charAt(35), 16) % t).as("last digit of %s", r.id()).isEqualTo(i));
        union.addAll(got);
      }
      assertThat(new HashSet<>(union)).as("shards of %d are disjoint", total).hasSize(union.size());
      assertThat(TestRuns.sorted(union, TimeRangeSelection.OLDEST_FIRST)).as("shards of %d cover", total)
          .isEqualTo(unsharded);
    }
  }

  /** Every filter at once: a run must pass each of them. */
  @Test
  default void allFiltersTogether() {
    Instant t0 = TimeRangeSelection.privateWindow();
    List<String> tenants = tenantPerDigit();
    List<String> workflows = List.of(TestRuns.newId(), TestRuns.newId());
    List<WorkflowRun> runs = saveMixedRuns(t0, tenants, workflows);
    Set<String> someTenants = new LinkedHashSet<>(tenants.subList(0, 12));
    TimeRangeBatchQuery query = TimeRangeBatchQuery.builder(t0.plusSeconds(6)).startFrom(t0.plusSeconds(1))
        .batchSize(3)
        .runTypes(EnumSet.of(WorkflowType.WORKFLOW, WorkflowType.CHAT, WorkflowType.SNIPPET))
        .tenantIds(someTenants)
        .workflowIds(Set.of(workflows.get(0)))
        .tenantPrefixes(Set.of('1', '2', '5', '8', 'b', 'e'))
        .shard(new RunShard(1, 3))
        .build();
    List<WorkflowRun> want = TimeRangeSelection.batch(runs, TimeRangeSelection.withBatchSize(query, 10_000));
    assertThat(walkBatches(query)).isEqualTo(want);
    assertThat(repository().getRunsBatchByTimeRange(TimeRangeSelection.withRunTypes(query, Set.of()))).isEmpty();
  }

  @Test
  default void sixArgumentConstructorAndBuilderKeepTheirV11Defaults() {
    Instant start = Instant.parse("2030-01-01T00:00:00Z");
    Instant end = start.plusSeconds(60);
    RunPosition last = new RunPosition(start, TestRuns.newId());
    Set<String> tenants = Set.of(TestRuns.newId());
    TimeRangeBatchQuery six = new TimeRangeBatchQuery(start, end, last, 5, Set.of(WorkflowType.CHAT), tenants);
    assertThat(six).isEqualTo(new TimeRangeBatchQuery(start, end, last, 5, Set.of(WorkflowType.CHAT), tenants,
        null, null, null));
    assertThat(six.workflowIds()).isNull();
    assertThat(six.tenantPrefixes()).isNull();
    assertThat(six.shard()).isNull();

    TimeRangeBatchQuery built = TimeRangeBatchQuery.builder(end).build();
    assertThat(built).isEqualTo(new TimeRangeBatchQuery(null, end, null, 1000, null, null, null, null, null));
    assertThat(TimeRangeBatchQuery.builder().endBefore(end).build()).isEqualTo(built);
  }
}
