package dev.runstore.api;

import dev.runstore.spi.SqlErrorClassifier;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** A vendor classifier registered for the tests: vendor code 99999 is a lock timeout. */
public final class TestVendorClassifier implements SqlErrorClassifier {

  @Override
  public DataAccessException.@Nullable Reason classify(SQLException e) {
    return e.getErrorCode() == 99999 ? DataAccessException.Reason.LOCK_TIMEOUT : null;
  }
}
