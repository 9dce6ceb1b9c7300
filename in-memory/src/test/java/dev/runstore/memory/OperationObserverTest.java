package dev.runstore.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.CreatorRole;
import dev.runstore.api.DataAccessException;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryConfigurationException;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecution;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowType;
import dev.runstore.internal.observe.ObservedWorkflowRunRepository;
import dev.runstore.spi.Operation;
import dev.runstore.spi.OperationEvent;
import dev.runstore.spi.OperationObserver;
import dev.runstore.spi.Outcome;
import dev.runstore.testkit.ForwardingWorkflowRunRepository;
import dev.runstore.testkit.TestRuns;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What observers are told, and that observing never changes what the caller sees. */
class OperationObserverTest {

  private static final RepositoryConfig IN_MEMORY = RepositoryConfig.builder().repository("in-memory").build();

  private static WorkflowRunRepository observed(OperationObserver... observers) {
    RepositoryOptions.Builder options = RepositoryOptions.builder().discoverObservers(false);
    for (OperationObserver o : observers) {
      options.observer(o);
    }
    return WorkflowRunRepositories.create(IN_MEMORY, null, options.build());
  }

  @Test
  void withoutObserversTheFactoryReturnsTheBackendsOwnRepository() {
    assertThat(WorkflowRunRepositories.create(IN_MEMORY)).isInstanceOf(InMemoryWorkflowRunRepository.class);
    assertThat(WorkflowRunRepositories.create(IN_MEMORY, null, RepositoryOptions.defaults()))
        .isInstanceOf(InMemoryWorkflowRunRepository.class);
    assertThat(ObservedWorkflowRunRepository.wrap(new InMemoryWorkflowRunRepository(), "x", List.of()))
        .isInstanceOf(InMemoryWorkflowRunRepository.class);
  }

  @Test
  void reportsOperationRowsAndTheContextOfItsOwnStart() {
    RecordingObserver observer = new RecordingObserver();
    WorkflowRunRepository repository = observed(observer);
    WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();

    repository.save(run);
    assertThat(repository.getWorkflowRunById(run.tenantId(), run.appId(), run.id())).contains(run);
    assertThat(repository.getWorkflowRunById(run.tenantId(), run.appId(), TestRuns.newId())).isEmpty();
    assertThat(repository.getPaginatedWorkflowRuns(run.tenantId(), run.appId(), run.triggeredFrom(), 10, null).data())
        .containsExactly(run);
    assertThat(repository.deleteRunsByIds(run.tenantId(), List.of(run.id(), TestRuns.newId()))).isEqualTo(1);

    assertThat(observer.events())
        .extracting(OperationEvent::operation, OperationEvent::rows, OperationEvent::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Operation.SAVE, 1L, Outcome.OK),
            org.assertj.core.groups.Tuple.tuple(Operation.GET_BY_ID, 1L, Outcome.OK),
            org.assertj.core.groups.Tuple.tuple(Operation.GET_BY_ID, 0L, Outcome.OK),
            org.assertj.core.groups.Tuple.tuple(Operation.GET_PAGE, 1L, Outcome.OK),
            org.assertj.core.groups.Tuple.tuple(Operation.DELETE_BY_IDS, 1L, Outcome.OK));
    assertThat(observer.ended).extracting(RecordingObserver.Ended::context)
        .containsExactly("SAVE#1", "GET_BY_ID#2", "GET_BY_ID#3", "GET_PAGE#4", "DELETE_BY_IDS#5");
    assertThat(observer.events()).allSatisfy(e -> {
      assertThat(e.backend()).isEqualTo("in-memory");
      assertThat(e.durationNanos()).isNotNegative();
      assertThat(e.failure()).isNull();
    });
  }

  @Test
  void executionSavesAreObservedThroughTheBoundRepository() {
    RecordingObserver observer = new RecordingObserver();
    WorkflowRunRepository repository = observed(observer);
    String tenant = TestRuns.newId();
    ExecutionContext context =
        new ExecutionContext(tenant, TestRuns.newId(), CreatorRole.ACCOUNT, TestRuns.newId(), TriggeredFrom.APP_RUN);
    WorkflowExecution execution = WorkflowExecution.start(
        TestRuns.newId(), TestRuns.newId(), "1", WorkflowType.WORKFLOW, null, null, Instant.parse("2025-01-01T00:00:00Z"));

    repository.executions(context).save(execution);

    assertThat(observer.last().operation()).isEqualTo(Operation.EXECUTION_SAVE);
    assertThat(observer.last().rows()).isEqualTo(1);
    assertThat(repository.getWorkflowRunByIdWithoutTenant(execution.id())).isPresent();
  }

  @Test
  void invalidArgumentsAreReportedAndRethrownUnchanged() {
    RecordingObserver observer = new RecordingObserver();
    WorkflowRunRepository repository = observed(observer);

    assertThatThrownBy(() -> repository.getPaginatedWorkflowRuns(TestRuns.newId(), TestRuns.newId(), TriggeredFrom.APP_RUN, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");

    OperationEvent event = observer.last();
    assertThat(event.operation()).isEqualTo(Operation.GET_PAGE);
    assertThat(event.outcome()).isEqualTo(Outcome.INVALID_ARGUMENT);
    assertThat(event.failure()).isInstanceOf(IllegalArgumentException.class);
    assertThat(event.rows()).isEqualTo(-1);
  }

  @Test
  void storageFailuresAreToldApartByIsTransient() {
    RecordingObserver observer = new RecordingObserver();
    DataAccessException deadlock = new DataAccessException("select failed", new SQLException("deadlock", "40P01"));
    DataAccessException syntax = new DataAccessException("select failed", new SQLException("syntax", "42601"));
    IllegalStateException other = new IllegalStateException("boom");
    List<RuntimeException> failures = new CopyOnWriteArrayList<>(List.of(deadlock, syntax, other));
    WorkflowRunRepository failing = new ForwardingWorkflowRunRepository(new InMemoryWorkflowRunRepository()) {
      @Override
      public Optional<WorkflowRun> getWorkflowRunById(String tenantId, String appId, String runId) {
        throw failures.remove(0);
      }
    };
    WorkflowRunRepository repository = ObservedWorkflowRunRepository.wrap(failing, "failing", List.of(observer));

    for (RuntimeException expected : List.of(deadlock, syntax, other)) {
      assertThatThrownBy(() -> repository.getWorkflowRunById(TestRuns.newId(), TestRuns.newId(), TestRuns.newId()))
          .isSameAs(expected);
    }

    assertThat(observer.events()).extracting(OperationEvent::outcome).containsExactly(
        Outcome.TRANSIENT_DATA_ACCESS_ERROR, Outcome.DATA_ACCESS_ERROR, Outcome.ERROR);
    assertThat(observer.events()).extracting(OperationEvent::failure).containsExactly(deadlock, syntax, other);
    assertThat(observer.events()).extracting(OperationEvent::backend).containsOnly("failing");
  }

  @Test
  void aThrowingObserverChangesNothingForTheCallerNorForOtherObservers() {
    OperationObserver broken = new OperationObserver() {
      @Override
      public Object onStart(Operation operation, String backend) {
        throw new IllegalStateException("observer bug in onStart");
      }

      @Override
      public void onEnd(OperationEvent event, @Nullable Object context) {
        throw new IllegalStateException("observer bug in onEnd");
      }
    };
    RecordingObserver recording = new RecordingObserver();
    WorkflowRunRepository repository = observed(broken, recording);
    WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();

    repository.save(run);

    assertThat(repository.getWorkflowRunById(run.tenantId(), run.appId(), run.id())).contains(run);
    assertThat(recording.events()).extracting(OperationEvent::operation).containsExactly(Operation.SAVE, Operation.GET_BY_ID);
    assertThat(recording.ended).extracting(RecordingObserver.Ended::context).containsExactly("SAVE#1", "GET_BY_ID#2");
  }

  @Test
  void durationsAreMeasuredOnlyWhenAnObserverAsks() {
    RecordingObserver untimed = new RecordingObserver(false);
    observed(untimed).getWorkflowRunByIdWithoutTenant(TestRuns.newId());
    assertThat(untimed.last().durationNanos()).isEqualTo(-1);

    RecordingObserver alsoUntimed = new RecordingObserver(false);
    RecordingObserver timed = new RecordingObserver(true);
    observed(alsoUntimed, timed).getWorkflowRunByIdWithoutTenant(TestRuns.newId());
    assertThat(alsoUntimed.last().durationNanos()).isNotNegative();
    assertThat(timed.last().durationNanos()).isNotNegative();
  }

  @Test
  void optionsRejectNullObservers() {
    assertThatThrownBy(() -> RepositoryOptions.builder().observer(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("observer");
    assertThatThrownBy(() -> WorkflowRunRepositories.create(IN_MEMORY, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("options");
  }

  // ---- ServiceLoader discovery, on a class loader of the test's own ----

  /** Listed in a services file that only {@link #withServices} makes visible. */
  public static final class Discovered extends RecordingObserver {
    static final List<Discovered> INSTANCES = new CopyOnWriteArrayList<>();

    public Discovered() {
      INSTANCES.add(this);
    }
  }

  @Test
  void observersListedInServicesFilesAreFoundForEveryRepository(@TempDir Path dir) throws IOException {
    Discovered.INSTANCES.clear();
    WorkflowRunRepository repository = withServices(dir, Discovered.class.getName(), () -> WorkflowRunRepositories.create(IN_MEMORY));

    repository.getWorkflowRunByIdWithoutTenant(TestRuns.newId());

    assertThat(Discovered.INSTANCES).hasSize(1);
    assertThat(Discovered.INSTANCES.get(0).last().operation()).isEqualTo(Operation.GET_BY_ID_WITHOUT_TENANT);
  }

  @Test
  void discoveryCanBeTurnedOff(@TempDir Path dir) throws IOException {
    Discovered.INSTANCES.clear();
    WorkflowRunRepository repository = withServices(dir, Discovered.class.getName(),
        () -> WorkflowRunRepositories.create(IN_MEMORY, null, RepositoryOptions.builder().discoverObservers(false).build()));

    assertThat(repository).isInstanceOf(InMemoryWorkflowRunRepository.class);
    assertThat(Discovered.INSTANCES).isEmpty();
  }

  @Test
  void anUnloadableListedObserverIsAConfigurationErrorNamingTheServicesFile(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> withServices(dir, "dev.runstore.memory.NoSuchObserver", () -> WorkflowRunRepositories.create(IN_MEMORY)))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("META-INF/services/dev.runstore.spi.OperationObserver")
        .hasMessageContaining("NoSuchObserver");
  }

  private static <T> T withServices(Path dir, String observerClass, Supplier<T> action) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(OperationObserver.class.getName()), observerClass + "\n");
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, OperationObserverTest.class.getClassLoader())) {
      thread.setContextClassLoader(loader);
      return action.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
