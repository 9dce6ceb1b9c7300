package dev.runstore.jdbc.h2;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.WorkflowRunRepositoryContract;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** The contract suite on an H2 file database in a temporary directory (the CLI's embedded default). */
class H2WorkflowRunRepositoryTest extends WorkflowRunRepositoryContract
    implements dev.runstore.testkit.UnknownStoredValueContract, dev.runstore.testkit.PauseTablesContract {

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

  @AfterAll
  void deleteDatabase() {
    if (pool != null) {
      pool.close();
    }
    if (directory != null) {
      H2TestDatabases.deleteDirectory(directory);
    }
  }
}
