package dev.runstore.sharding;

import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.jdbc.mysql.MySqlWorkflowRunRepository;
import javax.sql.DataSource;

/** The contract suite through ShardingSphere-JDBC on two MySQL or MariaDB databases ({@link ShardedContractSuite}). */
class MySqlShardedContractTest extends ShardedContractSuite {

  @Override
  ShardedDatabases.Kind kind() {
    return ShardedDatabases.Kind.MYSQL;
  }

  @Override
  WorkflowRunRepository repository(DataSource dataSource) {
    return new MySqlWorkflowRunRepository(dataSource);
  }

  @Override
  WorkflowRunRepository repository(DataSource dataSource, RepositoryOptions options) {
    return new MySqlWorkflowRunRepository(dataSource, false, options);
  }
}
