package dev.runstore.testkit;

import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * API.md's pause rules written out plainly over a {@link SimpleRunModel}: at most one pause per
 * run, a pause belongs to the tenant of its run, states by key. Ids and times a repository stamps
 * (pause id, state key, createdAt, resumedAt) are taken from what it returned; everything else the
 * model decides itself: which call is refused and how, what get reads, what prune removes. Runs
 * deleted with {@code deleteRunsByIds} (runs only) leave their pause behind, visible to no
 * tenant, still due for pruning. Not thread-safe; tests only.
 */
final class PauseModel {

  /** A refusal: the exception type a call must throw. */
  enum Refusal {
    ILLEGAL_ARGUMENT(IllegalArgumentException.class),
    ILLEGAL_STATE(IllegalStateException.class);

    final Class<? extends RuntimeException> type;

    Refusal(Class<? extends RuntimeException> type) {
      this.type = type;
    }
  }

  final SimpleRunModel runs = new SimpleRunModel();
  /** The current pause of each run id (runs deleted or not), in creation order. */
  private final Map<String, WorkflowPause> pauses = new LinkedHashMap<>();
  private final Map<String, byte[]> states = new HashMap<>();

  /** The run with this id if it belongs to {@code tenantId}, else null. */
  @Nullable WorkflowRun runUnder(String tenantId, String runId) {
    WorkflowRun run = runs.find(runId);
    return run != null && run.tenantId().equals(tenantId) ? run : null;
  }

  /** Every current pause, in creation order of their runs' first pause. */
  List<WorkflowPause> pauses() {
    return new ArrayList<>(pauses.values());
  }

  /** The current pause of a run id, whatever the run's state, or null. */
  @Nullable WorkflowPause pauseOfRun(String runId) {
    return pauses.get(runId);
  }

  // ------------------------------------------------------------------------------------ create

  @Nullable Refusal createRefusal(String tenantId, String runId) {
    WorkflowRun run = runUnder(tenantId, runId);
    if (run == null) {
      return Refusal.ILLEGAL_ARGUMENT;
    }
    if (run.status() != WorkflowRunStatus.RUNNING && run.status() != WorkflowRunStatus.PAUSED) {
      return Refusal.ILLEGAL_STATE;
    }
    return null;
  }

  void created(WorkflowPause pause, byte[] state) {
    WorkflowPause replaced = pauses.remove(pause.workflowRunId());
    if (replaced != null) {
      states.remove(replaced.stateObjectKey());
    }
    pauses.put(pause.workflowRunId(), pause);
    states.put(pause.stateObjectKey(), state.clone());
    setStatus(pause.workflowRunId(), WorkflowRunStatus.PAUSED);
  }

  // ------------------------------------------------------------------------------- get, state

  Optional<WorkflowPause> get(String tenantId, String runId) {
    return runUnder(tenantId, runId) == null ? Optional.empty() : Optional.ofNullable(pauses.get(runId));
  }

  /** The state of {@code pause}'s key, or null when it is gone (replaced, deleted, pruned). */
  byte @Nullable [] state(WorkflowPause pause) {
    byte[] state = states.get(pause.stateObjectKey());
    return state == null ? null : state.clone();
  }

  // ------------------------------------------------------------------------------------ resume

  @Nullable Refusal resumeRefusal(String tenantId, String runId, String pauseId) {
    WorkflowRun run = runUnder(tenantId, runId);
    if (run == null) {
      return Refusal.ILLEGAL_ARGUMENT;
    }
    WorkflowPause pause = pauses.get(runId);
    if (run.status() != WorkflowRunStatus.PAUSED || pause == null || !pause.id().equals(pauseId)
        || pause.resumedAt() != null) {
      return Refusal.ILLEGAL_STATE;
    }
    return null;
  }

  void resumed(WorkflowPause pause) {
    pauses.put(pause.workflowRunId(), pause);
    setStatus(pause.workflowRunId(), WorkflowRunStatus.RUNNING);
  }

  // ------------------------------------------------------------------------------------ delete

  @Nullable Refusal deleteRefusal(String tenantId, String pauseId) {
    WorkflowPause pause = byId(pauseId);
    return pause == null || runUnder(tenantId, pause.workflowRunId()) == null ? Refusal.ILLEGAL_ARGUMENT : null;
  }

  void deleted(String pauseId) {
    WorkflowPause pause = byId(pauseId);
    if (pause != null) {
      remove(pause);
    }
  }

  // ------------------------------------------------------------------------------------- prune

  /** What prune returns, and its effect on the model. */
  List<String> prune(Instant expiration, Instant resumptionExpiration, int limit) {
    List<String> ids = Pauses.expectedPrune(pauses.values(), expiration, resumptionExpiration, limit);
    for (String id : ids) {
      remove(byId(id));
    }
    return ids;
  }

  // ------------------------------------------------------------------------------------------

  private @Nullable WorkflowPause byId(String pauseId) {
    for (WorkflowPause pause : pauses.values()) {
      if (pause.id().equals(pauseId)) {
        return pause;
      }
    }
    return null;
  }

  private void remove(@Nullable WorkflowPause pause) {
    if (pause != null) {
      pauses.remove(pause.workflowRunId());
      states.remove(pause.stateObjectKey());
    }
  }

  private void setStatus(String runId, WorkflowRunStatus status) {
    WorkflowRun run = runs.find(runId);
    if (run != null) {
      runs.save(run.toBuilder().status(status).build());
    }
  }
}
