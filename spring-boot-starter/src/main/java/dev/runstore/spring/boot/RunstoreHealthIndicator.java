package dev.runstore.spring.boot;

import dev.runstore.api.WorkflowRunRepository;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Actuator health of the run store ({@code runstore} in {@code /actuator/health}): one lookup by
 * primary key of a run that does not exist, the cheapest query that proves the table answers.
 */
public class RunstoreHealthIndicator extends AbstractHealthIndicator {

  /** A canonical UUID no run has (the nil UUID). */
  static final String PROBE_ID = "00000000-0000-0000-0000-000000000000";

  private final WorkflowRunRepository repository;
  private final String backend;

  /** Checks {@code repository}, reporting {@code backend} as a detail. */
  public RunstoreHealthIndicator(WorkflowRunRepository repository, String backend) {
    super("runstore health check failed");
    this.repository = repository;
    this.backend = backend;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    repository.getWorkflowRunByIdWithoutTenant(PROBE_ID);
    builder.up().withDetail("backend", backend);
  }
}
