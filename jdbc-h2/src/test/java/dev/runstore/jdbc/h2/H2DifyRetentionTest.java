package dev.runstore.jdbc.h2;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.retention.contract.DifyRetentionContract;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/**
 * Retention with Dify's related tables on an H2 file database (PostgreSQL's shape in H2 types):
 * no orphans after a purge, every row back after a restore.
 */
class H2DifyRetentionTest extends DifyRetentionContract {

  private Path directory;
  private HikariDataSource pool;

  @Override
  protected DataSource createDataSource() {
    directory = H2TestDatabases.newDirectory();
    pool = H2TestDatabases.pool(H2TestDatabases.fileUrl(directory), null);
    return pool;
  }

  @Override
  protected WorkflowRunRepository createRepository(DataSource dataSource) {
    return new H2WorkflowRunRepository(dataSource, true);
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
