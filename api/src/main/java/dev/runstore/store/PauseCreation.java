package dev.runstore.store;

import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRunStatus;
import org.jspecify.annotations.Nullable;

/**
 * What {@link RunStore#createPause} did.
 *
 * @param pause the pause as stored (read back), or null when none was created
 * @param runStatus the run's status before, or null when there is no such run under the tenant
 * @param replacedStateKey the state key of the earlier pause it replaced, or null
 */
public record PauseCreation(
    @Nullable WorkflowPause pause, @Nullable WorkflowRunStatus runStatus, @Nullable String replacedStateKey) {

  /** No run with that id under the tenant. */
  public static PauseCreation noRun() {
    return new PauseCreation(null, null, null);
  }

  /** The run is in a status that cannot pause. */
  public static PauseCreation notPausable(WorkflowRunStatus status) {
    return new PauseCreation(null, status, null);
  }
}
