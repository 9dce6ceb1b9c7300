package dev.runstore.memory;

import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.WorkflowRunRepositoryContract;

/** Runs the whole contract suite against the in-memory backend. */
class InMemoryWorkflowRunRepositoryTest extends WorkflowRunRepositoryContract {

  @Override
  protected WorkflowRunRepository createRepository() {
    return new InMemoryWorkflowRunRepository();
  }
}
