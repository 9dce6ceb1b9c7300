package dev.runstore.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.micrometer.RunstoreMetrics;
import dev.runstore.micrometer.RunstoreObservations;
import dev.runstore.testkit.TestRuns;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole starter in a Spring Boot application on a real (embedded) PostgreSQL: Boot's own
 * DataSource, the backend inferred from it, the schema created, Boot's Micrometer metrics and
 * observations, the health indicator.
 */
@SpringBootTest(
    classes = RunstoreSpringBootPostgresTest.Application.class,
    properties = {"runstore.schema.create=true", "spring.main.banner-mode=off"})
class RunstoreSpringBootPostgresTest {

  private static final EmbeddedPostgres POSTGRES = start();

  private static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }

  @DynamicPropertySource
  static void dataSource(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
  }

  @AfterAll
  static void stop() throws IOException {
    POSTGRES.close();
  }

  /** A Boot application with nothing but auto-configuration. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {}

  @Autowired WorkflowRunRepository repository;
  @Autowired RunstoreSettings settings;
  @Autowired DataSource dataSource;
  @Autowired MeterRegistry meters;
  @Autowired RunstoreHealthIndicator health;
  @Autowired RunstoreObservations observations;

  @Test
  void runsAreStoredInTheApplicationsPostgresDatabaseAndObserved() {
    assertThat(settings.backend()).isEqualTo("postgres");
    assertThat(settings.dataSource()).isSameAs(dataSource);
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    Instant t0 = Instant.parse("2025-06-01T00:00:00Z");
    for (int i = 0; i < 3; i++) {
      repository.save(TestRuns.run(tenant, app).createdAt(t0.plusSeconds(i)).build());
    }

    InfiniteScrollPagination<WorkflowRun> first = repository.getPaginatedWorkflowRuns(
        RunListQuery.builder(tenant, app).limit(2).build());
    InfiniteScrollPagination<WorkflowRun> second = repository.getPaginatedWorkflowRuns(
        RunListQuery.builder(tenant, app).limit(2).cursor(first.nextCursor()).build());

    assertThat(first.data()).hasSize(2);
    assertThat(first.hasMore()).isTrue();
    assertThat(second.data()).hasSize(1);
    assertThat(second.nextCursor()).isNull();
    // Boot's ObservationRegistry records meters: the timer comes from the observation.
    assertThat(meters.get(RunstoreMetrics.OPERATION_TIMER)
        .tags("operation", "getPaginatedWorkflowRuns", "backend", "postgres", "outcome", "ok").timer().count())
        .isEqualTo(2);
    assertThat(meters.get(RunstoreMetrics.OPERATION_TIMER)
        .tags("operation", "save", "backend", "postgres", "outcome", "ok").timer().count())
        .isEqualTo(3);
  }

  @Test
  void theHealthIndicatorIsUpOnTheRealDatabase() {
    Health result = health.health(true);
    assertThat(result.getStatus()).isEqualTo(Status.UP);
    assertThat(result.getDetails()).containsEntry("backend", "postgres");
  }
}
