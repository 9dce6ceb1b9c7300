package dev.runstore.store;

import dev.runstore.api.PauseReason;
import java.time.Instant;
import java.util.List;

/**
 * A pause a store is asked to record ({@link RunStore#createPause}), every value chosen by the
 * front: ids (UUIDv7, the reasons' ascending in their given order), state key and time.
 *
 * @param tenantId the run's tenant (canonical UUID)
 * @param runId the run (canonical UUID)
 * @param pauseId the new pause's id
 * @param stateObjectKey where the state was put
 * @param createdAt now, in microseconds
 * @param reasons the reasons, in order
 * @param reasonIds one id per reason, ascending
 */
public record NewPause(
    String tenantId, String runId, String pauseId, String stateObjectKey, Instant createdAt,
    List<PauseReason> reasons, List<String> reasonIds) {

  /** Copies the lists and checks they match. */
  public NewPause {
    reasons = List.copyOf(reasons);
    reasonIds = List.copyOf(reasonIds);
    if (reasons.size() != reasonIds.size()) {
      throw new IllegalArgumentException("one id per reason expected");
    }
  }
}
