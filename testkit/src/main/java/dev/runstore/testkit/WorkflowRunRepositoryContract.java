package dev.runstore.testkit;

import dev.runstore.api.WorkflowRunRepository;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole contract suite. A backend's test extends this class once per database and
 * implements {@link #createRepository()}; every rule of API.md then runs against it.
 *
 * <pre>{@code
 * class PostgresWorkflowRunRepositoryTest extends WorkflowRunRepositoryContract {
 *   protected WorkflowRunRepository createRepository() { return new PostgresWorkflowRunRepository(dataSource); }
 * }
 * }</pre>
 *
 * <p>One repository is created per test class and closed after it. Tests never clean the
 * storage: each works in tenants and apps of its own (random UUIDs), so a backend may run the
 * suite on a database that holds other data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WorkflowRunRepositoryContract
    implements PagingContract,
        GetByIdContract,
        SaveContract,
        ExpiredBatchContract,
        DeleteContract,
        ValidationContract,
        RoundTripContract,
        RandomizedModelContract,
        ConcurrencyContract,
        FilteredPagingContract,
        TenantScopedContract,
        CountContract,
        StatisticsContract,
        StatisticsRangeContract,
        TimeRangeBatchContract {

  private @Nullable WorkflowRunRepository repository;
  private @Nullable CountingDataSource counting;

  /** A new repository over storage the suite may write to. Called once per test class. */
  protected abstract WorkflowRunRepository createRepository();

  /**
   * Wraps the backend's DataSource so that {@link #storageAccessCount()} counts the connections
   * borrowed from it; a JDBC backend's {@link #createRepository()} hands the result to its
   * repository.
   */
  protected final DataSource countingAccesses(DataSource dataSource) {
    CountingDataSource wrapped = new CountingDataSource(dataSource);
    counting = wrapped;
    return wrapped;
  }

  /** Connections borrowed through {@link #countingAccesses}, or -1 when it was not used. */
  @Override
  public long storageAccessCount() {
    CountingDataSource c = counting;
    return c == null ? -1 : c.borrowed();
  }

  @BeforeAll
  void openRepository() {
    repository = createRepository();
  }

  @AfterAll
  void closeRepository() {
    WorkflowRunRepository r = repository;
    if (r != null) {
      r.close();
    }
  }

  @Override
  public final WorkflowRunRepository repository() {
    WorkflowRunRepository r = repository;
    if (r == null) {
      throw new IllegalStateException("createRepository() has not run");
    }
    return r;
  }
}
