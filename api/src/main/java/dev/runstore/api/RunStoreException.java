package dev.runstore.api;

import org.jspecify.annotations.Nullable;

/** The root of what runstore throws for storage and configuration failures. */
public class RunStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message and an optional cause. */
  public RunStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** An exception with a message. */
  public RunStoreException(String message) {
    super(message);
  }
}
