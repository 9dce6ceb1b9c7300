package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.RepositoryConfig.RelatedTables;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepository;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
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
    implements dev.runstore.testkit.UnknownStoredValueContract, dev.runstore.testkit.PauseTablesContract,
        dev.runstore.testkit.RelatedRowsContract, dev.runstore.testkit.DifyRelatedRowsContract {

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

  @Override
  public WorkflowRunRepository runsOnlyRepository() {
    return new MySqlWorkflowRunRepository(pool, false, null, RepositoryOptions.defaults(), RelatedTables.NONE);
  }

  private String difyDatabase;
  private HikariDataSource difyPool;
  private final Map<RelatedTables, WorkflowRunRepository> difyRepositories = new EnumMap<>(RelatedTables.class);

  /** A database of its own where the Dify contract creates Dify's related tables before runstore's. */
  @Override
  public synchronized DataSource difyStorage() {
    if (difyPool == null) {
      try {
        difyDatabase = "rs_dify_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        difyPool = MySqlTestServers.server().withDatabase(difyDatabase).pool("dify-" + MySqlTestServers.target());
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return difyPool;
  }

  @Override
  public synchronized WorkflowRunRepository difyRepository(RelatedTables related) {
    return difyRepositories.computeIfAbsent(related,
        r -> new MySqlWorkflowRunRepository(difyStorage(), true, null, RepositoryOptions.defaults(), r));
  }

  /**
   * KILL of the session of this database whose DELETE waits on the locker's lock: the only other
   * DELETE of this database while the contract's deleter is blocked (MariaDB 11.4 does not show
   * the wait in innodb_trx, so the process list is read).
   */
  @Override
  public boolean killSessionBlockedBy(Connection locker) throws SQLException {
    List<Map<String, String>> rows = MySqlTests.query(locker, "SELECT id FROM information_schema.processlist"
        + " WHERE db = DATABASE() AND id <> CONNECTION_ID() AND info LIKE 'DELETE FROM workflow_trigger_logs%'");
    if (rows.isEmpty()) {
      return false;
    }
    MySqlTests.execute(locker, "KILL " + rows.get(0).get("id"));
    return true;
  }

  @AfterAll
  void closePool() {
    if (pool != null) {
      pool.close();
    }
    if (difyPool != null) {
      difyPool.close();
      try (Connection c = MySqlTestServers.server().connect(); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + difyDatabase);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
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
