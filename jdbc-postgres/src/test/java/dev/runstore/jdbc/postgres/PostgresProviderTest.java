package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The provider serves the database product a real PostgreSQL server reports, and no other. */
class PostgresProviderTest {

  @Test
  void servesTheDatabaseProductTheServerReports() throws SQLException {
    PostgresTestDatabase.Server server = PostgresTestDatabase.server();
    String product;
    try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password())) {
      product = c.getMetaData().getDatabaseProductName();
    }
    PostgresWorkflowRunRepositoryProvider provider = new PostgresWorkflowRunRepositoryProvider();
    assertThat(provider.supportsDatabaseProduct(product)).as(product).isTrue();
    assertThat(provider.supportsDatabaseProduct("MySQL")).isFalse();
    assertThat(provider.supportsDatabaseProduct("H2")).isFalse();
  }
}
