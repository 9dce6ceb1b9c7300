package dev.runstore.jdbc.mysql;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.testkit.NetworkFaultContract;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;

/**
 * The network fault suite ({@link NetworkFaultContract}) on MySQL/MariaDB: a repository built from
 * {@code runstore.jdbc.*} reaches the test server only through a loopback {@code FaultProxy}.
 */
class MySqlNetworkFaultTest extends NetworkFaultContract {

  private static final Pattern URL = Pattern.compile("jdbc:mysql://([^:/?]+)(?::(\\d+))?/[^?]*(\\?.*)?");

  private final String databaseName =
      "rs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
  private final MySqlTestServers.Server server;
  private final Matcher url;

  MySqlNetworkFaultTest() throws Exception {
    server = MySqlTestServers.server().withDatabase(databaseName);
    url = URL.matcher(server.jdbcUrl());
    if (!url.matches()) {
      throw new IllegalStateException("unexpected MySQL test URL " + server.jdbcUrl());
    }
  }

  @AfterAll
  void dropDatabase() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + databaseName);
    }
  }

  @Override
  protected String serverHost() {
    return url.group(1);
  }

  @Override
  protected int serverPort() {
    return url.group(2) == null ? 3306 : Integer.parseInt(url.group(2));
  }

  @Override
  protected RepositoryConfig.Builder configThrough(int proxyPort) {
    String params = url.group(3) == null ? "" : url.group(3);
    return RepositoryConfig.builder()
        .repository("mysql")
        .jdbcUrl("jdbc:mysql://127.0.0.1:" + proxyPort + "/" + databaseName + params)
        .jdbcUsername(server.username())
        .jdbcPassword(server.password())
        .schemaCreate(true);
  }

  /**
   * Twice the socket timeout, plus 3 s: Connector/J against the embedded MariaDB 11.4 ended a read
   * on a silent connection only after 64 s with a 32 s socket timeout ("Read timed out", no packet
   * for 64 s; CI run of 3 December), against MariaDB 10.11 after 32 s. Still bounded by the keys.
   */
  @Override
  protected java.time.Duration maxStalledCall() {
    return QUERY_TIMEOUT.plusSeconds(30).multipliedBy(2).plusSeconds(3);
  }

  @Override
  protected String database() {
    return "MySQL/MariaDB " + server.target();
  }
}
