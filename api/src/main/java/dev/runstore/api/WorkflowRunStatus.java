package dev.runstore.api;

/**
 * The state of a run (Dify's {@code WorkflowExecutionStatus}).
 *
 * <p>{@link #value()} is the exact string stored in the database column.
 */
public enum WorkflowRunStatus implements StoredValue {
  /** Started and not finished. */
  RUNNING("running"),
  /** Finished without error. */
  SUCCEEDED("succeeded"),
  /** Finished with an error. */
  FAILED("failed"),
  /** Stopped by a user. */
  STOPPED("stopped"),
  /** Finished, with some nodes failed but handled. */
  PARTIAL_SUCCEEDED("partial-succeeded"),
  /** Waiting for input; may resume. */
  PAUSED("paused"),
  /** Scheduled, not started yet. */
  SCHEDULED("scheduled");

  private final String value;

  WorkflowRunStatus(String value) {
    this.value = value;
  }

  /** The string stored in the database. */
  @Override
  public String value() {
    return value;
  }

  /**
   * True for the states a run never leaves: succeeded, failed, partial-succeeded and stopped.
   */
  public boolean isEnded() {
    return this == SUCCEEDED || this == FAILED || this == PARTIAL_SUCCEEDED || this == STOPPED;
  }

  /**
   * The constant whose {@link #value()} is {@code value}.
   *
   * @throws IllegalArgumentException naming the value when no constant has it
   */
  public static WorkflowRunStatus fromValue(String value) {
    return StoredValue.lookup(WorkflowRunStatus.class, value);
  }

  @Override
  public String toString() {
    return value;
  }
}
