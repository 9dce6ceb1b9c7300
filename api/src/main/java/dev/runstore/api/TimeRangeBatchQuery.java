package dev.runstore.api;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One batch of a walk over the ended runs created in {@code [startFrom, endBefore)}, ascending by
 * {@code (createdAt, id)}: pass the position of the last run of a batch as {@code lastSeen} of
 * the next.
 *
 * @param startFrom inclusive lower bound, or null for none
 * @param endBefore exclusive upper bound
 * @param lastSeen continue strictly after this position, or null to start
 * @param batchSize 1..{@value WorkflowRunRepository#MAX_BATCH_SIZE}
 * @param runTypes the workflow types to include: null means every type, empty means none
 * @param tenantIds the tenants to include (UUIDs): null or empty means every tenant
 * @param workflowIds the workflows to include (UUIDs): null or empty means every workflow
 * @param tenantPrefixes the first hex digits of {@code tenantId} to include ({@code 0}..{@code 9},
 *     {@code a}..{@code f}): null or empty means every tenant; served as ranges of
 *     {@code tenant_id}, never a function on the column
 * @param shard only the runs of this shard, or null for every run
 */
public record TimeRangeBatchQuery(
    @Nullable Instant startFrom,
    Instant endBefore,
    @Nullable RunPosition lastSeen,
    int batchSize,
    @Nullable Set<WorkflowType> runTypes,
    @Nullable Set<String> tenantIds,
    @Nullable Set<String> workflowIds,
    @Nullable Set<Character> tenantPrefixes,
    @Nullable RunShard shard) {

  /**
   * Validates and copies the components; tenant ids are lower-cased.
   *
   * @throws IllegalArgumentException for a null {@code endBefore}, a batch size out of range, a
   *     null element, a tenant or workflow id that is not a UUID, or a tenant prefix that is not a
   *     lower-case hex digit
   */
  public TimeRangeBatchQuery {
    Checks.requireNonNull(endBefore, "endBefore");
    Checks.requireRange(batchSize, 1, WorkflowRunRepository.MAX_BATCH_SIZE, "batchSize");
    if (runTypes != null) {
      EnumSet<WorkflowType> types = EnumSet.noneOf(WorkflowType.class);
      for (WorkflowType t : runTypes) {
        types.add(Checks.requireNonNull(t, "runTypes element"));
      }
      runTypes = Set.copyOf(types);
    }
    if (tenantIds != null) {
      Set<String> ids = new LinkedHashSet<>();
      for (String id : tenantIds) {
        ids.add(Checks.requireUuid(id, "tenantIds element"));
      }
      tenantIds = Set.copyOf(ids);
    }
    if (workflowIds != null) {
      Set<String> ids = new LinkedHashSet<>();
      for (String id : workflowIds) {
        ids.add(Checks.requireUuid(id, "workflowIds element"));
      }
      workflowIds = Set.copyOf(ids);
    }
    if (tenantPrefixes != null) {
      for (Character prefix : tenantPrefixes) {
        Checks.requireNonNull(prefix, "tenantPrefixes element");
        char c = prefix;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
          throw new IllegalArgumentException(
              "tenantPrefixes element must be a hex digit 0-9 or a-f, was '" + c + "'");
        }
      }
      tenantPrefixes = Set.copyOf(tenantPrefixes);
    }
  }

  /**
   * The v1.1 query: every workflow, every tenant prefix, no shard.
   *
   * @throws IllegalArgumentException as the canonical constructor
   */
  public TimeRangeBatchQuery(
      @Nullable Instant startFrom,
      Instant endBefore,
      @Nullable RunPosition lastSeen,
      int batchSize,
      @Nullable Set<WorkflowType> runTypes,
      @Nullable Set<String> tenantIds) {
    this(startFrom, endBefore, lastSeen, batchSize, runTypes, tenantIds, null, null, null);
  }

  /** A builder for the runs created before {@code endBefore}: batch size 1000, every type and tenant. */
  public static Builder builder(Instant endBefore) {
    return new Builder().endBefore(endBefore);
  }

  /** A builder with every component unset (batch size 1000, every type and tenant); set endBefore. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TimeRangeBatchQuery}. */
  public static final class Builder {
    private @Nullable Instant startFrom;
    private @Nullable Instant endBefore;
    private @Nullable RunPosition lastSeen;
    private int batchSize = 1000;
    private @Nullable Set<WorkflowType> runTypes;
    private @Nullable Set<String> tenantIds;
    private @Nullable Set<String> workflowIds;
    private @Nullable Set<Character> tenantPrefixes;
    private @Nullable RunShard shard;

    private Builder() {}

    /** Exclusive upper bound (required). */
    public Builder endBefore(@Nullable Instant endBefore) {
      this.endBefore = endBefore;
      return this;
    }

    /** Inclusive lower bound. */
    public Builder startFrom(@Nullable Instant startFrom) {
      this.startFrom = startFrom;
      return this;
    }

    /** Continue after this position. */
    public Builder lastSeen(@Nullable RunPosition lastSeen) {
      this.lastSeen = lastSeen;
      return this;
    }

    /** The batch size, 1..10000. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** The workflow types to include (null: every type; empty: none). */
    public Builder runTypes(@Nullable Set<WorkflowType> runTypes) {
      this.runTypes = runTypes;
      return this;
    }

    /** The tenants to include (null or empty: every tenant). */
    public Builder tenantIds(@Nullable Set<String> tenantIds) {
      this.tenantIds = tenantIds;
      return this;
    }

    /** The workflows to include (null or empty: every workflow). */
    public Builder workflowIds(@Nullable Set<String> workflowIds) {
      this.workflowIds = workflowIds;
      return this;
    }

    /** The first hex digits of the tenant ids to include (null or empty: every tenant). */
    public Builder tenantPrefixes(@Nullable Set<Character> tenantPrefixes) {
      this.tenantPrefixes = tenantPrefixes;
      return this;
    }

    /** Only the runs of this shard (null: every run). */
    public Builder shard(@Nullable RunShard shard) {
      this.shard = shard;
      return this;
    }

    /**
     * The query.
     *
     * @throws IllegalArgumentException as the record's constructor
     */
    @SuppressWarnings("NullAway") // the constructor reports missing components by name
    public TimeRangeBatchQuery build() {
      return new TimeRangeBatchQuery(
          startFrom, endBefore, lastSeen, batchSize, runTypes, tenantIds, workflowIds, tenantPrefixes, shard);
    }
  }
}
