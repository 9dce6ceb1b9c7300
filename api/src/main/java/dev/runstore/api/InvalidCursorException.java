package dev.runstore.api;

/**
 * A paging cursor ({@code lastId} or a cursor token) that does not denote a position in the
 * caller's listing: unknown, malformed, deleted, or another tenant's run.
 */
public class InvalidCursorException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public InvalidCursorException(String message) {
    super(message);
  }
}
