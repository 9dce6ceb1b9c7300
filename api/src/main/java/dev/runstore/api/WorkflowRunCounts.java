package dev.runstore.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Run counts by status, from {@link WorkflowRunRepository#getWorkflowRunsCount}.
 *
 * @param total the number of runs counted: the sum of {@code byStatus}
 * @param byStatus every {@link WorkflowRunStatus} as a key (0 when none), unmodifiable
 */
public record WorkflowRunCounts(long total, Map<WorkflowRunStatus, Long> byStatus) {

  /**
   * Copies {@code byStatus}, adding 0 for absent statuses.
   *
   * @throws IllegalArgumentException when a count is negative or {@code total} is not the sum
   */
  public WorkflowRunCounts {
    Checks.requireNonNull(byStatus, "byStatus");
    EnumMap<WorkflowRunStatus, Long> all = new EnumMap<>(WorkflowRunStatus.class);
    long sum = 0;
    for (WorkflowRunStatus s : WorkflowRunStatus.values()) {
      Long count = byStatus.get(s);
      long value = count == null ? 0L : count;
      Checks.requireNotNegative(value, "byStatus[" + s.value() + "]");
      all.put(s, value);
      sum += value;
    }
    if (sum != total) {
      throw new IllegalArgumentException("total must be the sum of byStatus (" + sum + "), was " + total);
    }
    byStatus = Collections.unmodifiableMap(all);
  }

  /** Counts with the total computed from {@code byStatus}. */
  public static WorkflowRunCounts of(Map<WorkflowRunStatus, Long> byStatus) {
    long sum = 0;
    for (Long v : byStatus.values()) {
      sum += v == null ? 0 : v;
    }
    return new WorkflowRunCounts(sum, byStatus);
  }

  /** The count of one status. */
  public long count(WorkflowRunStatus status) {
    Long count = byStatus.get(status);
    return count == null ? 0 : count;
  }
}
