package dev.runstore.jdbc.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.RepositoryConfig.RelatedTables;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepository;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import javax.sql.DataSource;
import dev.runstore.testkit.WorkflowRunRepositoryContract;
import org.junit.jupiter.api.AfterAll;

/** The contract suite on PostgreSQL (embedded 17, or the server of RUNSTORE_TEST_POSTGRES_URL). */
class PostgresWorkflowRunRepositoryTest extends WorkflowRunRepositoryContract
    implements dev.runstore.testkit.UnknownStoredValueContract, dev.runstore.testkit.PauseTablesContract,
        dev.runstore.testkit.RelatedRowsContract, dev.runstore.testkit.DifyRelatedRowsContract {

  private String schema;
  private HikariDataSource pool;

  /** The session time zone of the pool's connections, or null for the server's default. */
  String sessionTimeZone() {
    return null;
  }

  @Override
  protected WorkflowRunRepository createRepository() {
    schema = PostgresTestDatabase.newSchema();
    pool = PostgresTestDatabase.pool(schema, sessionTimeZone());
    return new PostgresWorkflowRunRepository(countingAccesses(pool), true);
  }

  @Override
  protected WorkflowRunRepository createRepository(dev.runstore.api.RepositoryOptions options) {
    return new PostgresWorkflowRunRepository(pool, false, options);
  }

  /** The pool under the repository, for tests that look at the table directly. */
  @Override
  public javax.sql.DataSource storageForChecks() {
    return pool;
  }

  @Override
  public WorkflowRunRepository runsOnlyRepository() {
    return new PostgresWorkflowRunRepository(pool, false, null, RepositoryOptions.defaults(), RelatedTables.NONE);
  }

  private String difySchema;
  private HikariDataSource difyPool;
  private final Map<RelatedTables, WorkflowRunRepository> difyRepositories = new EnumMap<>(RelatedTables.class);

  /** A schema of its own where the Dify contract creates Dify's related tables before runstore's. */
  @Override
  public synchronized DataSource difyStorage() {
    if (difyPool == null) {
      difySchema = PostgresTestDatabase.newSchema();
      difyPool = PostgresTestDatabase.pool(difySchema, sessionTimeZone());
    }
    return difyPool;
  }

  @Override
  public synchronized WorkflowRunRepository difyRepository(RelatedTables related) {
    return difyRepositories.computeIfAbsent(related,
        r -> new PostgresWorkflowRunRepository(difyStorage(), true, null, RepositoryOptions.defaults(), r));
  }

  /** pg_terminate_backend of the sessions waiting for a lock the locker's session holds. */
  @Override
  public boolean killSessionBlockedBy(Connection locker) throws SQLException {
    try (Statement s = locker.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(pid)"
        + " FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))")) {
      boolean killed = false;
      while (rs.next()) {
        killed |= rs.getBoolean(1);
      }
      return killed;
    }
  }

  @AfterAll
  void dropSchema() {
    if (pool != null) {
      pool.close();
    }
    if (schema != null) {
      PostgresTestDatabase.dropSchema(schema);
    }
    if (difyPool != null) {
      difyPool.close();
      PostgresTestDatabase.dropSchema(difySchema);
    }
  }
}
