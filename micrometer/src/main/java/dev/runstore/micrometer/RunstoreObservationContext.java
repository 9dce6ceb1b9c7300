package dev.runstore.micrometer;

import dev.runstore.spi.Operation;
import dev.runstore.spi.OperationEvent;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The context of one runstore {@link Observation}: what ran and, once it ended, its
 * {@link OperationEvent}. Observation handlers and conventions may read it; it never holds
 * bound values (ids, tenants, JSON).
 */
public final class RunstoreObservationContext extends Observation.Context {

  private final Operation operation;
  private final String backend;
  private @Nullable OperationEvent event;

  RunstoreObservationContext(Operation operation, String backend) {
    this.operation = operation;
    this.backend = backend;
  }

  /** What runs. */
  public Operation operation() {
    return operation;
  }

  /** The backend's short name. */
  public String backend() {
    return backend;
  }

  /** How it ended; null while it runs. */
  public @Nullable OperationEvent event() {
    return event;
  }

  void ended(OperationEvent event) {
    this.event = event;
  }
}
