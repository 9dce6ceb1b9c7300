package dev.runstore.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.retention.LocalDirectoryArchive;
import dev.runstore.retention.RestoreJob;
import dev.runstore.retention.RestoreReport;
import dev.runstore.retention.RetentionJob;
import dev.runstore.retention.RetentionReport;
import dev.runstore.testkit.TestRuns;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters {@link RunstoreMetrics} records, read back from a {@link SimpleMeterRegistry}. */
class RunstoreMetricsTest {

  private static final RepositoryConfig IN_MEMORY = RepositoryConfig.builder().repository("in-memory").build();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private WorkflowRunRepository repository(RunstoreMetrics metrics) {
    return WorkflowRunRepositories.create(IN_MEMORY, null, RepositoryOptions.builder().observer(metrics).build());
  }

  private Timer timer(String operation, String outcome) {
    return registry.get(RunstoreMetrics.OPERATION_TIMER)
        .tags("operation", operation, "backend", "in-memory", "outcome", outcome).timer();
  }

  @Test
  void operationsAreTimedByOperationBackendAndOutcome() {
    WorkflowRunRepository repository = repository(RunstoreMetrics.builder(registry).build());
    WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();

    repository.save(run);
    for (int i = 0; i < 3; i++) {
      repository.getWorkflowRunById(run.tenantId(), run.appId(), run.id());
    }
    assertThatThrownBy(() -> repository.getPaginatedWorkflowRuns(run.tenantId(), run.appId(), TriggeredFrom.APP_RUN, 5000, null))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(timer("save", "ok").count()).isEqualTo(1);
    assertThat(timer("getWorkflowRunById", "ok").count()).isEqualTo(3);
    assertThat(timer("getWorkflowRunById", "ok").totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(timer("getPaginatedWorkflowRuns", "invalid_argument").count()).isEqualTo(1);
    assertThat(registry.find(RunstoreMetrics.OPERATION_TIMER).tag("outcome", "ok").timers())
        .extracting(t -> t.getId().getTag("operation"))
        .containsExactlyInAnyOrder("save", "getWorkflowRunById");
  }

  @Test
  void deletedRowsAreCountedPerOperation() {
    WorkflowRunRepository repository = repository(RunstoreMetrics.builder(registry).build());
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      WorkflowRun run = TestRuns.run(tenant, app).build();
      repository.save(run);
      ids.add(run.id());
    }

    assertThat(repository.deleteRunsByIds(tenant, ids.subList(0, 2))).isEqualTo(2);
    assertThat(repository.deleteRunsByApp(tenant, app, 2)).isEqualTo(5);

    assertThat(registry.get(RunstoreMetrics.ROWS_DELETED).tags("operation", "deleteRunsByIds", "backend", "in-memory")
        .counter().count()).isEqualTo(2);
    assertThat(registry.get(RunstoreMetrics.ROWS_DELETED).tags("operation", "deleteRunsByApp", "backend", "in-memory")
        .counter().count()).isEqualTo(5);
  }

  @Test
  void withoutTimersNoDurationIsAskedForAndNoTimerRecorded() {
    RunstoreMetrics metrics = RunstoreMetrics.builder(registry).recordTimers(false).build();
    assertThat(metrics.needsDuration()).isFalse();
    WorkflowRunRepository repository = repository(metrics);
    String tenant = TestRuns.newId();
    WorkflowRun run = TestRuns.run(tenant, TestRuns.newId()).build();
    repository.save(run);
    repository.deleteRunsByIds(tenant, List.of(run.id()));

    assertThat(registry.find(RunstoreMetrics.OPERATION_TIMER).timers()).isEmpty();
    assertThat(registry.get(RunstoreMetrics.ROWS_DELETED).counter().count()).isEqualTo(1);
  }

  @Test
  void retentionBatchesRunsAndBytesAreCounted(@TempDir Path dir) throws Exception {
    RunstoreMetrics metrics = RunstoreMetrics.builder(registry).build();
    WorkflowRunRepository repository = repository(metrics);
    String tenant = TestRuns.newId();
    Instant old = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < 12; i++) {
      repository.save(TestRuns.run(tenant, TestRuns.newId()).createdAt(old.plusSeconds(i))
          .status(WorkflowRunStatus.SUCCEEDED).build());
    }

    RetentionReport report;
    RestoreReport restore;
    try (LocalDirectoryArchive archive = new LocalDirectoryArchive(dir)) {
      report = RetentionJob.builder(repository, archive).tenant(tenant).cutoff(old.plusSeconds(3600))
          .batchSize(5).observer(metrics, "in-memory").build().run();
      restore = RestoreJob.builder(repository, archive).tenant(tenant).observer(metrics, "in-memory").build().run();
    }

    assertThat(report.batches()).isEqualTo(3);
    assertThat(count(RunstoreMetrics.RETENTION_BATCHES)).isEqualTo(3);
    assertThat(count(RunstoreMetrics.RETENTION_RUNS, "stage", "archived")).isEqualTo(12);
    assertThat(count(RunstoreMetrics.RETENTION_RUNS, "stage", "deleted")).isEqualTo(12);
    assertThat(count(RunstoreMetrics.RETENTION_RUNS, "stage", "restored")).isEqualTo(restore.runsRestored()).isEqualTo(12);
    assertThat(count(RunstoreMetrics.RETENTION_BYTES, "stage", "archived")).isEqualTo(report.bytesWritten());
    assertThat(count(RunstoreMetrics.RETENTION_BYTES, "stage", "restored")).isPositive();
    assertThat(count(RunstoreMetrics.RETENTION_RELATED_DELETED)).isZero();
    assertThat(timer("retention.archive", "ok").count()).isEqualTo(3);
    assertThat(timer("retention.delete", "ok").count()).isEqualTo(3);
    assertThat(timer("retention.restore", "ok").count()).isEqualTo(3);
    // The job's repository reports its own deletes too, under the repository method's name.
    assertThat(registry.get(RunstoreMetrics.ROWS_DELETED).tag("operation", "deleteRunsWithRelated").counter().count()).isEqualTo(12);
  }

  private double count(String name, String... tags) {
    return registry.get(name).tag("backend", "in-memory").tags(tags).counter().count();
  }

  @Test
  void aPoolTheRepositoryOwnsGetsHikariCpGauges() {
    RepositoryConfig h2 = RepositoryConfig.builder().repository("h2")
        .jdbcUrl("jdbc:h2:mem:metrics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .poolMaxSize(3).schemaCreate(true).build();
    try (WorkflowRunRepository repository = WorkflowRunRepositories.create(
        h2, null, RepositoryOptions.builder().observer(RunstoreMetrics.builder(registry).build()).build())) {
      repository.getWorkflowRunByIdWithoutTenant(TestRuns.newId());

      assertThat(registry.get("hikaricp.connections.max").tag("pool", "runstore-h2").gauge().value()).isEqualTo(3);
      assertThat(registry.get("hikaricp.connections").tag("pool", "runstore-h2").gauge().value()).isPositive();
      assertThat(registry.get("hikaricp.connections.acquire").tag("pool", "runstore-h2").timer().count()).isPositive();
      assertThat(timer("getWorkflowRunByIdWithoutTenant", "ok", "h2").count()).isEqualTo(1);
    }
  }

  @Test
  void theApplicationsOwnDataSourceIsLeftToTheApplication() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:metrics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    RepositoryConfig h2 = RepositoryConfig.builder().repository("h2").schemaCreate(true).build();
    try (WorkflowRunRepository repository = WorkflowRunRepositories.create(
        h2, dataSource, RepositoryOptions.builder().observer(RunstoreMetrics.builder(registry).build()).build())) {
      repository.getWorkflowRunByIdWithoutTenant(TestRuns.newId());
    }
    assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
        .contains(RunstoreMetrics.OPERATION_TIMER)
        .noneMatch(name -> name.startsWith("hikaricp"));
  }

  private Timer timer(String operation, String outcome, String backend) {
    return registry.get(RunstoreMetrics.OPERATION_TIMER)
        .tags("operation", operation, "backend", backend, "outcome", outcome).timer();
  }
}
