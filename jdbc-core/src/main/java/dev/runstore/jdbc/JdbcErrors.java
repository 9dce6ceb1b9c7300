package dev.runstore.jdbc;

import dev.runstore.api.DataAccessException;
import dev.runstore.spi.SqlErrorClassifier;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@link SQLException}s into {@link DataAccessException}s whose message names the
 * operation and the SQL text (never bound values); {@code sqlState()} comes from the driver's
 * exception, {@code reason()} from the dialect's error codes and the SQL standard.
 */
public final class JdbcErrors {

  /** SQL text longer than this is cut in messages (an id list of a thousand placeholders). */
  static final int MAX_SQL_IN_MESSAGE = 600;

  private JdbcErrors() {}

  /**
   * The exception to throw for {@code e}, raised while {@code operation} ran {@code sql},
   * classified by the registered classifiers and the SQL standard.
   *
   * @param operation the repository method, e.g. {@code "deleteRunsByApp"}
   * @param sql the statement's text, or null when the failure was not tied to one
   */
  public static DataAccessException translate(String operation, @Nullable String sql, SQLException e) {
    return new DataAccessException(message(operation, sql, e), e);
  }

  /** {@link #translate(String, String, SQLException)} with the dialect's own codes first. */
  public static DataAccessException translate(
      String operation, @Nullable String sql, SQLException e, SqlErrorClassifier dialect) {
    return translate(operation, sql, e, DataAccessException.Reason.of(e, dialect));
  }

  /** {@link #translate(String, String, SQLException)} with the reason already known. */
  public static DataAccessException translate(
      String operation, @Nullable String sql, SQLException e, DataAccessException.Reason reason) {
    return new DataAccessException(message(operation, sql, e), e, reason);
  }

  private static String message(String operation, @Nullable String sql, SQLException e) {
    StringBuilder message = new StringBuilder(operation).append(" failed");
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RunRowMapper.UnreadableValueException unreadable) {
        // what was stored, not a bound value: the reader must see which row and value to fix
        message.append(": ").append(unreadable.getMessage());
        if (sql != null) {
          message.append(" (statement: ").append(clip(sql)).append(')');
        }
        return message.toString();
      }
    }
    if (sql != null) {
      message.append(": ").append(clip(sql));
    }
    String state = e.getSQLState();
    if (state != null) {
      message.append(" [SQLState ").append(state).append(']');
    }
    return message.toString();
  }

  /** The SQL text as shown in messages: whitespace collapsed, long text cut. */
  static String clip(String sql) {
    String flat = sql.replaceAll("\\s+", " ").trim();
    return flat.length() <= MAX_SQL_IN_MESSAGE ? flat : flat.substring(0, MAX_SQL_IN_MESSAGE) + " ...";
  }
}
