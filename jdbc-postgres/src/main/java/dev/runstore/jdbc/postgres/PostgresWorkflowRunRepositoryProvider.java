package dev.runstore.jdbc.postgres;

import dev.runstore.jdbc.JdbcRepositoryProvider;
import java.util.List;

/**
 * Registers {@link PostgresWorkflowRunRepository} with ServiceLoader under the short name
 * {@code postgres}. Without a DataSource it builds a HikariCP pool from {@code runstore.jdbc.*},
 * owned and closed by the repository.
 */
public final class PostgresWorkflowRunRepositoryProvider extends JdbcRepositoryProvider {

  /**
   * Does no work (ServiceLoader may instantiate providers it does not pick).
   * Accepts {@code jdbc:postgresql:} URLs (pgjdbc) and the product {@code PostgreSQL}.
   */
  public PostgresWorkflowRunRepositoryProvider() {
    super(PostgresWorkflowRunRepository.NAME, List.of("jdbc:postgresql:"), List.of("PostgreSQL"),
        PostgresWorkflowRunRepository::new);
  }

  @Override
  public Class<PostgresWorkflowRunRepository> implementationType() {
    return PostgresWorkflowRunRepository.class;
  }
}
