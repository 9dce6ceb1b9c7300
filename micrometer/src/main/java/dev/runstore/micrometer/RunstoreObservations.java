package dev.runstore.micrometer;

import dev.runstore.spi.Operation;
import dev.runstore.spi.OperationEvent;
import dev.runstore.spi.OperationObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One Micrometer {@link Observation} per runstore operation, so a tracer bridged through
 * Micrometer Tracing (OpenTelemetry, Brave) records one span each, and JDBC spans the operation
 * causes (e.g. from an instrumented DataSource) nest under it.
 *
 * <p>Observation name {@value #NAME}; span (contextual) name {@code runstore <operation>}, e.g.
 * {@code runstore getWorkflowRunById}. Low-cardinality key values (span tags, and meter tags
 * when the registry records meters): {@code operation}, {@code backend}, {@code statement} (the
 * statement kind: {@code select}, {@code upsert}, {@code delete}, {@code none}) and
 * {@code outcome}; high-cardinality: {@code rows} (rows returned or deleted, when it applies).
 * A failure is recorded with {@link Observation#error}. Never an id, tenant, SQL parameter or
 * JSON text: nothing the caller passed in.
 */
public final class RunstoreObservations implements OperationObserver {

  /** The observation's name (and the timer's, when the registry records meters). */
  public static final String NAME = "runstore.operation";

  private final ObservationRegistry registry;

  /** Observations in {@code registry}. */
  public RunstoreObservations(ObservationRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Observations time themselves. */
  @Override
  public boolean needsDuration() {
    return false;
  }

  @Override
  public @Nullable Object onStart(Operation operation, String backend) {
    if (registry.isNoop()) {
      return null;
    }
    RunstoreObservationContext context = new RunstoreObservationContext(operation, backend);
    Observation observation = Observation.createNotStarted(NAME, () -> context, registry)
        .contextualName("runstore " + operation.value())
        .lowCardinalityKeyValue("operation", operation.value())
        .lowCardinalityKeyValue("backend", backend)
        .lowCardinalityKeyValue("statement", operation.statementKind().value())
        .start();
    return new Open(observation, context, observation.openScope());
  }

  @Override
  public void onEnd(OperationEvent event, @Nullable Object context) {
    if (!(context instanceof Open open)) {
      return;
    }
    open.scope.close();
    open.context.ended(event);
    Observation observation = open.observation;
    observation.lowCardinalityKeyValue("outcome", event.outcome().value());
    if (event.rows() >= 0) {
      observation.highCardinalityKeyValue("rows", Long.toString(event.rows()));
    }
    Throwable failure = event.failure();
    if (failure != null) {
      observation.error(failure);
    }
    observation.stop();
  }

  /** A started observation with its scope open on the operation's thread. */
  private record Open(Observation observation, RunstoreObservationContext context, Observation.Scope scope) {}
}
