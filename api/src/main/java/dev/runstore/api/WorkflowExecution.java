package dev.runstore.api;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The workflow engine's view of a run (Dify's {@code WorkflowExecution}): what the execution
 * itself knows. Who owns the run comes from an {@link ExecutionContext}, never from here.
 *
 * <p>Timestamps are truncated to microseconds, as in {@link WorkflowRun}.
 *
 * @param id the run's id (UUID)
 * @param workflowId the workflow (UUID)
 * @param workflowVersion the workflow version, stored as {@link WorkflowRun#version()}
 * @param workflowType the kind of workflow
 * @param graph the graph as JSON text
 * @param inputs the inputs as JSON text
 * @param outputs the outputs as JSON text
 * @param status the state
 * @param errorMessage the error; {@code ""} when there is none (stored as NULL)
 * @param totalTokens tokens used
 * @param totalSteps nodes executed
 * @param exceptionsCount handled node exceptions
 * @param startedAt when the execution started (becomes {@link WorkflowRun#createdAt()})
 * @param finishedAt when it finished, null while running
 */
public record WorkflowExecution(
    String id,
    String workflowId,
    String workflowVersion,
    WorkflowType workflowType,
    @Nullable String graph,
    @Nullable String inputs,
    @Nullable String outputs,
    WorkflowRunStatus status,
    String errorMessage,
    long totalTokens,
    int totalSteps,
    int exceptionsCount,
    Instant startedAt,
    @Nullable Instant finishedAt) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException naming the first invalid component
   */
  public WorkflowExecution {
    id = Checks.requireUuid(id, "id");
    workflowId = Checks.requireUuid(workflowId, "workflowId");
    Checks.requireNonNull(workflowVersion, "workflowVersion");
    Checks.requireNonNull(workflowType, "workflowType");
    Checks.requireNonNull(status, "status");
    Checks.requireNonNull(errorMessage, "errorMessage");
    Checks.requireNotNegative(totalTokens, "totalTokens");
    Checks.requireNotNegative(totalSteps, "totalSteps");
    Checks.requireNotNegative(exceptionsCount, "exceptionsCount");
    startedAt = Checks.requireStorableInstant(startedAt, "startedAt");
    finishedAt = finishedAt == null ? null : Checks.requireStorableInstant(finishedAt, "finishedAt");
  }

  /**
   * A {@link WorkflowRunStatus#RUNNING} execution that has just started: no outputs, error message
   * {@code ""}, zero totals, not finished.
   */
  public static WorkflowExecution start(
      String id,
      String workflowId,
      String workflowVersion,
      WorkflowType workflowType,
      @Nullable String graph,
      @Nullable String inputs,
      Instant startedAt) {
    return new WorkflowExecution(
        id, workflowId, workflowVersion, workflowType, graph, inputs, null,
        WorkflowRunStatus.RUNNING, "", 0, 0, 0, startedAt, null);
  }

  /** Seconds from {@link #startedAt()} to {@link #finishedAt()}; 0 while unfinished. */
  public double elapsedTime() {
    if (finishedAt == null) {
      return 0.0;
    }
    Duration d = Duration.between(startedAt, finishedAt);
    return d.getSeconds() + d.getNano() / 1_000_000_000.0;
  }

  /**
   * This execution finished: the given status, outputs, error message and totals, with
   * {@code finishedAt}.
   */
  public WorkflowExecution finish(
      WorkflowRunStatus status,
      @Nullable String outputs,
      String errorMessage,
      long totalTokens,
      int totalSteps,
      int exceptionsCount,
      Instant finishedAt) {
    return new WorkflowExecution(
        id, workflowId, workflowVersion, workflowType, graph, inputs, outputs, status,
        errorMessage, totalTokens, totalSteps, exceptionsCount, startedAt, finishedAt);
  }
}
