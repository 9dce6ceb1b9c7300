package dev.runstore.api;

/**
 * One reason of a pause, a row of {@code workflow_pause_reasons}. Dify stores {@code ''} where a
 * reason has no form, node or message: so does runstore (never null).
 *
 * @param type why the run paused
 * @param formId the human-input form ({@code human_input_required}), else {@code ""}; at most 36 characters
 * @param nodeId the node that paused, or {@code ""}; at most 255 characters
 * @param message a message ({@code scheduled_pause}), or {@code ""}; at most 255 characters
 */
public record PauseReason(PauseReasonType type, String formId, String nodeId, String message) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException for a null component or text longer than its column
   */
  public PauseReason {
    Checks.requireNonNull(type, "type");
    formId = bounded(formId, "formId", 36);
    nodeId = bounded(nodeId, "nodeId", Checks.MAX_VARCHAR);
    message = bounded(message, "message", Checks.MAX_VARCHAR);
  }

  private static String bounded(String value, String name, int max) {
    Checks.requireNonNull(value, name);
    Checks.requireStorableText(value, name);
    if (value.length() > max) {
      throw new IllegalArgumentException(name + " must be at most " + max + " characters, was " + value.length());
    }
    return value;
  }

  /** A {@code human_input_required} reason for the form {@code formId}. */
  public static PauseReason humanInputRequired(String formId) {
    return new PauseReason(PauseReasonType.HUMAN_INPUT_REQUIRED, formId, "", "");
  }

  /** A {@code scheduled_pause} reason with {@code message}. */
  public static PauseReason scheduledPause(String message) {
    return new PauseReason(PauseReasonType.SCHEDULED_PAUSE, "", "", message);
  }
}
