package dev.runstore.testkit;

import dev.runstore.api.WorkflowRunRepository;

/**
 * What every contract interface needs from the backend under test. Implemented by
 * {@link WorkflowRunRepositoryContract}; contract tests isolate themselves by using fresh random
 * tenant and app ids, so they share one repository (and one database) per test class.
 */
public interface RepositoryFixture {

  /** The repository under test, shared by the test class. */
  WorkflowRunRepository repository();

  /**
   * How many times the backend has accessed its storage so far (for JDBC backends: connections
   * borrowed from the DataSource), or -1 when the backend cannot tell. Tests that check "rejected
   * before any database access" compare it before and after the call.
   */
  default long storageAccessCount() {
    return -1;
  }
}
