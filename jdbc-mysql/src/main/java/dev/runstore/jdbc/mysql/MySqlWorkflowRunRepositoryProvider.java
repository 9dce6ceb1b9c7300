package dev.runstore.jdbc.mysql;

import dev.runstore.jdbc.JdbcRepositoryProvider;
import java.util.List;

/**
 * Registers {@link MySqlWorkflowRunRepository} with ServiceLoader under the short name
 * {@code mysql}. Without a DataSource it builds a HikariCP pool from {@code runstore.jdbc.*},
 * owned and closed by the repository.
 */
public final class MySqlWorkflowRunRepositoryProvider extends JdbcRepositoryProvider {

  /**
   * Does no work (ServiceLoader may instantiate providers it does not pick).
   * Accepts {@code jdbc:mysql:} (Connector/J) and {@code jdbc:mariadb:} (MariaDB Connector/J) URLs,
   * and the products {@code MySQL} (Connector/J reports it for both servers) and {@code MariaDB}
   * (MariaDB's own driver).
   */
  public MySqlWorkflowRunRepositoryProvider() {
    super(MySqlWorkflowRunRepository.NAME, List.of("jdbc:mysql:", "jdbc:mariadb:"), List.of("MySQL", "MariaDB"),
        MySqlWorkflowRunRepository::new);
  }

  @Override
  public Class<MySqlWorkflowRunRepository> implementationType() {
    return MySqlWorkflowRunRepository.class;
  }
}
