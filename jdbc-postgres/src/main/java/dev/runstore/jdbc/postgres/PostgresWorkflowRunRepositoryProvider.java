package dev.runstore.jdbc.postgres;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.jdbc.JdbcPools;
import dev.runstore.spi.WorkflowRunRepositoryProvider;
import java.util.Locale;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Registers {@link PostgresWorkflowRunRepository} with ServiceLoader under the short name
 * {@code postgres}. Without a DataSource it builds a HikariCP pool from {@code runstore.jdbc.*},
 * owned and closed by the repository.
 */
public final class PostgresWorkflowRunRepositoryProvider implements WorkflowRunRepositoryProvider {

  /** Does no work (ServiceLoader may instantiate providers it does not pick). */
  public PostgresWorkflowRunRepositoryProvider() {}

  @Override
  public String name() {
    return PostgresWorkflowRunRepository.NAME;
  }

  @Override
  public Class<PostgresWorkflowRunRepository> implementationType() {
    return PostgresWorkflowRunRepository.class;
  }

  @Override
  public WorkflowRunRepository create(RepositoryConfig config, @Nullable DataSource dataSource) {
    return create(config, dataSource, RepositoryOptions.defaults());
  }

  @Override
  public WorkflowRunRepository create(
      RepositoryConfig config, @Nullable DataSource dataSource, RepositoryOptions options) {
    return JdbcPools.repository(config, dataSource, PostgresWorkflowRunRepository.NAME,
        (pool, createSchema, owned) ->
            new PostgresWorkflowRunRepository(pool, createSchema, owned, options, config.relatedTables()));
  }

  /** Accepts {@code jdbc:postgresql:} URLs (pgjdbc). */
  @Override
  public boolean acceptsJdbcUrl(String jdbcUrl) {
    String scheme = jdbcUrl.strip().toLowerCase(Locale.ROOT);
    return scheme.startsWith("jdbc:postgresql:");
  }

  /** {@code PostgreSQL}, as pgjdbc reports it (any case). */
  @Override
  public boolean supportsDatabaseProduct(String databaseProductName) {
    return "PostgreSQL".equalsIgnoreCase(databaseProductName);
  }
}
