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

  @Override
  protected String database() {
    return "MySQL/MariaDB " + server.target();
  }
}
