package dev.runstore.jdbc.h2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which JDBC URLs the provider claims, so that a URL alone picks this backend (and no other). */
class H2WorkflowRunRepositoryProviderUrlTest {

  private final H2WorkflowRunRepositoryProvider provider = new H2WorkflowRunRepositoryProvider();

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:h2:file:./runstore-data/runstore", "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1", "jdbc:h2:tcp://localhost/~/x"})
  void acceptsItsSchemes(String url) {
    assertThat(provider.acceptsJdbcUrl(url)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:postgresql://db/x", "jdbc:mysql://db/x", "h2:mem:x"})
  void rejectsOthers(String url) {
    assertThat(provider.acceptsJdbcUrl(url)).isFalse();
  }
}
