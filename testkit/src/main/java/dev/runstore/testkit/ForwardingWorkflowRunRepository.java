package dev.runstore.testkit;

import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.spi.DelegatingWorkflowRunRepository;

/**
 * A repository that forwards every call to another: extend it to observe or to inject failures
 * into a real backend in tests (a decorator, not a mock).
 */
public abstract class ForwardingWorkflowRunRepository extends DelegatingWorkflowRunRepository {

  /** Forwards to {@code delegate}. */
  protected ForwardingWorkflowRunRepository(WorkflowRunRepository delegate) {
    super(delegate);
  }
}
