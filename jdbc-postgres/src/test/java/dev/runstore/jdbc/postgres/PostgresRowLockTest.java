package dev.runstore.jdbc.postgres;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.retention.LocalDirectoryArchive;
import dev.runstore.retention.RetentionJob;
import dev.runstore.testkit.RowLockContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link RowLockContract} on PostgreSQL: {@code lock_timeout} (55P03), {@code statement_timeout}-like cancels (57014). */
class PostgresRowLockTest extends RowLockContract {

  private String schema;

  @BeforeAll
  void schema() {
    schema = PostgresTestDatabase.newSchema();
    new PostgresWorkflowRunRepository(PostgresTestDatabase.plain(schema), true).close();
  }

  @AfterAll
  void drop() {
    PostgresTestDatabase.dropSchema(schema);
  }

  /** The server's URL on this class's schema. */
  static String url(String schema, String extra) {
    String url = PostgresTestDatabase.server().url();
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + extra;
  }

  @Override
  protected WorkflowRunRepository repository(RepositoryConfig.Builder settings) {
    PostgresTestDatabase.Server server = PostgresTestDatabase.server();
    return new PostgresWorkflowRunRepositoryProvider().create(
        settings.jdbcUrl(url(schema, "")).jdbcUsername(server.user()).jdbcPassword(server.password()).build(), null);
  }

  @Override
  protected AutoCloseable lock(String tenantId, List<String> runIds) throws Exception {
    Connection c = PostgresTestDatabase.plain(schema).getConnection();
    c.setAutoCommit(false);
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id FROM workflow_runs WHERE tenant_id = ?::uuid AND id::text = ANY(?) FOR UPDATE")) {
      s.setString(1, tenantId);
      Array ids = c.createArrayOf("text", runIds.toArray());
      s.setArray(2, ids);
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
