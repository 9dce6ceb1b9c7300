package dev.runstore.retention;

import dev.runstore.api.RunStoreException;
import org.jspecify.annotations.Nullable;

/**
 * An archive could not be written or read, or what it holds failed verification (checksum, row
 * count, format). Messages name the operation and the key, never the content.
 */
public class ArchiveException extends RunStoreException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message and an optional cause. */
  public ArchiveException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** An exception with a message. */
  public ArchiveException(String message) {
    super(message);
  }
}
