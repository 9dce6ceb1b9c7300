package dev.runstore.jdbc.mysql;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.retention.contract.DifyRetentionContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/**
 * Retention of a Dify database on MySQL/MariaDB (the server of this JVM, see
 * {@link MySqlTestServers}): Dify's six related tables next to runstore's schema, in a database of
 * this class's own; no orphans after a purge, every row back after a restore.
 */
class MySqlDifyRetentionTest extends DifyRetentionContract {

  private final String database = "runstore_dify_retention_" + UUID.randomUUID().toString().substring(0, 8);
  private HikariDataSource pool;

  @Override
  protected DataSource createDataSource() {
    try {
      pool = MySqlTestServers.server().withDatabase(database).pool("dify-retention");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + database, e);
    }
    return pool;
  }

  @Override
  protected WorkflowRunRepository createRepository(DataSource dataSource) {
    return new MySqlWorkflowRunRepository(dataSource, true);
  }

  @AfterAll
  void dropDatabase() throws SQLException {
    if (pool != null) {
      pool.close();
    }
    try (Connection c = MySqlTestServers.server().connect()) {
      MySqlTests.execute(c, "DROP DATABASE IF EXISTS " + database);
    }
  }
}
