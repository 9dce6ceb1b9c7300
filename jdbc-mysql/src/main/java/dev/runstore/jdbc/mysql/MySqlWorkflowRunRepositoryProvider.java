package dev.runstore.jdbc.mysql;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.jdbc.JdbcPools;
import dev.runstore.spi.WorkflowRunRepositoryProvider;
import java.util.Locale;
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
    return create(config, dataSource, RepositoryOptions.defaults());
  }

  @Override
  public WorkflowRunRepository create(
      RepositoryConfig config, @Nullable DataSource dataSource, RepositoryOptions options) {
    return JdbcPools.repository(config, dataSource, MySqlWorkflowRunRepository.NAME,
        (pool, createSchema, owned) ->
            new MySqlWorkflowRunRepository(pool, createSchema, owned, options, config.relatedTables()));
  }

  /** Accepts {@code jdbc:mysql:} (Connector/J) and {@code jdbc:mariadb:} (MariaDB Connector/J) URLs. */
  @Override
  public boolean acceptsJdbcUrl(String jdbcUrl) {
    String scheme = jdbcUrl.strip().toLowerCase(Locale.ROOT);
    return scheme.startsWith("jdbc:mysql:") || scheme.startsWith("jdbc:mariadb:");
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
