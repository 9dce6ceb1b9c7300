package dev.runstore.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.spi.Operation;
import dev.runstore.spi.OperationEvent;
import dev.runstore.testkit.TestRuns;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One observation, and so one span, per operation; key values name the operation, never its arguments. */
class RunstoreObservationsTest {

  private static final RepositoryConfig IN_MEMORY = RepositoryConfig.builder().repository("in-memory").build();

  private static WorkflowRunRepository repository(ObservationRegistry registry) {
    return WorkflowRunRepositories.create(
        IN_MEMORY, null, RepositoryOptions.builder().observer(new RunstoreObservations(registry)).build());
  }

  @Test
  void eachOperationIsOneObservationWithTheStatementKindAndOutcome() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    WorkflowRunRepository repository = repository(registry);
    WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();

    repository.save(run);
    repository.getWorkflowRunById(run.tenantId(), run.appId(), run.id());

    assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo(RunstoreObservations.NAME, 2)
        .forAllObservationsWithNameEqualTo(RunstoreObservations.NAME, o -> o
            .doesNotHaveError().hasLowCardinalityKeyValue("backend", "in-memory")
            .hasLowCardinalityKeyValue("outcome", "ok"))
        .hasAnObservation(o -> o.hasContextualNameEqualTo("runstore save")
            .hasLowCardinalityKeyValue("operation", "save").hasLowCardinalityKeyValue("statement", "upsert"))
        .hasAnObservation(o -> o.hasContextualNameEqualTo("runstore getWorkflowRunById")
            .hasLowCardinalityKeyValue("statement", "select").hasHighCardinalityKeyValue("rows", "1"));
  }

  @Test
  void aFailureIsRecordedAsTheObservationsError() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    RunstoreObservations observations = new RunstoreObservations(registry);
    DataAccessException deadlock = new DataAccessException("delete failed", new SQLException("deadlock", "40P01"));

    Object context = observations.onStart(Operation.DELETE_BY_APP, "postgres");
    observations.onEnd(new OperationEvent(Operation.DELETE_BY_APP, "postgres",
        dev.runstore.spi.Outcome.of(deadlock), -1, -1, 0, 0, deadlock), context);

    assertThat(registry).hasSingleObservationThat()
        .hasError(deadlock)
        .hasLowCardinalityKeyValue("outcome", "transient_data_access_error")
        .hasLowCardinalityKeyValue("statement", "delete")
        .doesNotHaveHighCardinalityKeyValueWithKey("rows");
  }

  @Test
  void aNoopRegistryCostsNoObservation() {
    RunstoreObservations observations = new RunstoreObservations(ObservationRegistry.NOOP);
    assertThat(observations.needsDuration()).isFalse();
    assertThat(observations.onStart(Operation.GET_BY_ID, "in-memory")).isNull();
  }

  /**
   * Through Micrometer Tracing's handler (as Spring Boot wires OpenTelemetry or Brave), every
   * operation is one finished span carrying no argument of the call.
   */
  @Test
  void aTracerGetsOneSpanPerOperationWithoutBoundValues() {
    SimpleTracer tracer = new SimpleTracer();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
    WorkflowRunRepository repository = repository(registry);
    WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();

    repository.save(run);
    repository.getPaginatedWorkflowRuns(run.tenantId(), run.appId(), run.triggeredFrom(), 20, null);
    assertThatThrownBy(() -> repository.getWorkflowRunById(" ", run.appId(), run.id()))
        .isInstanceOf(IllegalArgumentException.class);

    List<FinishedSpan> spans = tracer.getSpans().stream().map(FinishedSpan.class::cast).toList();
    assertThat(spans).extracting(FinishedSpan::getName)
        .containsExactly("runstore save", "runstore getPaginatedWorkflowRuns", "runstore getWorkflowRunById");
    FinishedSpan page = spans.get(1);
    assertThat(page.getTags()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "operation", "getPaginatedWorkflowRuns", "backend", "in-memory", "statement", "select",
        "outcome", "ok", "rows", "1"));
    assertThat(spans.get(2).getTags()).containsEntry("outcome", "invalid_argument");
    assertThat(spans.get(2).getError()).isInstanceOf(IllegalArgumentException.class);
    for (FinishedSpan span : spans) {
      assertThat(span.getTags().values()).doesNotContain(run.id(), run.tenantId(), run.appId());
      assertThat(span.getEndTimestamp()).isAfterOrEqualTo(span.getStartTimestamp());
    }
    System.out.println("sample span: " + page);
  }
}
