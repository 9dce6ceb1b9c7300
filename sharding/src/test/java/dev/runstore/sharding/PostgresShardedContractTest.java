package dev.runstore.sharding;

import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository;
import dev.runstore.testkit.PauseTablesContract;
import dev.runstore.testkit.UnknownStoredValueContract;
import dev.runstore.testkit.WorkflowRunRepositoryContract;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole contract suite through ShardingSphere-JDBC on two PostgreSQL databases, runs sharded
 * by tenant, the repository built by the backend's public DataSource constructor (sharding mode
 * recognised by itself).
 */
class PostgresShardedContractTest extends WorkflowRunRepositoryContract
    implements UnknownStoredValueContract, PauseTablesContract {

  private ShardedDatabases databases;

  @Override
  protected WorkflowRunRepository createRepository() {
    databases = ShardedDatabases.create(ShardedDatabases.Kind.POSTGRES);
    return new PostgresWorkflowRunRepository(countingAccesses(databases.sharding));
  }

  @Override
  protected WorkflowRunRepository createRepository(RepositoryOptions options) {
    return new PostgresWorkflowRunRepository(databases.sharding, false, options);
  }

  @Override
  public DataSource storageForChecks() {
    return databases.sharding;
  }

  @AfterAll
  void dropDatabases() throws Exception {
    if (databases != null) {
      databases.close();
    }
  }
}
