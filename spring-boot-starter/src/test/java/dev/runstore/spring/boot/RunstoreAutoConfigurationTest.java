package dev.runstore.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryConfigurationException;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.memory.InMemoryWorkflowRunRepository;
import dev.runstore.micrometer.RunstoreMetrics;
import dev.runstore.micrometer.RunstoreObservations;
import dev.runstore.retention.RetentionJob;
import dev.runstore.retention.RunArchive;
import dev.runstore.testkit.TestRuns;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every branch of {@link RunstoreAutoConfiguration}, each in a context of its own. */
class RunstoreAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(RunstoreAutoConfiguration.class));

  private static JdbcDataSource h2() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:starter-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  private static boolean tableExists(DataSource dataSource) throws Exception {
    try (Connection c = dataSource.getConnection();
        ResultSet tables = c.getMetaData().getTables(null, null, "WORKFLOW_RUNS", null)) {
      return tables.next();
    }
  }

  private static void roundTrip(WorkflowRunRepository repository) {
    WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();
    repository.save(run);
    assertThat(repository.getWorkflowRunById(run.tenantId(), run.appId(), run.id())).contains(run);
  }

  @Test
  void withoutBackendOrDataSourceStartupFailsNamingTheProperty() {
    runner.run(context -> assertThat(context).hasFailed().getFailure()
        .rootCause().isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("runstore.repository"));
  }

  @Test
  void theConfiguredBackendIsUsedAsItIsWhenNothingObservesIt() {
    runner.withPropertyValues("runstore.repository=in-memory").run(context -> {
      assertThat(context).hasSingleBean(WorkflowRunRepository.class);
      assertThat(context.getBean(WorkflowRunRepository.class)).isInstanceOf(InMemoryWorkflowRunRepository.class);
      assertThat(context.getBean(RunstoreSettings.class).backend()).isEqualTo("in-memory");
      assertThat(context).doesNotHaveBean(RunstoreMetrics.class).doesNotHaveBean(RetentionJob.class);
    });
  }

  @Test
  void theBackendIsInferredFromTheApplicationsDataSourceWhichStaysOpen() throws Exception {
    JdbcDataSource dataSource = h2();
    runner.withBean(DataSource.class, () -> dataSource).withPropertyValues("runstore.schema.create=true")
        .run(context -> {
          assertThat(context).hasNotFailed();
          RunstoreSettings settings = context.getBean(RunstoreSettings.class);
          assertThat(settings.backend()).isEqualTo("h2");
          assertThat(settings.dataSource()).isSameAs(dataSource);
          roundTrip(context.getBean(WorkflowRunRepository.class));
        });
    // The table went into the application's database, and closing the context left it usable.
    assertThat(tableExists(dataSource)).isTrue();
  }

  @Test
  void anUnservedDatabaseProductIsRejectedListingTheBackendsFound() {
    RunstoreBackends backends = new RunstoreBackends(getClass().getClassLoader());
    assertThat(backends.forProduct("PostgreSQL")).isEqualTo("postgres");
    assertThat(backends.forProduct("H2")).isEqualTo("h2");
    assertThatThrownBy(() -> backends.forProduct("Oracle"))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("'Oracle'")
        .hasMessageContaining("postgres")
        .hasMessageContaining("h2");
    assertThat(backends.shortName("dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository")).isEqualTo("postgres");
  }

  @Test
  void timeLimitsShardingAndRelatedTablesReachTheRepositoryConfig() {
    runner.withPropertyValues("runstore.repository=in-memory", "runstore.jdbc.connect-timeout=3s",
            "runstore.jdbc.pool.acquire-timeout=750ms", "runstore.jdbc.query-timeout=30s",
            "runstore.jdbc.lock-timeout=2s", "runstore.jdbc.sharding=none", "runstore.related.tables=none")
        .run(context -> {
          RepositoryConfig config = context.getBean(RunstoreSettings.class).config();
          assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(config.poolAcquireTimeout()).isEqualTo(Duration.ofMillis(750));
          assertThat(config.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
          assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(config.isSet(RepositoryConfig.JDBC_LOCK_TIMEOUT)).isTrue();
          assertThat(config.sharding()).isEqualTo(RepositoryConfig.Sharding.NONE);
          assertThat(config.relatedTables()).isEqualTo(RepositoryConfig.RelatedTables.NONE);
        });
    runner.withPropertyValues("runstore.repository=in-memory").run(context -> {
      RepositoryConfig config = context.getBean(RunstoreSettings.class).config();
      assertThat(config.isSet(RepositoryConfig.JDBC_QUERY_TIMEOUT)).isFalse();
      assertThat(config.sharding()).isEqualTo(RepositoryConfig.Sharding.AUTO);
    });
    runner.withPropertyValues("runstore.repository=in-memory", "runstore.jdbc.lock-timeout=2h")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().hasMessageContaining("runstore.jdbc.lock-timeout"));
  }

  @Test
  void aJdbcUrlGivesRunstoreAPoolOfItsOwnWithHikariGauges() throws Exception {
    JdbcDataSource applications = h2();
    String url = "jdbc:h2:mem:owned-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    runner.withBean(DataSource.class, () -> applications)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("runstore.repository=h2", "runstore.jdbc.url=" + url, "runstore.jdbc.pool.max-size=2",
            "runstore.schema.create=true")
        .run(context -> {
          assertThat(context.getBean(RunstoreSettings.class).dataSource()).isNull();
          WorkflowRunRepository repository = context.getBean(WorkflowRunRepository.class);
          roundTrip(repository);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get("hikaricp.connections.max").tag("pool", "runstore-h2").gauge().value()).isEqualTo(2);
          assertThat(registry.get(RunstoreMetrics.OPERATION_TIMER)
              .tags("operation", "getWorkflowRunById", "backend", "h2", "outcome", "ok").timer().count()).isEqualTo(1);
        });
    assertThat(tableExists(applications)).isFalse();
  }

  @Test
  void metricsAreRecordedWhenThereIsAMeterRegistryUnlessTurnedOff() {
    ApplicationContextRunner withRegistry = runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("runstore.repository=in-memory");
    withRegistry.run(context -> {
      assertThat(context).hasSingleBean(RunstoreMetrics.class);
      roundTrip(context.getBean(WorkflowRunRepository.class));
      assertThat(context.getBean(MeterRegistry.class).get(RunstoreMetrics.OPERATION_TIMER)
          .tags("operation", "save", "backend", "in-memory", "outcome", "ok").timer().count()).isEqualTo(1);
    });
    withRegistry.withPropertyValues("runstore.metrics.enabled=false").run(context -> {
      assertThat(context).doesNotHaveBean(RunstoreMetrics.class);
      assertThat(context.getBean(WorkflowRunRepository.class)).isInstanceOf(InMemoryWorkflowRunRepository.class);
    });
    withRegistry.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(context -> assertThat(context).doesNotHaveBean(RunstoreMetrics.class));
  }

  @Test
  void anObservationRegistryGetsOneObservationPerOperationAndTheTimerIsLeftToIt() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(ObservationRegistry.class, TestObservationRegistry::create)
        .withPropertyValues("runstore.repository=in-memory")
        .run(context -> {
          assertThat(context).hasSingleBean(RunstoreObservations.class).hasSingleBean(RunstoreMetrics.class);
          assertThat(context.getBean(RunstoreMetrics.class).needsDuration()).isFalse();
          roundTrip(context.getBean(WorkflowRunRepository.class));
          TestObservationRegistry observations = (TestObservationRegistry) context.getBean(ObservationRegistry.class);
          io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(observations)
              .hasNumberOfObservationsWithNameEqualTo(RunstoreObservations.NAME, 2);
        });
    runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
        .withPropertyValues("runstore.repository=in-memory", "runstore.observations.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(RunstoreObservations.class));
  }

  @Test
  void anApplicationsOwnRepositoryWins() {
    InMemoryWorkflowRunRepository own = new InMemoryWorkflowRunRepository();
    runner.withBean(WorkflowRunRepository.class, () -> own).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(WorkflowRunRepository.class)).isSameAs(own);
      assertThat(context.getBean(RunstoreHealthIndicator.class).health(true).getDetails()).containsEntry("backend", "custom");
    });
  }

  @Test
  void theHealthIndicatorQueriesTheStoreAndCanBeTurnedOff() {
    runner.withBean(DataSource.class, RunstoreAutoConfigurationTest::h2).withPropertyValues("runstore.schema.create=true")
        .run(context -> {
          Health health = context.getBean(RunstoreHealthIndicator.class).health(true);
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("backend", "h2");
        });
    // Without the table the query fails: DOWN, with the error.
    runner.withBean(DataSource.class, RunstoreAutoConfigurationTest::h2).run(context -> {
      Health health = context.getBean(RunstoreHealthIndicator.class).health(true);
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsKey("error");
    });
    runner.withPropertyValues("runstore.repository=in-memory", "management.health.runstore.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(RunstoreHealthIndicator.class));
  }

  @Test
  void retentionIsOffByDefaultAndScheduledWhenEnabled(@TempDir Path archive) {
    runner.withPropertyValues("runstore.repository=in-memory", "runstore.retention.archive=" + archive)
        .run(context -> assertThat(context).doesNotHaveBean(RetentionJob.class).doesNotHaveBean(RunstoreRetentionScheduler.class));
    runner.withPropertyValues("runstore.repository=in-memory", "runstore.retention.enabled=true",
            "runstore.retention.archive=" + archive, "runstore.retention.cron=0 0 4 * * *",
            "runstore.retention.cutoff=0s")
        .run(context -> {
          assertThat(context).hasSingleBean(RetentionJob.class).hasSingleBean(RunArchive.class);
          RunstoreRetentionScheduler scheduler = context.getBean(RunstoreRetentionScheduler.class);
          assertThat(scheduler.isRunning()).isTrue();
          assertThat(scheduler.cron()).isEqualTo("0 0 4 * * *");
          // Runs created before now are purged into the archive directory when the job runs.
          WorkflowRunRepository repository = context.getBean(WorkflowRunRepository.class);
          WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();
          repository.save(run);
          scheduler.runOnce();
          assertThat(repository.getWorkflowRunById(run.tenantId(), run.appId(), run.id())).isEmpty();
          assertThat(archive.resolve("runstore").resolve(run.tenantId())).isDirectory();
        });
  }

  @Test
  void enabledRetentionNeedsAnArchiveAndAValidCron(@TempDir Path archive) {
    runner.withPropertyValues("runstore.repository=in-memory", "runstore.retention.enabled=true")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("runstore.retention.archive"));
    runner.withPropertyValues("runstore.repository=in-memory", "runstore.retention.enabled=true",
            "runstore.retention.archive=" + archive, "runstore.retention.cron=every night")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("IllegalArgumentException: runstore.retention.cron is not a valid cron expression"));
  }
}
