package dev.runstore.api;

import java.time.Instant;

/**
 * A run as a cleanup job needs it, without its JSON text:
 * {@link WorkflowRunRepository#getCleanupRefsBatch}.
 *
 * @param id the run's id (canonical UUID)
 * @param tenantId its tenant (canonical UUID)
 * @param createdAt its creation time
 */
public record RunRef(String id, String tenantId, Instant createdAt) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException for a null or malformed component
   */
  public RunRef {
    id = Checks.requireUuid(id, "id");
    tenantId = Checks.requireUuid(tenantId, "tenantId");
    createdAt = Checks.requireStorableInstant(createdAt, "createdAt");
  }

  /** The position of this run in the {@code (createdAt, id)} order, to continue a walk after it. */
  public RunPosition position() {
    return new RunPosition(createdAt, id);
  }
}
