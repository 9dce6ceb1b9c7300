package dev.runstore.store;

import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRunStatus;
import org.jspecify.annotations.Nullable;

/**
 * What {@link RunStore#resumePause} found, and the resumed pause when it resumed.
 *
 * @param outcome what happened
 * @param runStatus the run's status (null when there is no such run)
 * @param pause the resumed pause as stored (read back) when resumed; else the run's pause, if any
 */
public record PauseResumption(
    Outcome outcome, @Nullable WorkflowRunStatus runStatus, @Nullable WorkflowPause pause) {

  /** The outcomes, in the order the front checks them. */
  public enum Outcome {
    /** Resumed. */
    RESUMED,
    /** No run with that id under the tenant. */
    NO_RUN,
    /** The run is not paused. */
    RUN_NOT_PAUSED,
    /** The run has no pause. */
    NO_PAUSE,
    /** The run's pause has another id. */
    OTHER_PAUSE,
    /** The pause was resumed already. */
    ALREADY_RESUMED
  }
}
