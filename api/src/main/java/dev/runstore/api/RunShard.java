package dev.runstore.api;

/**
 * One of {@code total} disjoint shards of the runs, for splitting a walk over time-range batches
 * among parallel workers: the runs whose id's last hex digit modulo {@code total} equals
 * {@code index}. The shards of one {@code total} are disjoint and together cover every run.
 *
 * @param index 0..{@code total - 1}
 * @param total 1..16
 */
public record RunShard(int index, int total) {

  /** The largest number of shards: an id's last hex digit has 16 values. */
  public static final int MAX_TOTAL = 16;

  /**
   * Checks the ranges.
   *
   * @throws IllegalArgumentException when {@code total} is not in 1..16 or {@code index} not in 0..total-1
   */
  public RunShard {
    Checks.requireRange(total, 1, MAX_TOTAL, "shard total");
    Checks.requireRange(index, 0, total - 1, "shard index");
  }

  /** Whether the run with this (canonical) id belongs to this shard. */
  public boolean contains(String runId) {
    return Character.digit(runId.charAt(runId.length() - 1), 16) % total == index;
  }

  /** The hex digits ({@code 0-9a-f}) an id of this shard may end with, ascending. */
  public java.util.List<Character> lastDigits() {
    java.util.List<Character> digits = new java.util.ArrayList<>();
    for (int d = index; d < 16; d += total) {
      digits.add(Character.forDigit(d, 16));
    }
    return java.util.List.copyOf(digits);
  }
}
