package dev.runstore.api;

/**
 * Runs and the rows related to them, counted or deleted together (Dify's seven keys):
 * {@link WorkflowRunRepository#countRunsWithRelated} and {@code deleteRunsWithRelated}.
 *
 * @param runs rows of {@code workflow_runs}
 * @param nodeExecutions rows of {@code workflow_node_executions}
 * @param offloads rows of {@code workflow_node_execution_offload}
 * @param appLogs rows of {@code workflow_app_logs}
 * @param triggerLogs rows of {@code workflow_trigger_logs}
 * @param pauses rows of {@code workflow_pauses}
 * @param pauseReasons rows of {@code workflow_pause_reasons}
 */
public record RelatedCounts(
    long runs, long nodeExecutions, long offloads, long appLogs, long triggerLogs, long pauses, long pauseReasons) {

  /** All zeros. */
  public static final RelatedCounts ZERO = new RelatedCounts(0, 0, 0, 0, 0, 0, 0);

  /**
   * Checks the counts.
   *
   * @throws IllegalArgumentException when a count is negative
   */
  public RelatedCounts {
    Checks.requireNotNegative(runs, "runs");
    Checks.requireNotNegative(nodeExecutions, "nodeExecutions");
    Checks.requireNotNegative(offloads, "offloads");
    Checks.requireNotNegative(appLogs, "appLogs");
    Checks.requireNotNegative(triggerLogs, "triggerLogs");
    Checks.requireNotNegative(pauses, "pauses");
    Checks.requireNotNegative(pauseReasons, "pauseReasons");
  }

  /** The sum of the seven counts. */
  public long total() {
    return runs + nodeExecutions + offloads + appLogs + triggerLogs + pauses + pauseReasons;
  }

  /** These counts plus {@code other}'s, key by key. */
  public RelatedCounts plus(RelatedCounts other) {
    return new RelatedCounts(runs + other.runs, nodeExecutions + other.nodeExecutions, offloads + other.offloads,
        appLogs + other.appLogs, triggerLogs + other.triggerLogs, pauses + other.pauses,
        pauseReasons + other.pauseReasons);
  }
}
