package dev.runstore.sharding;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import javax.sql.DataSource;

/**
 * {@link ShardingRoutingContract} on two MySQL/MariaDB databases, repository by
 * {@code WorkflowRunRepositories.create(config, shardingDataSource)}.
 */
class MySqlShardingRoutingTest extends ShardingRoutingContract {
  @Override
  ShardedDatabases.Kind kind() {
    return ShardedDatabases.Kind.MYSQL;
  }

  @Override
  WorkflowRunRepository repositoryOn(DataSource sharding) {
    return WorkflowRunRepositories.create(RepositoryConfig.builder().repository("mysql").build(), sharding);
  }
}
