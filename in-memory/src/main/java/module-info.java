/**
 * The in-memory backend: a thread-safe {@link dev.runstore.api.WorkflowRunRepository} kept in the
 * heap, the reference model the SQL backends are compared against.
 */
module dev.runstore.memory {
  requires transitive dev.runstore.api;
  requires static org.jspecify;

  provides dev.runstore.spi.WorkflowRunRepositoryProvider with
      dev.runstore.memory.InMemoryWorkflowRunRepositoryProvider;

  exports dev.runstore.memory;
}
