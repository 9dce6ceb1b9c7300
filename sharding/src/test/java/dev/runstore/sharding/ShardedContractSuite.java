package dev.runstore.sharding;

import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.PauseTablesContract;
import dev.runstore.testkit.UnknownStoredValueContract;
import dev.runstore.testkit.WorkflowRunRepositoryContract;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole contract suite through ShardingSphere-JDBC on two databases of one kind, runs sharded
 * by tenant, the repository built by the backend's public DataSource constructor (sharding mode
 * recognised by itself); one subclass per backend.
 */
abstract class ShardedContractSuite extends WorkflowRunRepositoryContract
    implements UnknownStoredValueContract, PauseTablesContract {

  private ShardedDatabases databases;

  /** The kind of the two sharded databases. */
  abstract ShardedDatabases.Kind kind();

  /** The backend's repository by its public constructor on {@code dataSource}. */
  abstract WorkflowRunRepository repository(DataSource dataSource);

  /** The backend's repository with {@code options}, schema left as it is. */
  abstract WorkflowRunRepository repository(DataSource dataSource, RepositoryOptions options);

  @Override
  protected WorkflowRunRepository createRepository() {
    databases = ShardedDatabases.create(kind());
    return repository(countingAccesses(databases.sharding));
  }

  @Override
  protected WorkflowRunRepository createRepository(RepositoryOptions options) {
    return repository(databases.sharding, options);
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
