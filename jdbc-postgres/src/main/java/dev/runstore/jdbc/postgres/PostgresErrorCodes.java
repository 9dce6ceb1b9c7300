package dev.runstore.jdbc.postgres;

import dev.runstore.api.DataAccessException.Reason;
import dev.runstore.spi.SqlErrorClassifier;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's SQLStates for {@link dev.runstore.api.DataAccessException#reason()}, registered
 * with {@link java.util.ServiceLoader}: {@code 40P01} deadlock, {@code 40001} serialization
 * failure, {@code 55P03} lock not available ({@code lock_timeout}), {@code 57014} query canceled
 * ({@code statement_timeout} or a cancel request), {@code 57P01}..{@code 57P03} the server ending
 * or refusing the session. Not for applications.
 */
public final class PostgresErrorCodes implements SqlErrorClassifier {

  /** For ServiceLoader. */
  public PostgresErrorCodes() {}

  @Override
  public @Nullable Reason classify(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return null;
    }
    return switch (state) {
      case "40P01" -> Reason.DEADLOCK;
      case "40001" -> Reason.SERIALIZATION_FAILURE;
      case "55P03" -> Reason.LOCK_TIMEOUT;
      case "57014" -> Reason.QUERY_TIMEOUT;
      case "57P01", "57P02", "57P03" -> Reason.CONNECTION_FAILURE;
      default -> null;
    };
  }
}
