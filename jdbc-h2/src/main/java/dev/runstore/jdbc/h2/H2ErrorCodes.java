package dev.runstore.jdbc.h2;

import dev.runstore.api.DataAccessException.Reason;
import dev.runstore.spi.SqlErrorClassifier;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * H2's error codes for {@link dev.runstore.api.DataAccessException#reason()}, registered with
 * {@link java.util.ServiceLoader}: a row changed by a concurrent transaction
 * ({@code CONCURRENT_UPDATE_1}, 90131) is a serialization failure, a lock wait that timed out
 * ({@code LOCK_TIMEOUT_1}, 50200, SQLState HYT00) a lock timeout, a cancelled statement
 * ({@code STATEMENT_WAS_CANCELED}, 57014) a query timeout. Not for applications.
 */
public final class H2ErrorCodes implements SqlErrorClassifier {

  /** H2's error code for a duplicate key (SQLState 23505). */
  static final int DUPLICATE_KEY = 23505;
  /** H2's error code for a row changed by another transaction ({@code CONCURRENT_UPDATE_1}). */
  static final int CONCURRENT_UPDATE = 90131;
  /** H2's error code for a lock wait that timed out ({@code LOCK_TIMEOUT_1}, SQLState HYT00). */
  static final int LOCK_TIMEOUT = 50200;
  /** H2's error code for a cancelled statement ({@code STATEMENT_WAS_CANCELED}). */
  static final int STATEMENT_CANCELED = 57014;

  /** For ServiceLoader. */
  public H2ErrorCodes() {}

  @Override
  public @Nullable Reason classify(SQLException e) {
    return switch (e.getErrorCode()) {
      case CONCURRENT_UPDATE -> Reason.SERIALIZATION_FAILURE;
      case LOCK_TIMEOUT -> Reason.LOCK_TIMEOUT;
      case STATEMENT_CANCELED -> Reason.QUERY_TIMEOUT;
      default -> null;
    };
  }
}
