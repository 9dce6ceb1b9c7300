package dev.runstore.testkit;

import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepository;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole contract suite. A backend's test extends this class once per database and
 * implements {@link #createRepository()} and {@link #createRepository(RepositoryOptions)}; every rule
 * of API.md then runs against it. SQL backends also implement {@link UnknownStoredValueContract}
 * and {@link PauseTablesContract}, which look at the tables directly.
 *
 * <pre>{@code
 * class PostgresWorkflowRunRepositoryTest extends WorkflowRunRepositoryContract {
 *   protected WorkflowRunRepository createRepository() { return new PostgresWorkflowRunRepository(dataSource); }
 * }
 * }</pre>
 *
 * <p>One repository is created per test class and closed after it. Tests never clean the
 * storage: each works in tenants and apps of its own (random UUIDs), so a backend may run the
 * suite on a database that holds other data. One exception, by design of the method: pruning
 * pauses is system-wide, so the prune tests first prune every pause created before they start
 * ({@link Pauses#drain}); run the suite where no pause of value lives.
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
        TimeRangeBatchContract,
        RunByTenantContract,
        SnippetTypeContract,
        ExecutionCreatedAtContract,
        TimeRangeFiltersContract,
        TimeRangeEdgesContract,
        CleanupRefsContract,
        PauseContract,
        PausePruneContract,
        PauseStateStoreContract,
        ValidationV12Contract,
        RandomizedPauseModelContract,
        LargeCollectionsContract {

  private @Nullable WorkflowRunRepository repository;
  private @Nullable CountingDataSource counting;

  /** A new repository over storage the suite may write to. Called once per test class. */
  protected abstract WorkflowRunRepository createRepository();

  /**
   * A new repository over the same storage as {@link #createRepository()}, built with
   * {@code options} through the backend's constructor taking {@link RepositoryOptions} (for a JDBC
   * backend: the same DataSource, not wrapped by {@link #countingAccesses} again). Called by the
   * tests that need a {@link dev.runstore.spi.PauseStateStore} of their own; they close it. A
   * backend test that does not override this fails those tests.
   */
  protected WorkflowRunRepository createRepository(RepositoryOptions options) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " does not override createRepository(RepositoryOptions): the tests of stores given in code cannot run");
  }

  @Override
  public final WorkflowRunRepository repositoryWith(RepositoryOptions options) {
    return createRepository(options);
  }

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
