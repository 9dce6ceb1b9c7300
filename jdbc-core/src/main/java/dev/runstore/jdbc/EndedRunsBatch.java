package dev.runstore.jdbc;

import dev.runstore.api.RunPosition;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One batch of {@code getRunsBatchByTimeRange} as the dialect receives it
 * ({@link SqlDialect#selectEndedRunsBatch}): ended runs ({@code status} in
 * {@link WorkflowRunColumns#ENDED_STATUSES}) with {@code from <= created_at < to} and
 * {@code (created_at, id) > after}, ascending by {@code (created_at, id)}, at most
 * {@code batchSize}. The bounds are already normalized: whole microseconds within the storable
 * range, so they can be compared with the column directly.
 *
 * @param from inclusive lower bound, or null for none
 * @param to exclusive upper bound, or null for none
 * @param after continue strictly after this position, or null
 * @param batchSize 1..10000
 * @param types the workflow types to include; null means every type (never empty)
 * @param tenantIds canonical tenant UUIDs to include; empty means every tenant (unmodifiable)
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
