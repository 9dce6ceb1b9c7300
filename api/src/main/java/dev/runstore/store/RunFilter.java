package dev.runstore.store;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The runs a listing page is drawn from: one tenant's app, optionally narrowed to a set of
 * triggers and to one status. A v1 page is the filter of one trigger and every status.
 *
 * @param tenantId canonical UUID
 * @param appId canonical UUID
 * @param triggers the triggers to include; empty means every trigger (unmodifiable)
 * @param status the status to include, or null for every status
 */
public record RunFilter(
    String tenantId, String appId, Set<TriggeredFrom> triggers, @Nullable WorkflowRunStatus status) {

  /** Copies the trigger set. */
  public RunFilter {
    triggers = Set.copyOf(triggers);
  }

  /** Whether {@code run} is one of the runs this filter lists. */
  public boolean matches(WorkflowRun run) {
    return run.tenantId().equals(tenantId)
        && run.appId().equals(appId)
        && (triggers.isEmpty() || triggers.contains(run.triggeredFrom()))
        && (status == null || run.status() == status);
  }

  /**
   * The triggers in enum order, or every trigger when the filter names none: a store that reads
   * an index per trigger takes one branch each.
   */
  public List<TriggeredFrom> branchTriggers() {
    EnumSet<TriggeredFrom> set = EnumSet.noneOf(TriggeredFrom.class);
    set.addAll(triggers.isEmpty() ? EnumSet.allOf(TriggeredFrom.class) : triggers);
    return List.copyOf(set);
  }
}
