package dev.runstore.memory;

import dev.runstore.api.RepositoryOptions;
import dev.runstore.internal.observe.ObservedWorkflowRunRepository;
import dev.runstore.spi.DelegatingWorkflowRunRepository;
import dev.runstore.store.RepositoryFront;

/**
 * A {@link dev.runstore.api.WorkflowRunRepository} kept in memory: the reference model of the
 * contract (API.md), against which the SQL backends are compared. Short name {@code in-memory}.
 *
 * <p>The contract's rules (argument checks, paging, cursors, retries) are runstore's one
 * implementation of them; below it, a store holds the runs by id plus ordered indexes on
 * {@code (createdAt, id)} per listing, app and tenant, so no query scans every run. One
 * read-write lock guards the store: reads run in parallel, each write is atomic and immediately
 * visible. Identifiers given as arguments are matched in their canonical (lower-case) UUID form;
 * a tenant or app id that is not a UUID matches nothing. {@link #close()} does nothing: there is
 * no resource to release, and the repository keeps working after it. Thread-safe.
 */
public final class InMemoryWorkflowRunRepository extends DelegatingWorkflowRunRepository {

  /** An empty repository. */
  public InMemoryWorkflowRunRepository() {
    this(RepositoryOptions.defaults());
  }

  /**
   * An empty repository with options given in code (its observers, the
   * {@link dev.runstore.spi.PauseStateStore} where pause states go; by default they stay in memory).
   *
   * @throws IllegalArgumentException when {@code options} is null
   */
  public InMemoryWorkflowRunRepository(RepositoryOptions options) {
    this(options, true);
  }

  /** A repository whose related-row methods include pauses unless {@code relatedTables} is false. */
  InMemoryWorkflowRunRepository(RepositoryOptions options, boolean relatedTables) {
    super(ObservedWorkflowRunRepository.wrap(new RepositoryFront(new InMemoryRunStore(relatedTables), options),
        InMemoryWorkflowRunRepositoryProvider.NAME, options.observers()));
  }
}
