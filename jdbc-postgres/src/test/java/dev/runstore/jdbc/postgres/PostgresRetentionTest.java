package dev.runstore.jdbc.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.retention.contract.RetentionContract;
import org.junit.jupiter.api.AfterAll;

/**
 * The retention crash-safety suite on PostgreSQL (embedded 17, or the server of
 * RUNSTORE_TEST_POSTGRES_URL), archiving to a local directory. The class works in a schema of its
 * own: the suite's all-tenants purge (runs before a year-1001 cutoff) sees only this table.
 */
class PostgresRetentionTest extends RetentionContract {

  private String schema;
  private HikariDataSource pool;

  @Override
  protected WorkflowRunRepository createRepository() {
    schema = PostgresTestDatabase.newSchema();
    pool = PostgresTestDatabase.pool(schema, null);
    return new PostgresWorkflowRunRepository(pool, true);
  }

  // Runs before the contract's own @AfterAll (subclass first): that one closes the repository,
  // which leaves a caller's DataSource open, so the pool and schema are ours to drop.
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
