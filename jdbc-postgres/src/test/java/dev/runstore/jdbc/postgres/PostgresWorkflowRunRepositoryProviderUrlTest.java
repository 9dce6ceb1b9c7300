package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which JDBC URLs the provider claims, so that a URL alone picks this backend (and no other). */
class PostgresWorkflowRunRepositoryProviderUrlTest {

  private final PostgresWorkflowRunRepositoryProvider provider = new PostgresWorkflowRunRepositoryProvider();

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:postgresql://db:5432/dify", "jdbc:postgresql:dify", "JDBC:PostgreSQL://db/x"})
  void acceptsItsSchemes(String url) {
    assertThat(provider.acceptsJdbcUrl(url)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:postgres://db/dify", "jdbc:mysql://db/x", "jdbc:h2:mem:x", "postgresql://db/x"})
  void rejectsOthers(String url) {
    assertThat(provider.acceptsJdbcUrl(url)).isFalse();
  }
}
