package dev.runstore.retention;

/**
 * Progress callbacks of a {@link RestoreJob} (for a CLI's progress output or metrics). Called on
 * the job's thread; an exception thrown here stops the job like any other failure (runs already
 * saved stay saved; a rerun is safe).
 */
public interface RestoreListener {

  /** A listener that does nothing. */
  RestoreListener NONE = new RestoreListener() {};

  /** The job's totals so far, after each batch file it read, verified and saved. */
  default void progress(RestoreReport soFar) {}
}
