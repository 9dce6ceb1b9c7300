package dev.runstore.api;

/**
 * Saves the runs of workflow executions for one {@link ExecutionContext}: the engine-facing
 * repository (Dify's {@code WorkflowExecutionRepository}). Obtained from
 * {@link WorkflowRunRepository#executions(ExecutionContext)}.
 */
public interface WorkflowExecutionRepository {

  /**
   * Create or update (by id) the run of this execution, in the context the repository is bound
   * to. Last write wins.
   *
   * @throws IllegalArgumentException when {@code execution} is null, or the id exists under
   *     another tenant or app (the stored row is left unchanged)
   * @throws DataAccessException when storage fails
   */
  void save(WorkflowExecution execution);
}
