package dev.runstore.store;

import dev.runstore.api.RunPosition;
import dev.runstore.api.RunShard;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One batch of {@code getRunsBatchByTimeRange} as a store receives it: ended runs with
 * {@code from <= created_at < to} and {@code (created_at, id) > after}, ascending by
 * {@code (created_at, id)}, at most {@code batchSize}. The bounds are normalized by the front:
 * whole microseconds within the storable range, {@code from < to} when both are set, so a store
 * compares them with the column directly.
 *
 * @param from inclusive lower bound, or null for none
 * @param to exclusive upper bound, or null for none
 * @param after continue strictly after this position, or null
 * @param batchSize 1..10000
 * @param types the workflow types to include; null means every type (never empty)
 * @param tenantIds canonical tenant UUIDs to include, ascending; empty means every tenant (unmodifiable)
 * @param workflowIds canonical workflow UUIDs to include, ascending; empty means every workflow
 * @param tenantRanges the tenant ids to include as inclusive ranges of canonical UUID strings,
 *     ascending and disjoint (from {@code tenantPrefixes}); empty means every tenant
 * @param shard only runs of this shard, or null
 * @param upperBound only runs at or before this position (a cleanup-refs walk), or null
 */
public record EndedRunsBatch(
    @Nullable Instant from,
    @Nullable Instant to,
    @Nullable RunPosition after,
    int batchSize,
    @Nullable Set<WorkflowType> types,
    List<String> tenantIds,
    List<String> workflowIds,
    List<TenantRange> tenantRanges,
    @Nullable RunShard shard,
    @Nullable RunPosition upperBound) {

  /** Copies the collections. */
  public EndedRunsBatch {
    types = types == null ? null : Set.copyOf(types);
    tenantIds = List.copyOf(tenantIds);
    workflowIds = List.copyOf(workflowIds);
    tenantRanges = List.copyOf(tenantRanges);
  }

  /** A v1.1 batch: every workflow, tenant prefix and shard, no upper bound. */
  public EndedRunsBatch(
      @Nullable Instant from, @Nullable Instant to, @Nullable RunPosition after, int batchSize,
      @Nullable Set<WorkflowType> types, List<String> tenantIds) {
    this(from, to, after, batchSize, types, tenantIds, List.of(), List.of(), null, null);
  }

  /**
   * An inclusive range of tenant ids: every canonical UUID string from {@code from} to {@code to}
   * (compared as the databases compare them: PostgreSQL's {@code uuid} and a {@code CHAR(36)}
   * both order canonical lower-case UUIDs as strings).
   *
   * @param from the first tenant id of the range
   * @param to the last tenant id of the range
   */
  public record TenantRange(String from, String to) {}

  /**
   * The ranges of the tenant ids starting with these hex digits: consecutive digits merge into one
   * range ({@code 0,1,2,7} gives {@code 0000...-2fff...} and {@code 7000...-7fff...}).
   */
  public static List<TenantRange> rangesOf(Set<Character> prefixes) {
    List<TenantRange> ranges = new ArrayList<>();
    int start = -1;
    int previous = -2;
    for (char c : new TreeSet<>(prefixes)) {
      int digit = Character.digit(c, 16);
      if (digit != previous + 1 && start >= 0) {
        ranges.add(range(start, previous));
        start = -1;
      }
      if (start < 0) {
        start = digit;
      }
      previous = digit;
    }
    if (start >= 0) {
      ranges.add(range(start, previous));
    }
    return ranges;
  }

  private static TenantRange range(int first, int last) {
    return new TenantRange(Character.forDigit(first, 16) + "0000000-0000-0000-0000-000000000000",
        Character.forDigit(last, 16) + "fffffff-ffff-ffff-ffff-ffffffffffff");
  }

  /**
   * Whether {@code run} is selected by every filter of this batch but the window and positions
   * (ended status, types, tenants, workflows, tenant ranges, shard): what a store that cannot
   * filter in a query checks per run.
   */
  public boolean selects(WorkflowRun run) {
    if (!run.status().isEnded() || (types != null && !types.contains(run.type()))) {
      return false;
    }
    if (!tenantIds.isEmpty() && !tenantIds.contains(run.tenantId())) {
      return false;
    }
    if (!workflowIds.isEmpty() && !workflowIds.contains(run.workflowId())) {
      return false;
    }
    if (!tenantRanges.isEmpty() && tenantRanges.stream().noneMatch(
        r -> run.tenantId().compareTo(r.from()) >= 0 && run.tenantId().compareTo(r.to()) <= 0)) {
      return false;
    }
    return shard == null || shard.contains(run.id());
  }
}
