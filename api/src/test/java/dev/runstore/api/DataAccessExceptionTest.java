package dev.runstore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** API.md: {@code isTransient()} for connection loss 08*, 40001, 40P01 / MySQL 1213, lock timeouts. */
class DataAccessExceptionTest {

  private static DataAccessException of(String state, int code) {
    return new DataAccessException("op failed: SELECT 1", new SQLException("reason", state, code));
  }

  @Test
  void transientStatesAndCodes() {
    assertThat(of("08006", 0).isTransient()).as("connection failure").isTrue();
    assertThat(of("08S01", 0).isTransient()).as("communication link failure").isTrue();
    assertThat(of("40001", 0).isTransient()).as("serialization failure").isTrue();
    assertThat(of("40P01", 0).isTransient()).as("PostgreSQL deadlock").isTrue();
    assertThat(of("40001", 1213).isTransient()).as("MySQL deadlock").isTrue();
    // Vendor codes (MySQL 1205 lock wait timeout with SQLState HY000, PostgreSQL 55P03 / 57P01)
    // are the backends' knowledge: their own tests check them through their registered classifiers.
    assertThat(new DataAccessException("pool", new SQLTransientConnectionException("timeout")).isTransient())
        .as("pool timeout")
        .isTrue();
  }

  @Test
  void reasonsTellTheKindOfFailure() {
    assertThat(of("08006", 0).reason()).isEqualTo(DataAccessException.Reason.CONNECTION_FAILURE);
    assertThat(of("40001", 0).reason()).isEqualTo(DataAccessException.Reason.SERIALIZATION_FAILURE);
    assertThat(of("40P01", 0).reason()).isEqualTo(DataAccessException.Reason.DEADLOCK);
    assertThat(of("HYT00", 0).reason()).isEqualTo(DataAccessException.Reason.QUERY_TIMEOUT);
    assertThat(of("23505", 0).reason()).isEqualTo(DataAccessException.Reason.OTHER);
    assertThat(DataAccessException.Reason.DEADLOCK.isRetryable()).isTrue();
    assertThat(DataAccessException.Reason.SERIALIZATION_FAILURE.isRetryable()).isTrue();
    assertThat(DataAccessException.Reason.LOCK_TIMEOUT.isRetryable()).isFalse();
    assertThat(DataAccessException.Reason.QUERY_TIMEOUT.isRetryable()).isFalse();
    assertThat(DataAccessException.Reason.LOCK_TIMEOUT.isTransient()).isTrue();
  }

  @Test
  void registeredVendorClassifiersComeBeforeTheStandardClasses() {
    // TestVendorClassifier (META-INF/services of this module's tests) knows vendor code 99999.
    assertThat(of("HY000", 99999).reason()).isEqualTo(DataAccessException.Reason.LOCK_TIMEOUT);
    assertThat(of("HY000", 99999).isTransient()).isTrue();
    SQLException wrapped = new SQLException("outer", null, 0, new SQLException("inner", "HY000", 99999));
    assertThat(new DataAccessException("op failed", wrapped).reason()).isEqualTo(DataAccessException.Reason.LOCK_TIMEOUT);
    assertThat(DataAccessException.Reason.of(new SQLException("x", "HY000", 7), e -> e.getErrorCode() == 7
        ? DataAccessException.Reason.QUERY_TIMEOUT : null)).isEqualTo(DataAccessException.Reason.QUERY_TIMEOUT);
  }

  @Test
  void permanentFailuresAreNotTransient() {
    assertThat(of("23505", 0).isTransient()).as("unique violation").isFalse();
    assertThat(of("42601", 0).isTransient()).as("syntax error").isFalse();
    assertThat(of("42000", 1213).isTransient()).as("a 42xxx state wins over a vendor code").isFalse();
    assertThat(new DataAccessException("no cause", null).isTransient()).isFalse();
  }

  @Test
  void sqlStateComesFromTheFirstExceptionInTheChainThatHasOne() {
    SQLException inner = new SQLException("inner", "40P01");
    SQLException outer = new SQLException("outer", null, 0, inner);
    DataAccessException e = new DataAccessException("deleteRunsByApp failed: DELETE ...", outer);
    assertThat(e.sqlState()).isEqualTo("40P01");
    assertThat(e.isTransient()).isTrue();
    assertThat(e).hasMessage("deleteRunsByApp failed: DELETE ...").hasCause(outer);
    assertThat(new DataAccessException("x", null).sqlState()).isNull();
  }
}
