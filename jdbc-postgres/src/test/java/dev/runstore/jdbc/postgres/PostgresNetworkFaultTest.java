package dev.runstore.jdbc.postgres;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.testkit.NetworkFaultContract;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;

/**
 * The network fault suite ({@link NetworkFaultContract}) on PostgreSQL: a repository built from
 * {@code runstore.jdbc.*} reaches the test server only through a loopback {@code FaultProxy}.
 */
class PostgresNetworkFaultTest extends NetworkFaultContract {

  private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]*).*");

  private final String schema = PostgresTestDatabase.newSchema();
  private final Matcher server = parse(PostgresTestDatabase.server().url());

  private static Matcher parse(String url) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      throw new IllegalStateException("unexpected PostgreSQL test URL " + url);
    }
    return m;
  }

  @AfterAll
  void dropSchema() {
    PostgresTestDatabase.dropSchema(schema);
  }

  @Override
  protected String serverHost() {
    return server.group(1);
  }

  @Override
  protected int serverPort() {
    return server.group(2) == null ? 5432 : Integer.parseInt(server.group(2));
  }

  @Override
  protected RepositoryConfig.Builder configThrough(int proxyPort) {
    PostgresTestDatabase.Server s = PostgresTestDatabase.server();
    return RepositoryConfig.builder()
        .repository("postgres")
        .jdbcUrl("jdbc:postgresql://127.0.0.1:" + proxyPort + "/" + server.group(3) + "?currentSchema=" + schema)
        .jdbcUsername(s.user())
        .jdbcPassword(s.password())
        .schemaCreate(true);
  }

  @Override
  protected String database() {
    return "PostgreSQL";
  }
}
