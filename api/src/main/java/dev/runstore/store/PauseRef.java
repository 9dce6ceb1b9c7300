package dev.runstore.store;

/**
 * A stored pause as deleting it needs it.
 *
 * @param id the pause's id
 * @param workflowRunId its run
 * @param stateObjectKey its state's key
 */
public record PauseRef(String id, String workflowRunId, String stateObjectKey) {}
