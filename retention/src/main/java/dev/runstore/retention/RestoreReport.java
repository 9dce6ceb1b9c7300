package dev.runstore.retention;

import java.time.Duration;

/**
 * What a {@link RestoreJob} did.
 *
 * @param filesRead complete batch files read (and verified)
 * @param runsRestored distinct runs saved back (upserted) to the repository
 * @param duplicatesSkipped copies of a run already restored from another file (a rerun after a
 *     crash can archive one run twice)
 * @param incompleteFilesSkipped data files without a manifest: batches interrupted before they
 *     were complete, whose runs were never deleted
 * @param duration wall-clock time of the job
 */
public record RestoreReport(
    int filesRead, long runsRestored, long duplicatesSkipped, int incompleteFilesSkipped, Duration duration) {}
