package dev.runstore.jdbc.h2;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.RepositoryConfig.RelatedTables;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepository;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import dev.runstore.testkit.WorkflowRunRepositoryContract;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** The contract suite on an H2 file database in a temporary directory (the CLI's embedded default). */
class H2WorkflowRunRepositoryTest extends WorkflowRunRepositoryContract
    implements dev.runstore.testkit.UnknownStoredValueContract, dev.runstore.testkit.PauseTablesContract,
        dev.runstore.testkit.RelatedRowsContract, dev.runstore.testkit.DifyRelatedRowsContract {

  private Path directory;
  private String url;
  private HikariDataSource pool;

  /** The session time zone of the pool's connections, or null for H2's default (the JVM's). */
  String sessionTimeZone() {
    return null;
  }

  @Override
  protected WorkflowRunRepository createRepository() {
    directory = H2TestDatabases.newDirectory();
    url = H2TestDatabases.fileUrl(directory);
    pool = H2TestDatabases.pool(url, sessionTimeZone());
    return new H2WorkflowRunRepository(countingAccesses(pool), true);
  }

  @Override
  protected WorkflowRunRepository createRepository(dev.runstore.api.RepositoryOptions options) {
    return new H2WorkflowRunRepository(pool, false, options);
  }

  /** The pool under the repository, for tests that look at the table directly. */
  @Override
  public DataSource storageForChecks() {
    return pool;
  }

  @Override
  public WorkflowRunRepository runsOnlyRepository() {
    return new H2WorkflowRunRepository(pool, false, null, RepositoryOptions.defaults(), RelatedTables.NONE);
  }

  private String difyUrl;
  private HikariDataSource difyPool;
  private final Map<RelatedTables, WorkflowRunRepository> difyRepositories = new EnumMap<>(RelatedTables.class);

  /** A private in-memory database where the Dify contract creates Dify's related tables before runstore's. */
  @Override
  public synchronized DataSource difyStorage() {
    if (difyPool == null) {
      difyUrl = H2TestDatabases.memoryUrl();
      difyPool = H2TestDatabases.pool(difyUrl, sessionTimeZone());
    }
    return difyPool;
  }

  @Override
  public synchronized WorkflowRunRepository difyRepository(RelatedTables related) {
    return difyRepositories.computeIfAbsent(related,
        r -> new H2WorkflowRunRepository(difyStorage(), true, null, RepositoryOptions.defaults(), r));
  }

  /** ABORT_SESSION of the sessions H2 reports blocked by the locker's session. */
  @Override
  public boolean killSessionBlockedBy(Connection locker) throws SQLException {
    List<Integer> blocked = new ArrayList<>();
    try (Statement s = locker.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID = SESSION_ID()")) {
      while (rs.next()) {
        blocked.add(rs.getInt(1));
      }
    }
    boolean killed = false;
    for (int id : blocked) {
      try (Statement s = locker.createStatement(); ResultSet rs = s.executeQuery("SELECT ABORT_SESSION(" + id + ")")) {
        killed |= rs.next() && rs.getBoolean(1);
      }
    }
    return killed;
  }

  @AfterAll
  void deleteDatabase() {
    if (difyPool != null) {
      difyPool.close();
      H2TestDatabases.shutdown(difyUrl);
    }
    if (pool != null) {
      pool.close();
    }
    if (directory != null) {
      H2TestDatabases.deleteDirectory(directory);
    }
  }
}
