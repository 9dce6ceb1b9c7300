package dev.runstore.jdbc;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRunStatus;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rows a filtered page ({@link SqlDialect#selectFilteredPage},
 * {@link SqlDialect#selectFilteredPageAfterRun}) is drawn from: the runs of one tenant's app,
 * optionally narrowed to a set of triggers and to one status.
 *
 * @param tenantId canonical UUID
 * @param appId canonical UUID
 * @param triggers the triggers to include; empty means every trigger (unmodifiable)
 * @param status the status to include, or null for every status
 */
public record RunListFilter(
    String tenantId, String appId, Set<TriggeredFrom> triggers, @Nullable WorkflowRunStatus status) {

  /** Copies the trigger set. */
  public RunListFilter {
    triggers = Set.copyOf(triggers);
  }
}
