package dev.runstore.jdbc.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.WorkflowRunRepositoryContract;
import org.junit.jupiter.api.AfterAll;

/** The contract suite on PostgreSQL (embedded 17, or the server of RUNSTORE_TEST_POSTGRES_URL). */
class PostgresWorkflowRunRepositoryTest extends WorkflowRunRepositoryContract
    implements dev.runstore.testkit.UnknownStoredValueContract, dev.runstore.testkit.PauseTablesContract {

  private String schema;
  private HikariDataSource pool;

  /** The session time zone of the pool's connections, or null for the server's default. */
  String sessionTimeZone() {
    return null;
  }

  @Override
  protected WorkflowRunRepository createRepository() {
    schema = PostgresTestDatabase.newSchema();
    pool = PostgresTestDatabase.pool(schema, sessionTimeZone());
    return new PostgresWorkflowRunRepository(countingAccesses(pool), true);
  }

  @Override
  protected WorkflowRunRepository createRepository(dev.runstore.api.RepositoryOptions options) {
    return new PostgresWorkflowRunRepository(pool, false, options);
  }

  /** The pool under the repository, for tests that look at the table directly. */
  @Override
  public javax.sql.DataSource storageForChecks() {
    return pool;
  }

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
