package dev.runstore.api;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A storage failure. Wraps the {@link SQLException} of a JDBC backend; the message names the
 * operation and the SQL text, never bound values.
 */
public class DataAccessException extends RunStoreException {
  private static final long serialVersionUID = 1L;

  // 40001 serialization failure / MySQL deadlock, 40P01 PostgreSQL deadlock, 55P03 lock not
  // available, 57P01..57P03 PostgreSQL admin shutdown / crash / cannot connect now.
  private static final Set<String> TRANSIENT_STATES =
      Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03");

  // MySQL / MariaDB vendor codes: 1213 deadlock, 1205 lock wait timeout, 1317 query interrupted,
  // 1927 connection killed (MariaDB), 1053 server shutdown.
  private static final Set<Integer> TRANSIENT_MYSQL_CODES = Set.of(1213, 1205, 1317, 1927, 1053);

  private final @Nullable String sqlState;
  private final boolean isTransient;

  /**
   * Wraps {@code cause}; {@link #sqlState()} and {@link #isTransient()} are read from it (and from
   * the exceptions chained to it).
   */
  public DataAccessException(String message, @Nullable SQLException cause) {
    super(message, cause);
    this.sqlState = cause == null ? null : firstSqlState(cause);
    this.isTransient = cause != null && isTransient(cause);
  }

  /** A failure with no SQLException behind it; {@code isTransient} as given. */
  public DataAccessException(String message, @Nullable Throwable cause, boolean isTransient) {
    super(message, cause);
    this.sqlState = cause instanceof SQLException e ? firstSqlState(e) : null;
    this.isTransient = isTransient;
  }

  /** The SQLState reported by the driver, or null when it gave none. */
  public @Nullable String sqlState() {
    return sqlState;
  }

  /**
   * True when retrying the same work may succeed: connection loss (SQLState class {@code 08}),
   * serialization failure ({@code 40001}), deadlock ({@code 40P01}, MySQL 1213), lock timeout,
   * and a server terminating the session.
   */
  public boolean isTransient() {
    return isTransient;
  }

  /** Whether {@code e}, or an exception chained to it, is a transient failure. */
  public static boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state))) {
          return true;
        }
        if (TRANSIENT_MYSQL_CODES.contains(s.getErrorCode())
            && (state == null || !state.startsWith("42"))) {
          return true;
        }
        SQLException next = s.getNextException();
        if (next != null && next != s && next != t.getCause() && isTransient(next)) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static @Nullable String firstSqlState(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
