package dev.runstore.jdbc.h2;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.retention.contract.RetentionContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * The retention crash-safety suite on an H2 file database (the CLI's embedded default),
 * archiving to a local directory.
 */
class H2RetentionTest extends RetentionContract {

  private Path directory;
  private HikariDataSource pool;

  @Override
  protected WorkflowRunRepository createRepository() {
    directory = H2TestDatabases.newDirectory();
    pool = H2TestDatabases.pool(H2TestDatabases.fileUrl(directory), null);
    return new H2WorkflowRunRepository(pool, true);
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
