package dev.runstore.api;

import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link WorkflowRunRepository#getPaginatedWorkflowRuns(RunListQuery)} lists: the runs of a
 * tenant's app, optionally filtered by triggers and status, newest first by
 * {@code (createdAt DESC, id DESC)}.
 *
 * @param tenantId the tenant (not blank)
 * @param appId the app (not blank)
 * @param triggeredFrom the triggers to include; empty means every trigger
 * @param status the status to include; null means every status
 * @param limit page size, 1..{@value WorkflowRunRepository#MAX_PAGE_LIMIT}
 * @param lastId continue after this run (it must match the query's filters), or null
 * @param cursor continue after the position of this token from {@link InfiniteScrollPagination#nextCursor()}, or null
 */
public record RunListQuery(
    String tenantId,
    String appId,
    Set<TriggeredFrom> triggeredFrom,
    @Nullable WorkflowRunStatus status,
    int limit,
    @Nullable String lastId,
    @Nullable String cursor) {

  /** Dify's default page size. */
  public static final int DEFAULT_LIMIT = 20;

  /**
   * Validates the components; {@code triggeredFrom} is copied (null is taken as empty).
   *
   * @throws IllegalArgumentException for blank ids, a limit out of range, a null element, or both
   *     {@code lastId} and {@code cursor} set
   */
  public RunListQuery {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(appId, "appId");
    triggeredFrom = copy(triggeredFrom);
    Checks.requireRange(limit, 1, WorkflowRunRepository.MAX_PAGE_LIMIT, "limit");
    if (lastId != null && cursor != null) {
      throw new IllegalArgumentException("at most one of lastId and cursor may be set");
    }
  }

  /** A builder for the runs of {@code (tenantId, appId)}: every trigger and status, limit 20. */
  public static Builder builder(String tenantId, String appId) {
    return new Builder().tenantId(tenantId).appId(appId);
  }

  /** A builder with every component unset (every trigger and status, limit 20); set tenant and app. */
  public static Builder builder() {
    return new Builder();
  }

  private static Set<TriggeredFrom> copy(@Nullable Set<TriggeredFrom> triggers) {
    if (triggers == null || triggers.isEmpty()) {
      return Set.of();
    }
    EnumSet<TriggeredFrom> set = EnumSet.noneOf(TriggeredFrom.class);
    for (TriggeredFrom t : triggers) {
      set.add(Checks.requireNonNull(t, "triggeredFrom element"));
    }
    return Set.copyOf(set);
  }

  /** Builds a {@link RunListQuery}. */
  public static final class Builder {
    private @Nullable String tenantId;
    private @Nullable String appId;
    private Set<TriggeredFrom> triggeredFrom = Set.of();
    private @Nullable WorkflowRunStatus status;
    private int limit = DEFAULT_LIMIT;
    private @Nullable String lastId;
    private @Nullable String cursor;

    private Builder() {}

    /** The tenant (required). */
    public Builder tenantId(@Nullable String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** The app (required). */
    public Builder appId(@Nullable String appId) {
      this.appId = appId;
      return this;
    }

    /** Only runs started by these triggers (none given: every trigger). */
    public Builder triggeredFrom(TriggeredFrom... triggers) {
      this.triggeredFrom = Set.of(triggers);
      return this;
    }

    /** Only runs started by these triggers (empty: every trigger). */
    public Builder triggeredFrom(Set<TriggeredFrom> triggers) {
      this.triggeredFrom = triggers;
      return this;
    }

    /** Only runs in this status (null: every status). */
    public Builder status(@Nullable WorkflowRunStatus status) {
      this.status = status;
      return this;
    }

    /** The page size, 1..1000. */
    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    /** Continue after this run. */
    public Builder lastId(@Nullable String lastId) {
      this.lastId = lastId;
      return this;
    }

    /** Continue after this cursor token. */
    public Builder cursor(@Nullable String cursor) {
      this.cursor = cursor;
      return this;
    }

    /**
     * The query.
     *
     * @throws IllegalArgumentException as the record's constructor
     */
    @SuppressWarnings("NullAway") // the constructor reports missing components by name
    public RunListQuery build() {
      return new RunListQuery(tenantId, appId, triggeredFrom, status, limit, lastId, cursor);
    }
  }
}
