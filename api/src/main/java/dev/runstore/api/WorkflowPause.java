package dev.runstore.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A paused (or resumed) run waiting for a human or a schedule: a row of {@code workflow_pauses}
 * with its reasons. A run has at most one pause; it belongs to the tenant of its run (Dify's table
 * has no tenant column).
 *
 * @param id the pause's id (a UUIDv7)
 * @param tenantId the tenant of the run
 * @param workflowId the workflow version to resume with
 * @param workflowRunId the paused run
 * @param stateObjectKey the key of the engine's state in the {@link dev.runstore.spi.PauseStateStore}
 *     ({@code workflow-state-<uuid4>.json})
 * @param resumedAt when it was resumed, or null while it waits
 * @param createdAt when the run paused
 * @param reasons why, in the order given when the pause was created (unmodifiable)
 */
public record WorkflowPause(
    String id,
    String tenantId,
    String workflowId,
    String workflowRunId,
    String stateObjectKey,
    @Nullable Instant resumedAt,
    Instant createdAt,
    List<PauseReason> reasons) {

  /**
   * Validates and normalizes the components (UUIDs lower-cased, times truncated to microseconds).
   *
   * @throws IllegalArgumentException for a null or malformed component
   */
  public WorkflowPause {
    id = Checks.requireUuid(id, "id");
    tenantId = Checks.requireUuid(tenantId, "tenantId");
    workflowId = Checks.requireUuid(workflowId, "workflowId");
    workflowRunId = Checks.requireUuid(workflowRunId, "workflowRunId");
    Checks.requireText(stateObjectKey, "stateObjectKey");
    resumedAt = resumedAt == null ? null : Checks.requireStorableInstant(resumedAt, "resumedAt");
    createdAt = Checks.requireStorableInstant(createdAt, "createdAt");
    Checks.requireNonNull(reasons, "reasons");
    for (PauseReason reason : reasons) {
      Checks.requireNonNull(reason, "reasons element");
    }
    reasons = List.copyOf(reasons);
  }

  /** Whether the pause was resumed. */
  public boolean isResumed() {
    return resumedAt != null;
  }
}
