package dev.runstore.jdbc.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.retention.contract.DifyRetentionContract;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/**
 * Retention of a Dify database on PostgreSQL: Dify's six related tables next to runstore's
 * schema, in a schema of this class's own; no orphans after a purge, every row back after a restore.
 */
class PostgresDifyRetentionTest extends DifyRetentionContract {

  private String schema;
  private HikariDataSource pool;

  @Override
  protected DataSource createDataSource() {
    schema = PostgresTestDatabase.newSchema();
    pool = PostgresTestDatabase.pool(schema, null);
    return pool;
  }

  @Override
  protected WorkflowRunRepository createRepository(DataSource dataSource) {
    return new PostgresWorkflowRunRepository(dataSource, true);
  }

  // Runs before the contract's own @AfterAll (subclass first), which closes the repository but
  // leaves a caller's DataSource open: the pool and schema are ours to drop.
  @AfterAll
  void dropSchema() {
    if (pool != null) {
      pool.close();
    }
    if (schema != null) {
      PostgresTestDatabase.dropSchema(schema);
    }
  }
}
