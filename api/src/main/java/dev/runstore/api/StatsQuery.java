package dev.runstore.api;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * The runs the daily statistics are computed over: those of {@code (tenantId, appId,
 * triggeredFrom)} created in {@code [start, end)}, grouped by calendar day in {@code zone}.
 *
 * @param tenantId the tenant (not blank)
 * @param appId the app (not blank)
 * @param triggeredFrom the trigger
 * @param start inclusive lower bound, or null for no bound
 * @param end exclusive upper bound, or null for no bound
 * @param zone the time zone whose calendar days the statistics use
 */
public record StatsQuery(
    String tenantId,
    String appId,
    TriggeredFrom triggeredFrom,
    @Nullable Instant start,
    @Nullable Instant end,
    ZoneId zone) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException for blank ids, a null trigger or zone, or start after end
   */
  public StatsQuery {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(appId, "appId");
    Checks.requireNonNull(triggeredFrom, "triggeredFrom");
    Checks.requireNonNull(zone, "zone");
    if (start != null && end != null && start.isAfter(end)) {
      throw new IllegalArgumentException("start must not be after end, was " + start + " > " + end);
    }
  }

  /** A builder for {@code (tenantId, appId, triggeredFrom)}: no bounds, zone UTC. */
  public static Builder builder(String tenantId, String appId, TriggeredFrom triggeredFrom) {
    return new Builder().tenantId(tenantId).appId(appId).triggeredFrom(triggeredFrom);
  }

  /** A builder with every component unset (no bounds, zone UTC); set tenant, app and trigger. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link StatsQuery}. */
  public static final class Builder {
    private @Nullable String tenantId;
    private @Nullable String appId;
    private @Nullable TriggeredFrom triggeredFrom;
    private @Nullable Instant start;
    private @Nullable Instant end;
    private ZoneId zone = ZoneOffset.UTC;

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

    /** The trigger (required). */
    public Builder triggeredFrom(@Nullable TriggeredFrom triggeredFrom) {
      this.triggeredFrom = triggeredFrom;
      return this;
    }

    /** Inclusive lower bound. */
    public Builder start(@Nullable Instant start) {
      this.start = start;
      return this;
    }

    /** Exclusive upper bound. */
    public Builder end(@Nullable Instant end) {
      this.end = end;
      return this;
    }

    /** The zone of the calendar days. */
    public Builder zone(ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /**
     * The query.
     *
     * @throws IllegalArgumentException as the record's constructor
     */
    @SuppressWarnings("NullAway") // the constructor reports missing components by name
    public StatsQuery build() {
      return new StatsQuery(tenantId, appId, triggeredFrom, start, end, zone);
    }
  }
}
