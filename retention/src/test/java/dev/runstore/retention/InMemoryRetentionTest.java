package dev.runstore.retention;

import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.memory.InMemoryWorkflowRunRepository;
import dev.runstore.retention.contract.RetentionContract;

/** The retention contract on the in-memory reference backend, archiving to a local directory. */
class InMemoryRetentionTest extends RetentionContract {
  @Override
  protected WorkflowRunRepository createRepository() {
    return new InMemoryWorkflowRunRepository();
  }
}
