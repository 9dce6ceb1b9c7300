package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.WorkflowRunRepositoryContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The whole contract suite against the server of this JVM ({@link MySqlTestServers}): embedded
 * MariaDB 11.4 and embedded MySQL 8.0 in the default build (one surefire execution each), or the
 * server of {@code RUNSTORE_TEST_MYSQL_URL}. The pom runs each JVM in a time zone far from UTC,
 * and the pool sets a session time zone far from both. Daily statistics there are {@code TO_DAYS}
 * numbers shifted by JVM-computed offsets, so the testkit's {@code StatisticsRangeContract}
 * (years 1000 to 9999, exotic zones) needs neither time-zone tables nor DATETIME arithmetic past
 * 9999-12-31 on the server.
 */
class MySqlWorkflowRunRepositoryTest extends WorkflowRunRepositoryContract
    implements dev.runstore.testkit.UnknownStoredValueContract, dev.runstore.testkit.PauseTablesContract {

  private HikariDataSource pool;

  @Override
  protected WorkflowRunRepository createRepository() {
    MySqlTestServers.Server server = MySqlTestServers.server();
    pool = server.pool("contract-" + server.target());
    return new MySqlWorkflowRunRepository(countingAccesses(pool), true);
  }

  @Override
  protected WorkflowRunRepository createRepository(dev.runstore.api.RepositoryOptions options) {
    return new MySqlWorkflowRunRepository(pool, false, options);
  }

  @Override
  public javax.sql.DataSource storageForChecks() {
    return pool;
  }

  @AfterAll
  void closePool() {
    if (pool != null) {
      pool.close();
    }
  }

  /**
   * The suite ran where the class comment says: on the server its target names, with a session
   * time zone other than UTC (so a driver or SQL conversion through the session zone would show).
   */
  @Test
  void runsOnTheClaimedServerInANonUtcSession() throws SQLException {
    try (Connection c = pool.getConnection()) {
      String version = MySqlTests.scalar(c, "SELECT VERSION()").toLowerCase(Locale.ROOT);
      switch (MySqlTestServers.target()) {
        case MARIADB -> assertThat(version).contains("mariadb").startsWith("11.4");
        case MYSQL80 -> assertThat(version).doesNotContain("mariadb").startsWith("8.0");
        case EXTERNAL -> assertThat(version).isNotBlank();
      }
      if (MySqlTestServers.sessionTimeZone() != null) {
        String offset = MySqlTests.scalar(c, "SELECT TIMEDIFF(NOW(), UTC_TIMESTAMP())");
        assertThat(offset).as("session offset from UTC").doesNotStartWith("00:00:00");
      }
    }
  }
}
