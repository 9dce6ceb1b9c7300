package dev.runstore.jdbc.h2;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.WorkflowRunRepositoryContract;
import org.junit.jupiter.api.AfterAll;

/** The contract suite on a private in-memory H2 database ({@code jdbc:h2:mem:...;DB_CLOSE_DELAY=-1}). */
class H2InMemoryWorkflowRunRepositoryTest extends WorkflowRunRepositoryContract {

  private String url;
  private HikariDataSource pool;

  @Override
  protected WorkflowRunRepository createRepository() {
    url = H2TestDatabases.memoryUrl();
    pool = H2TestDatabases.pool(url, null);
    return new H2WorkflowRunRepository(countingAccesses(pool), true);
  }

  @Override
  protected WorkflowRunRepository createRepository(dev.runstore.api.RepositoryOptions options) {
    return new H2WorkflowRunRepository(pool, false, options);
  }

  @AfterAll
  void dropDatabase() {
    if (pool != null) {
      pool.close();
    }
    if (url != null) {
      H2TestDatabases.shutdown(url);
    }
  }
}
