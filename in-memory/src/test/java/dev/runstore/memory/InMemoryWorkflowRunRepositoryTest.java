package dev.runstore.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.TestRuns;
import dev.runstore.testkit.WorkflowRunRepositoryContract;
import org.junit.jupiter.api.Test;

/** Runs the whole contract suite against the in-memory backend, plus what only it promises. */
class InMemoryWorkflowRunRepositoryTest extends WorkflowRunRepositoryContract
    implements dev.runstore.testkit.RelatedRowsContract {

  @Override
  protected WorkflowRunRepository createRepository() {
    return new InMemoryWorkflowRunRepository();
  }

  /** In memory, "the same storage" cannot be shared: the options' repository is a new, empty one. */
  @Override
  protected WorkflowRunRepository createRepository(RepositoryOptions options) {
    return new InMemoryWorkflowRunRepository(options);
  }

  /** In memory the runs-only repository is a new, empty one (runs and pauses do not share storage). */
  @Override
  public WorkflowRunRepository runsOnlyRepository() {
    return new InMemoryWorkflowRunRepository(RepositoryOptions.defaults(), false);
  }

  /** The class comment promises that close() releases nothing: runs stay readable and writable. */
  @Test
  void closeKeepsRunsAndTheRepositoryUsable() {
    InMemoryWorkflowRunRepository repository = new InMemoryWorkflowRunRepository();
    WorkflowRun before = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();
    repository.save(before);
    repository.close();
    WorkflowRun after = TestRuns.run(before.tenantId(), before.appId()).build();
    repository.save(after);
    assertThat(repository.getWorkflowRunById(before.tenantId(), before.appId(), before.id())).contains(before);
    assertThat(repository.getWorkflowRunById(after.tenantId(), after.appId(), after.id())).contains(after);
  }
}
