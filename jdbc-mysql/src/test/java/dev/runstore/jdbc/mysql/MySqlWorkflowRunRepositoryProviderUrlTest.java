package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which JDBC URLs the provider claims, so that a URL alone picks this backend (and no other). */
class MySqlWorkflowRunRepositoryProviderUrlTest {

  private final MySqlWorkflowRunRepositoryProvider provider = new MySqlWorkflowRunRepositoryProvider();

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:mysql://db:3306/dify", "jdbc:mariadb://db/dify?useSsl=true", " JDBC:MySQL://db/x"})
  void acceptsItsSchemes(String url) {
    assertThat(provider.acceptsJdbcUrl(url)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:postgresql://db/dify", "jdbc:h2:mem:x", "jdbc:mysqlx://db/x", "mysql://db/x"})
  void rejectsOthers(String url) {
    assertThat(provider.acceptsJdbcUrl(url)).isFalse();
  }
}
