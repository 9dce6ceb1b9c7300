package dev.runstore.store;

import dev.runstore.api.RunPosition;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
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
 */
public record EndedRunsBatch(
    @Nullable Instant from,
    @Nullable Instant to,
    @Nullable RunPosition after,
    int batchSize,
    @Nullable Set<WorkflowType> types,
    List<String> tenantIds) {

  /** Copies the collections. */
  public EndedRunsBatch {
    types = types == null ? null : Set.copyOf(types);
    tenantIds = List.copyOf(tenantIds);
  }
}
