package dev.runstore.jdbc.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The provider serves the database product H2 reports, and no other. */
class H2ProviderTest {

  @Test
  void servesTheDatabaseProductH2Reports() throws SQLException {
    String product;
    try (Connection c = H2TestDatabases.connect(H2TestDatabases.memoryUrl())) {
      product = c.getMetaData().getDatabaseProductName();
    }
    H2WorkflowRunRepositoryProvider provider = new H2WorkflowRunRepositoryProvider();
    assertThat(provider.supportsDatabaseProduct(product)).as(product).isTrue();
    assertThat(provider.supportsDatabaseProduct("PostgreSQL")).isFalse();
    assertThat(provider.supportsDatabaseProduct("MySQL")).isFalse();
  }
}
