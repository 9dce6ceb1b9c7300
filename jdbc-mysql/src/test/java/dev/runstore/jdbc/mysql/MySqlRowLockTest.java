package dev.runstore.jdbc.mysql;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.retention.LocalDirectoryArchive;
import dev.runstore.retention.RetentionJob;
import dev.runstore.testkit.RowLockContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link RowLockContract} on MySQL/MariaDB: {@code innodb_lock_wait_timeout} (error 1205, which
 * MariaDB reports with the deadlock's SQLState 40001: never retried), Connector/J's query timeout
 * (1317). Before issue 12 a lock wait was retried eight times, and waited 50 s each by default.
 */
class MySqlRowLockTest extends RowLockContract {

  private final String database = "rs_lock_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
  private MySqlTestServers.Server server;

  @BeforeAll
  void database() throws SQLException {
    server = MySqlTestServers.server().withDatabase(database);
    try (var pool = server.pool("rowlock-schema")) {
      new MySqlWorkflowRunRepository(pool, true).close();
    }
  }

  @AfterAll
  void drop() throws SQLException {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database);
    }
  }

  @Override
  protected WorkflowRunRepository repository(RepositoryConfig.Builder settings) {
    return new MySqlWorkflowRunRepositoryProvider().create(settings.jdbcUrl(server.jdbcUrl())
        .jdbcUsername(server.username()).jdbcPassword(server.password()).build(), null);
  }

  @Override
  protected AutoCloseable lock(String tenantId, List<String> runIds) throws Exception {
    Connection c = server.connect();
    c.setAutoCommit(false);
    String marks = String.join(", ", runIds.stream().map(id -> "?").toList());
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id FROM workflow_runs WHERE tenant_id = ? AND id IN (" + marks + ") FOR UPDATE")) {
      s.setString(1, tenantId);
      for (int i = 0; i < runIds.size(); i++) {
        s.setString(i + 2, runIds.get(i));
      }
      int n = 0;
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          n++;
        }
      }
      if (n != runIds.size()) {
        throw new IllegalStateException("locked " + n + " of " + runIds.size() + " runs");
      }
    }
    return () -> {
      c.rollback();
      c.close();
    };
  }

  @Override
  protected void purge(WorkflowRunRepository repository, String tenantId, Instant before) {
    try {
      RetentionJob.builder(repository, new LocalDirectoryArchive(Files.createTempDirectory("runstore-purge")))
          .tenant(tenantId).cutoff(before).endedOnly(false).build().run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
