package dev.runstore.testkit;

import dev.runstore.api.WorkflowRunRepository;
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

  private WorkflowRunRepository repository;

  /** A new repository over storage the suite may write to. Called once per test class. */
  protected abstract WorkflowRunRepository createRepository();

  @BeforeAll
  void openRepository() {
    repository = createRepository();
  }

  @AfterAll
  void closeRepository() {
    if (repository != null) {
      repository.close();
    }
  }

  @Override
  public final WorkflowRunRepository repository() {
    if (repository == null) {
      throw new IllegalStateException("createRepository() has not run");
    }
    return repository;
  }
}
