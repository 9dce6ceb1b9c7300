package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.retention.contract.RetentionContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The retention crash-safety suite on MySQL/MariaDB (the server of this JVM, see
 * {@link MySqlTestServers}), archiving to a local directory. The class works in a database of its
 * own: the suite's all-tenants purge (runs before a year-1001 cutoff) sees only this table.
 */
class MySqlRetentionTest extends RetentionContract {

  private final String database = "runstore_retention_" + UUID.randomUUID().toString().substring(0, 8);
  private HikariDataSource pool;

  @Override
  protected WorkflowRunRepository createRepository() {
    try {
      pool = MySqlTestServers.server().withDatabase(database).pool("retention");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + database, e);
    }
    return new MySqlWorkflowRunRepository(pool, true);
  }

  // Runs before the contract's own @AfterAll, which closes the repository but leaves a caller's
  // DataSource open: the pool and the database are ours to drop.
  @AfterAll
  void dropDatabase() throws SQLException {
    if (pool != null) {
      pool.close();
    }
    try (Connection c = MySqlTestServers.server().connect()) {
      MySqlTests.execute(c, "DROP DATABASE IF EXISTS " + database);
    }
  }

  /** The isolation the class comment promises: the repository's table is in this class's database. */
  @Test
  void worksInADatabaseOfItsOwn() throws SQLException {
    try (Connection c = pool.getConnection()) {
      assertThat(MySqlTests.scalar(c, "SELECT DATABASE()")).isEqualTo(database);
      assertThat(MySqlTests.scalar(c,
              "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                  + " AND table_name = 'workflow_runs'"))
          .isEqualTo("1");
    }
  }
}
