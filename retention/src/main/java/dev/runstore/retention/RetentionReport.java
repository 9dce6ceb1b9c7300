package dev.runstore.retention;

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
    boolean countIsLowerBound) {}
