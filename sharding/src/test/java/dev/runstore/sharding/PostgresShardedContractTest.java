package dev.runstore.sharding;

import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository;
import javax.sql.DataSource;

/** The contract suite through ShardingSphere-JDBC on two PostgreSQL databases ({@link ShardedContractSuite}). */
class PostgresShardedContractTest extends ShardedContractSuite {

  @Override
  ShardedDatabases.Kind kind() {
    return ShardedDatabases.Kind.POSTGRES;
  }

  @Override
  WorkflowRunRepository repository(DataSource dataSource) {
    return new PostgresWorkflowRunRepository(dataSource);
  }

  @Override
  WorkflowRunRepository repository(DataSource dataSource, RepositoryOptions options) {
    return new PostgresWorkflowRunRepository(dataSource, false, options);
  }
}
