package dev.runstore.jdbc.mysql;

import dev.runstore.api.DataAccessException.Reason;
import dev.runstore.spi.SqlErrorClassifier;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * MySQL's and MariaDB's error codes for {@link dev.runstore.api.DataAccessException#reason()},
 * registered with {@link java.util.ServiceLoader}. A lock-wait timeout (1205) is reported by
 * MariaDB with SQLState 40001, the state of a deadlock (1213): only the code tells them apart, so
 * a lock wait is never retried as if it were a deadlock. Not for applications.
 */
public final class MySqlErrorCodes implements SqlErrorClassifier {

  /** For ServiceLoader. */
  public MySqlErrorCodes() {}

  @Override
  public @Nullable Reason classify(SQLException e) {
    String state = e.getSQLState();
    if (state != null && state.startsWith("42")) {
      return null; // a syntax or access error that happens to carry a code below
    }
    return switch (e.getErrorCode()) {
      case 1213 -> Reason.DEADLOCK;
      case 1205 -> Reason.LOCK_TIMEOUT;
      // 3024 MySQL max_execution_time, 1969 MariaDB max_statement_time, 1317 query interrupted
      case 3024, 1969, 1317 -> Reason.QUERY_TIMEOUT;
      // 1927 connection killed (MariaDB), 1053 server shutdown, 2006 gone away, 2013 lost
      case 1927, 1053, 2006, 2013 -> Reason.CONNECTION_FAILURE;
      default -> null;
    };
  }
}
