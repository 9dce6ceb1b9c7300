package dev.runstore.api;

/**
 * Why a run paused (graphon's {@code PauseReasonType}), stored in
 * {@code workflow_pause_reasons.type_}. {@link #value()} is the exact stored string.
 */
public enum PauseReasonType implements StoredValue {
  /** A human must fill in a form ({@code form_id} names it). */
  HUMAN_INPUT_REQUIRED("human_input_required"),
  /** A scheduled pause ({@code message} says why). */
  SCHEDULED_PAUSE("scheduled_pause");

  private final String value;

  PauseReasonType(String value) {
    this.value = value;
  }

  /** The string stored in the database. */
  @Override
  public String value() {
    return value;
  }

  /**
   * The constant whose {@link #value()} is {@code value}.
   *
   * @throws IllegalArgumentException naming the value when no constant has it
   */
  public static PauseReasonType fromValue(String value) {
    return StoredValue.lookup(PauseReasonType.class, value);
  }

  @Override
  public String toString() {
    return value;
  }
}
