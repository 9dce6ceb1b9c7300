package dev.runstore.jdbc.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.WorkflowRunRepositoryContract;
import org.junit.jupiter.api.AfterAll;

/** The contract suite on PostgreSQL (embedded 17, or the server of RUNSTORE_TEST_POSTGRES_URL). */
class PostgresWorkflowRunRepositoryTest extends WorkflowRunRepositoryContract {

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

  /** The pool under the repository, for tests that look at the table directly. */
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
