package dev.runstore.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.spi.Operation;
import dev.runstore.spi.OperationEvent;
import dev.runstore.spi.Outcome;
import dev.runstore.testkit.Pauses;
import dev.runstore.testkit.TestRuns;
import dev.runstore.testkit.WorkflowRunRepositoryContract;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The whole contract suite through the observing decorator, as the factory applies it: the
 * decorator forwards every method without changing a result or an exception.
 */
class ObservedInMemoryRepositoryTest extends WorkflowRunRepositoryContract {

  private final RecordingObserver observer = new RecordingObserver();

  @Override
  protected WorkflowRunRepository createRepository() {
    WorkflowRunRepository repository = WorkflowRunRepositories.create(
        RepositoryConfig.builder().repository("in-memory").build(),
        null,
        RepositoryOptions.builder().observer(observer).build());
    assertThat(repository).isNotInstanceOf(InMemoryWorkflowRunRepository.class);
    return repository;
  }

  /** Through the factory too: the options' store reaches the backend under the decorator. */
  @Override
  protected WorkflowRunRepository createRepository(RepositoryOptions options) {
    return WorkflowRunRepositories.create(
        RepositoryConfig.builder().repository("in-memory").build(), null, options.toBuilder().observer(observer).build());
  }

  @Test
  void callsAreReportedWithTheProvidersShortName() {
    repository().getWorkflowRunByIdWithoutTenant("not-a-uuid");
    OperationEvent last = observer.last();
    assertThat(last.operation()).isEqualTo(Operation.GET_BY_ID_WITHOUT_TENANT);
    assertThat(last.backend()).isEqualTo("in-memory");
    assertThat(last.outcome()).isEqualTo(Outcome.OK);
    assertThat(last.rows()).isZero();
  }

  /**
   * The related-rows operations through the decorator (the shared suites cover them elsewhere; the
   * check below needs every repository method called in this class): a run with a pause is read,
   * counted, deleted and restored, and the decorator changes none of the results.
   */
  @Test
  void relatedRowOperationsPassThroughWithTheirResults() {
    WorkflowRunRepository repository = repository();
    WorkflowRun run = Pauses.savedRunning(repository);
    repository.createWorkflowPause(run.tenantId(), run.id(), TestRuns.newId(), Pauses.utf8("state"), List.of());
    List<String> ids = List.of(run.id());

    RelatedCounts counted = repository.countRunsWithRelated(run.tenantId(), ids);
    assertThat(counted).isEqualTo(new RelatedCounts(1, 0, 0, 0, 0, 1, 0));
    assertThat(observer.last().operation()).isEqualTo(Operation.COUNT_WITH_RELATED);
    RelatedRows rows = repository.readRelatedRows(run.tenantId(), ids);
    assertThat(rows.pauseStates()).hasSize(1);
    assertThat(repository.readRelatedRows(TestRuns.newId(), ids)).isEqualTo(RelatedRows.NONE);

    assertThat(repository.deleteRunsWithRelated(run.tenantId(), ids)).isEqualTo(counted);
    assertThat(repository.countRunsWithRelated(run.tenantId(), ids)).isEqualTo(RelatedCounts.ZERO);
    repository.save(run);
    RelatedCounts restored = repository.restoreRelatedRows(run.tenantId(), rows);
    assertThat(restored.runs()).isZero();
    assertThat(restored.pauses()).isEqualTo(1);
    assertThat(observer.last().operation()).isEqualTo(Operation.RESTORE_RELATED);
    assertThat(repository.getWorkflowPause(run.tenantId(), run.id())).isPresent();
  }

  /** Runs after the suite (class order is not fixed, so it checks what ran before it, at the end). */
  @AfterAll
  void everyRepositoryMethodWasReportedWithEveryKindOfOutcomeTheSuiteProvokes() {
    Set<Operation> seen = EnumSet.noneOf(Operation.class);
    Set<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
    for (OperationEvent e : observer.events()) {
      seen.add(e.operation());
      outcomes.add(e.outcome());
      assertThat(e.durationNanos()).isNotNegative();
      if (e.outcome() != Outcome.OK) {
        assertThat(e.failure()).isNotNull();
        assertThat(e.rows()).isEqualTo(-1);
      }
    }
    Set<Operation> repositoryMethods = EnumSet.noneOf(Operation.class);
    for (Operation op : Operation.values()) {
      if (op.isRepositoryMethod()) {
        repositoryMethods.add(op);
      }
    }
    assertThat(seen).isEqualTo(repositoryMethods);
    assertThat(outcomes).contains(Outcome.OK, Outcome.INVALID_ARGUMENT);
  }
}
