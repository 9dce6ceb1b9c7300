package dev.runstore.retention;

import dev.runstore.api.RelatedCounts;
import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link RetentionJob} did.
 *
 * @param cutoff runs created before this instant were expired
 * @param dryRun true when nothing was written or deleted
 * @param runsScanned expired runs found (in a dry run: the runs that would be purged)
 * @param runsArchived runs written to verified batch files
 * @param runsDeleted rows deleted (at most {@code runsArchived}; fewer when some were deleted
 *     concurrently by someone else)
 * @param bytesWritten bytes of data files and manifests written
 * @param batches batch files written
 * @param duration wall-clock time of the job
 * @param stoppedByBudget true when the run or time budget ended the job while expired runs remained
 * @param countIsLowerBound true only for a dry run over every status
 *     ({@code endedOnly(false)}) that found more than {@code 10,000} expired runs of a tenant:
 *     without deleting, the repository API cannot page past them, so {@code runsScanned} is a
 *     lower bound
 * @param related the rows deleted per table, runs included ({@code runs} = {@code runsDeleted});
 *     in a dry run, what would be deleted with the runs found; related keys are 0 when the job
 *     purges runs only ({@link RetentionJob.Builder#withRelated(boolean) withRelated(false)})
 */
public record RetentionReport(
    Instant cutoff,
    boolean dryRun,
    long runsScanned,
    long runsArchived,
    long runsDeleted,
    long bytesWritten,
    int batches,
    Duration duration,
    boolean stoppedByBudget,
    boolean countIsLowerBound,
    RelatedCounts related) {

  /** Checks that {@code related} is not null. */
  public RetentionReport {
    java.util.Objects.requireNonNull(related, "related");
  }

  /** A report of a job that purged runs only: {@code related} counts the deleted runs alone. */
  public RetentionReport(Instant cutoff, boolean dryRun, long runsScanned, long runsArchived, long runsDeleted,
      long bytesWritten, int batches, Duration duration, boolean stoppedByBudget, boolean countIsLowerBound) {
    this(cutoff, dryRun, runsScanned, runsArchived, runsDeleted, bytesWritten, batches, duration, stoppedByBudget,
        countIsLowerBound, new RelatedCounts(runsDeleted, 0, 0, 0, 0, 0, 0));
  }
}
