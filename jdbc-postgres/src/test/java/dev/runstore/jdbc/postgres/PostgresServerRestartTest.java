package dev.runstore.jdbc.postgres;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.NetworkFaultContract;
import dev.runstore.testkit.ServerRestartContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ServerRestartContract} on a private embedded PostgreSQL (zonky), so that the shared test
 * server is never touched: stopped ({@code pg_ctl stop -m fast}) and started again on the same
 * port and data directory while a writer saves runs.
 */
class PostgresServerRestartTest extends ServerRestartContract {

  private Path dataDirectory;
  private int port;
  private EmbeddedPostgres server;
  private WorkflowRunRepository repository;

  @BeforeAll
  void start() throws IOException {
    dataDirectory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pg-restart-");
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    startServer();
    repository = WorkflowRunRepositories.create(NetworkFaultContract.withTimeouts(RepositoryConfig.builder()
            .repository("postgres")
            .jdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres")
            .jdbcUsername("postgres")
            .jdbcPassword("")
            .schemaCreate(true))
        // A server just started on a loaded machine may take seconds to greet (refused while down);
        // HikariCP also gives the driver a login timeout of the acquire timeout (1 s was too short).
        .set("runstore.jdbc.connect-timeout", "5s")
        .set("runstore.jdbc.pool.acquire-timeout", "3s")
        .build());
  }

  @AfterAll
  void stop() throws IOException {
    try {
      if (repository != null) {
        repository.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Override
  protected WorkflowRunRepository repository() {
    return repository;
  }

  @Override
  protected void stopServer() throws IOException {
    server.close();
    server = null;
  }

  @Override
  protected void startServer() throws IOException {
    server = EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(true)
        .start();
  }

  @Override
  protected Duration maxCall() {
    return NetworkFaultContract.MAX_CALL;
  }

  @Override
  protected String database() {
    return "PostgreSQL (private embedded)";
  }
}
