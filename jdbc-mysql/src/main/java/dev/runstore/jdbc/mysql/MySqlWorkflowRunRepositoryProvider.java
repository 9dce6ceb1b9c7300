package dev.runstore.jdbc.mysql;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.jdbc.JdbcPools;
import dev.runstore.spi.WorkflowRunRepositoryProvider;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Registers {@link MySqlWorkflowRunRepository} with ServiceLoader under the short name
 * {@code mysql}. Without a DataSource it builds a HikariCP pool from {@code runstore.jdbc.*},
 * owned and closed by the repository.
 */
public final class MySqlWorkflowRunRepositoryProvider implements WorkflowRunRepositoryProvider {

  /** Does no work (ServiceLoader may instantiate providers it does not pick). */
  public MySqlWorkflowRunRepositoryProvider() {}

  @Override
  public String name() {
    return MySqlWorkflowRunRepository.NAME;
  }

  @Override
  public Class<MySqlWorkflowRunRepository> implementationType() {
    return MySqlWorkflowRunRepository.class;
  }

  @Override
  public WorkflowRunRepository create(RepositoryConfig config, @Nullable DataSource dataSource) {
    return JdbcPools.repository(config, dataSource, MySqlWorkflowRunRepository.NAME, MySqlWorkflowRunRepository::new);
  }

  /**
   * {@code MySQL} and {@code MariaDB} (any case): Connector/J reports {@code MySQL} for both
   * servers, MariaDB's own driver reports {@code MariaDB}.
   */
  @Override
  public boolean supportsDatabaseProduct(String databaseProductName) {
    return "MySQL".equalsIgnoreCase(databaseProductName) || "MariaDB".equalsIgnoreCase(databaseProductName);
  }
}
