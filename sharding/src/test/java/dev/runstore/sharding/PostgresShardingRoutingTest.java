package dev.runstore.sharding;

import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository;
import javax.sql.DataSource;

/** {@link ShardingRoutingContract} on two PostgreSQL databases, repository by the public DataSource constructor. */
class PostgresShardingRoutingTest extends ShardingRoutingContract {
  @Override
  ShardedDatabases.Kind kind() {
    return ShardedDatabases.Kind.POSTGRES;
  }

  @Override
  WorkflowRunRepository repositoryOn(DataSource sharding) {
    return new PostgresWorkflowRunRepository(sharding);
  }
}
