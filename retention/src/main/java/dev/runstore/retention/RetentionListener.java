package dev.runstore.retention;

/**
 * Progress callbacks of a {@link RetentionJob} (for a CLI's progress output or metrics). Called
 * on the job's thread; an exception thrown here stops the job like any other failure (batches
 * already deleted stay archived).
 */
public interface RetentionListener {

  /** A listener that does nothing. */
  RetentionListener NONE = new RetentionListener() {};

  /** A batch was archived, verified and deleted. */
  default void batchArchived(ArchivedBatch batch) {}

  /** The job's totals so far, after each batch of runs read from the repository. */
  default void progress(RetentionReport soFar) {}
}
