package dev.runstore.retention;

import dev.runstore.api.RelatedCounts;
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
 * @param related the rows written back per table ({@code runs} = {@code runsRestored}); related
 *     rows that already existed are left as they are and not counted
 */
public record RestoreReport(
    int filesRead, long runsRestored, long duplicatesSkipped, int incompleteFilesSkipped, Duration duration,
    RelatedCounts related) {

  /** Checks that {@code related} is not null. */
  public RestoreReport {
    java.util.Objects.requireNonNull(related, "related");
  }

  /** A report of runs only restored ({@code related} counts the runs alone). */
  public RestoreReport(
      int filesRead, long runsRestored, long duplicatesSkipped, int incompleteFilesSkipped, Duration duration) {
    this(filesRead, runsRestored, duplicatesSkipped, incompleteFilesSkipped, duration,
        new RelatedCounts(runsRestored, 0, 0, 0, 0, 0, 0));
  }
}
