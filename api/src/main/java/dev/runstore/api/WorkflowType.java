package dev.runstore.api;

/**
 * The kind of workflow a run belongs to (Dify's {@code WorkflowType}).
 *
 * <p>{@link #value()} is the exact string stored in the database column.
 */
public enum WorkflowType implements StoredValue {
  /** A plain workflow app. */
  WORKFLOW("workflow"),
  /** A chat (advanced-chat) app. */
  CHAT("chat"),
  /** A RAG pipeline. */
  RAG_PIPELINE("rag-pipeline"),
  /** A snippet (Dify 1.15). */
  SNIPPET("snippet");

  private final String value;

  WorkflowType(String value) {
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
  public static WorkflowType fromValue(String value) {
    return StoredValue.lookup(WorkflowType.class, value);
  }

  @Override
  public String toString() {
    return value;
  }
}
