package dev.runstore.api;

import org.jspecify.annotations.Nullable;

/**
 * The configuration cannot give a repository: a missing or invalid setting (the message names the
 * property and its environment variable), an unknown key, or no, several, or a broken provider
 * for the configured {@code runstore.repository}.
 */
public class RepositoryConfigurationException extends RunStoreException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public RepositoryConfigurationException(String message) {
    super(message);
  }

  /** An exception with a message and a cause. */
  public RepositoryConfigurationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
