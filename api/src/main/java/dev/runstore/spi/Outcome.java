package dev.runstore.spi;

import dev.runstore.api.DataAccessException;
import org.jspecify.annotations.Nullable;

/** How an observed operation ended. {@link #value()} is the tag value. */
public enum Outcome {
  /** Returned normally. */
  OK("ok"),
  /** Rejected its input with an {@link IllegalArgumentException} (before any database access). */
  INVALID_ARGUMENT("invalid_argument"),
  /** Failed with a {@link DataAccessException} whose {@code isTransient()} is true: retrying may succeed. */
  TRANSIENT_DATA_ACCESS_ERROR("transient_data_access_error"),
  /** Failed with any other {@link DataAccessException}. */
  DATA_ACCESS_ERROR("data_access_error"),
  /** Failed with any other exception or error. */
  ERROR("error");

  private final String value;

  Outcome(String value) {
    this.value = value;
  }

  /** Lower-case name for tags, e.g. {@code transient_data_access_error}. */
  public String value() {
    return value;
  }

  /** The outcome of an operation that threw {@code failure} (null: returned normally). */
  public static Outcome of(@Nullable Throwable failure) {
    if (failure == null) {
      return OK;
    }
    if (failure instanceof IllegalArgumentException) {
      return INVALID_ARGUMENT;
    }
    if (failure instanceof DataAccessException e) {
      return e.isTransient() ? TRANSIENT_DATA_ACCESS_ERROR : DATA_ACCESS_ERROR;
    }
    return ERROR;
  }
}
