package dev.runstore.api;

/**
 * What started a run (Dify's {@code WorkflowRunTriggeredFrom}).
 *
 * <p>{@link #value()} is the exact string stored in the database column.
 */
public enum TriggeredFrom implements StoredValue {
  /** A debugging run from the editor. */
  DEBUGGING("debugging"),
  /** A run of the published app. */
  APP_RUN("app-run"),
  /** A run of a published RAG pipeline. */
  RAG_PIPELINE_RUN("rag-pipeline-run"),
  /** A debugging run of a RAG pipeline. */
  RAG_PIPELINE_DEBUGGING("rag-pipeline-debugging"),
  /** A run started by a webhook. */
  WEBHOOK("webhook"),
  /** A run started by a schedule. */
  SCHEDULE("schedule"),
  /** A run started by a plugin. */
  PLUGIN("plugin");

  private final String value;

  TriggeredFrom(String value) {
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
  public static TriggeredFrom fromValue(String value) {
    return StoredValue.lookup(TriggeredFrom.class, value);
  }

  @Override
  public String toString() {
    return value;
  }
}
