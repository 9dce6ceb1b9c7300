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
    assertThat(of("HY000", 1205).isTransient()).as("MySQL lock wait timeout").isTrue();
    assertThat(of("55P03", 0).isTransient()).as("PostgreSQL lock not available").isTrue();
    assertThat(of("57P01", 0).isTransient()).as("PostgreSQL admin shutdown").isTrue();
    assertThat(new DataAccessException("pool", new SQLTransientConnectionException("timeout")).isTransient())
        .as("pool timeout")
        .isTrue();
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
