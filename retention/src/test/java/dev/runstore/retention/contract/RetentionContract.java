package dev.runstore.retention.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.PauseReason;
import dev.runstore.api.PauseReasonType;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.retention.ArchiveException;
import dev.runstore.retention.ArchiveLayout;
import dev.runstore.retention.ArchiveReader;
import dev.runstore.retention.ArchivedBatch;
import dev.runstore.retention.LocalDirectoryArchive;
import dev.runstore.retention.RestoreJob;
import dev.runstore.retention.RestoreReport;
import dev.runstore.retention.RetentionJob;
import dev.runstore.retention.RetentionListener;
import dev.runstore.retention.RetentionReport;
import dev.runstore.retention.RunArchive;
import dev.runstore.retention.StoredBatch;
import dev.runstore.spi.Operation;
import dev.runstore.spi.OperationEvent;
import dev.runstore.spi.OperationObserver;
import dev.runstore.spi.Outcome;
import dev.runstore.testkit.TestRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The retention contract: purge (archive, verify, delete), budgets, dry run, restore, and crash
 * safety — killed between backup and delete, mid-delete, or between a data file and its
 * manifest, a rerun loses no run and a restore gives back exactly the original runs. Every
 * crash scenario pauses a third of its runs (a pause with reasons and a state object, the related
 * rows every backend holds): each pause is in the table or in a complete batch, and the restore
 * gives back the same pause and state. Backends with Dify's other related tables check those in
 * their own tests.
 *
 * <p>A backend's test extends it and supplies the repository (and optionally the archive):
 *
 * <pre>{@code
 * class PostgresRetentionTest extends RetentionContract {
 *   protected WorkflowRunRepository createRepository() { return new PostgresWorkflowRunRepository(dataSource); }
 * }
 * }</pre>
 *
 * <p>Tests isolate themselves with random tenants and a random archive prefix each, so they share
 * one repository and one archive per class, on storage that may hold other data. Tests over
 * every tenant use runs created in the 11th century, before anything other suites create.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RetentionContract {

  private static final Instant T0 = Instant.parse("2024-03-01T00:00:00.000001Z");

  private WorkflowRunRepository repository;
  private RunArchive archive;
  private Path directory;

  /** A new repository over storage the suite may write to. Called once per test class. */
  protected abstract WorkflowRunRepository createRepository();

  /**
   * A new, empty archive; called once per test class. Default: a local directory archive in
   * {@code directory} (a fresh temporary directory, deleted after the class).
   */
  protected RunArchive createArchive(Path directory) throws Exception {
    return new LocalDirectoryArchive(directory);
  }

  @BeforeAll
  void openRepositoryAndArchive() throws Exception {
    repository = createRepository();
    directory = Files.createTempDirectory("runstore-retention-");
    archive = createArchive(directory);
  }

  @AfterAll
  void closeRepositoryAndArchive() throws IOException {
    try {
      if (archive != null) {
        archive.close();
      }
      if (repository != null) {
        repository.close();
      }
    } finally {
      if (directory != null) {
        try (Stream<Path> files = Files.walk(directory)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  /** The repository under test. */
  protected final WorkflowRunRepository repository() {
    return repository;
  }

  /** The archive under test. */
  protected final RunArchive archive() {
    return archive;
  }

  // ---------------------------------------------------------------- purging

  @Test
  void purgesExpiredEndedRunsOnlyAndUnfinishedOldestRunsDoNotStallIt() {
    String tenant = TestRuns.newId();
    String other = TestRuns.newId();
    String prefix = prefix();
    List<WorkflowRun> running = new ArrayList<>();
    for (int i = 0; i < 12; i++) { // the oldest runs, more than a batch: must not stall the walk
      WorkflowRunStatus status = i % 2 == 0 ? WorkflowRunStatus.RUNNING : WorkflowRunStatus.PAUSED;
      running.add(run(tenant, T0.plusSeconds(i), status));
    }
    List<WorkflowRun> expired = runs(tenant, T0.plusSeconds(100), 25, WorkflowRunStatus.SUCCEEDED);
    List<WorkflowRun> recent = runs(tenant, T0.plus(Duration.ofDays(30)), 10, WorkflowRunStatus.FAILED);
    List<WorkflowRun> otherTenant = runs(other, T0.plusSeconds(50), 10, WorkflowRunStatus.STOPPED);
    saveAll(running, expired, recent, otherTenant);

    List<ArchivedBatch> batches = new ArrayList<>();
    RetentionReport report = RetentionJob.builder(repository, archive)
        .tenant(tenant).cutoff(T0.plus(Duration.ofDays(1))).batchSize(7).prefix(prefix)
        .listener(new RetentionListener() {
          @Override
          public void batchArchived(ArchivedBatch batch) {
            batches.add(batch);
          }
        })
        .build().run();

    assertThat(report.runsScanned()).isEqualTo(25);
    assertThat(report.runsArchived()).isEqualTo(25);
    assertThat(report.runsDeleted()).isEqualTo(25);
    assertThat(report.batches()).isEqualTo(4);
    assertThat(report.stoppedByBudget()).isFalse();
    assertThat(report.dryRun()).isFalse();
    assertThat(report.bytesWritten()).isPositive();
    assertThat(batches).hasSize(4).allSatisfy(b -> assertThat(b.tenantId()).isEqualTo(tenant));
    assertThat(batches).extracting(b -> b.manifest().rowCount()).containsExactly(7, 7, 7, 4);

    assertThat(table(tenant)).containsExactlyInAnyOrderElementsOf(concat(running, recent));
    assertThat(table(other)).containsExactlyInAnyOrderElementsOf(otherTenant);
    assertThat(archived(prefix, tenant)).containsExactlyElementsOf(expired);
  }

  @Test
  void batchFilesFollowTheLayoutAndNeverMixTenants() {
    String a = TestRuns.newId();
    String b = TestRuns.newId();
    String prefix = prefix();
    List<WorkflowRun> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) { // interleaved in time: one walk sees both tenants
      all.add(run(i % 2 == 0 ? a : b, T0.plusMillis(i * 7L), WorkflowRunStatus.SUCCEEDED));
    }
    saveAll(all);

    RetentionReport report = RetentionJob.builder(repository, archive)
        .tenants(List.of(a, b)).cutoff(T0.plusSeconds(60)).batchSize(4).prefix(prefix).build().run();

    assertThat(report.runsArchived()).isEqualTo(20);
    List<String> keys = archive.list(prefix + "/");
    assertThat(keys).hasSize(2 * report.batches());
    String pattern = "\\Q" + prefix + "\\E/[0-9a-f-]{36}/workflow_runs/\\d{4}-\\d{2}-\\d{2}/"
        + "\\d{8}T\\d{6}\\.\\d{6}Z-[0-9a-f-]{36}\\.(jsonl\\.gz|manifest\\.json)";
    assertThat(keys).allMatch(k -> k.matches(pattern), "matches " + pattern);
    for (StoredBatch batch : reader(prefix).list(null, null).batches()) {
      List<WorkflowRun> runs = reader(prefix).read(batch);
      assertThat(runs).extracting(WorkflowRun::tenantId).containsOnly(batch.manifest().tenantId());
      assertThat(batch.dataKey()).contains("/" + batch.manifest().tenantId() + "/workflow_runs/2024-03-01/20240301T000000.");
      assertThat(batch.dataKey()).endsWith("-" + runs.get(0).id() + ".jsonl.gz");
    }
    assertThat(table(a)).isEmpty();
    assertThat(table(b)).isEmpty();
    assertThat(archived(prefix, a)).containsExactlyElementsOf(
        all.stream().filter(r -> r.tenantId().equals(a)).collect(Collectors.toList()));
  }

  @Test
  void everyStatusModePurgesUnfinishedRunsToo() {
    String tenant = TestRuns.newId();
    String prefix = prefix();
    List<WorkflowRun> expired = new ArrayList<>();
    WorkflowRunStatus[] statuses = WorkflowRunStatus.values();
    for (int i = 0; i < 23; i++) {
      expired.add(run(tenant, T0.plusSeconds(i), statuses[i % statuses.length]));
    }
    List<WorkflowRun> recent = runs(tenant, T0.plus(Duration.ofDays(9)), 3, WorkflowRunStatus.RUNNING);
    saveAll(expired, recent);

    RetentionReport report = RetentionJob.builder(repository, archive)
        .tenant(tenant).cutoff(T0.plus(Duration.ofDays(1))).batchSize(5).endedOnly(false).prefix(prefix)
        .build().run();

    assertThat(report.runsArchived()).isEqualTo(23);
    assertThat(report.runsDeleted()).isEqualTo(23);
    assertThat(report.batches()).isEqualTo(5);
    assertThat(table(tenant)).containsExactlyInAnyOrderElementsOf(recent);
    assertThat(archived(prefix, tenant)).containsExactlyElementsOf(expired);
  }

  @Test
  void allTenantsPurgesEveryTenantsEndedRuns() {
    String a = TestRuns.newId();
    String b = TestRuns.newId();
    String prefix = prefix();
    // The 11th century: older than anything other suites create.
    Instant era = Instant.parse("1001-01-01T00:00:00Z").plus(new Random().nextInt(1_000_000), ChronoUnit.SECONDS);
    List<WorkflowRun> runsA = new ArrayList<>();
    List<WorkflowRun> runsB = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      runsA.add(run(a, era.plusMillis(i * 3L), WorkflowRunStatus.SUCCEEDED));
      runsB.add(run(b, era.plusMillis(i * 3L + 1), WorkflowRunStatus.PARTIAL_SUCCEEDED));
    }
    WorkflowRun unfinished = run(b, era.plusMillis(2), WorkflowRunStatus.RUNNING);
    saveAll(runsA, runsB, List.of(unfinished));

    RetentionReport report = RetentionJob.builder(repository, archive)
        .allTenants().cutoff(era.plusSeconds(1)).batchSize(4).prefix(prefix).build().run();

    assertThat(report.runsArchived()).isGreaterThanOrEqualTo(30);
    assertThat(table(a)).isEmpty();
    assertThat(table(b)).containsExactly(unfinished);
    assertThat(archived(prefix, a)).containsExactlyElementsOf(runsA);
    assertThat(archived(prefix, b)).containsExactlyElementsOf(runsB);
    for (StoredBatch batch : reader(prefix).list(null, null).batches()) {
      assertThat(reader(prefix).read(batch)).extracting(WorkflowRun::tenantId)
          .containsOnly(batch.manifest().tenantId());
    }
  }

  @Test
  void dryRunCountsAndWritesOrDeletesNothing() {
    String tenant = TestRuns.newId();
    String prefix = prefix();
    List<WorkflowRun> expired = runs(tenant, T0, 17, WorkflowRunStatus.SUCCEEDED);
    List<WorkflowRun> unfinished = runs(tenant, T0.plusSeconds(100), 3, WorkflowRunStatus.RUNNING);
    saveAll(expired, unfinished);

    RetentionReport ended = RetentionJob.builder(repository, archive)
        .tenant(tenant).cutoff(T0.plus(Duration.ofDays(1))).batchSize(5).dryRun(true).prefix(prefix)
        .build().run();
    RetentionReport every = RetentionJob.builder(repository, archive)
        .tenant(tenant).cutoff(T0.plus(Duration.ofDays(1))).batchSize(5).dryRun(true).endedOnly(false)
        .prefix(prefix).build().run();

    assertThat(ended.dryRun()).isTrue();
    assertThat(ended.runsScanned()).isEqualTo(17);
    assertThat(every.runsScanned()).isEqualTo(20);
    assertThat(every.countIsLowerBound()).isFalse();
    for (RetentionReport r : List.of(ended, every)) {
      assertThat(r.runsArchived()).isZero();
      assertThat(r.runsDeleted()).isZero();
      assertThat(r.bytesWritten()).isZero();
      assertThat(r.batches()).isZero();
    }
    assertThat(archive.list(prefix + "/")).isEmpty();
    assertThat(table(tenant)).containsExactlyInAnyOrderElementsOf(concat(expired, unfinished));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void dryRunCountsRelatedRowsPerTableAsThePurgeThenDeletes(boolean endedOnly) {
    Scenario s = scenario(10, 4);
    long reasons = s.pauses.entrySet().stream().filter(e -> !e.getKey().equals(s.recent.get(0).id()))
        .mapToLong(e -> e.getValue().reasons().size()).sum();
    long pauses = s.pauses.size() - 1;

    RetentionReport dry = RetentionJob.builder(repository, archive).tenant(s.tenant)
        .cutoff(T0.plus(Duration.ofDays(1))).batchSize(4).endedOnly(endedOnly).dryRun(true).prefix(s.prefix)
        .build().run();
    assertThat(dry.related()).isEqualTo(new RelatedCounts(10, 0, 0, 0, 0, pauses, reasons));
    assertThat(archive.list(s.prefix + "/")).isEmpty();
    assertThat(table(s.tenant)).hasSize(10 + s.recent.size());

    RetentionReport purged = s.job(repository, archive).run();
    assertThat(purged.related()).isEqualTo(dry.related());
    List<StoredBatch> batches = reader(s.prefix).list(s.tenant, null).batches();
    assertThat(batches).allSatisfy(b -> {
      assertThat(b.manifest().withRelated()).isTrue();
      assertThat(b.manifest().tableCounts()).containsKeys("workflow_runs", "workflow_pauses",
          "workflow_pause_reasons", "workflow_node_executions", "workflow_node_execution_offload",
          "workflow_app_logs", "workflow_trigger_logs");
    });
    assertThat(batches.stream().mapToLong(b -> b.manifest().tableCounts().get("workflow_pauses")).sum()).isEqualTo(pauses);
    assertThat(batches.stream().mapToLong(b -> b.manifest().pauseStates()).sum()).isEqualTo(pauses);
    rerunAndRestore(s, 0);
  }

  @Test
  void runsOnlyPurgeWritesRunsOnlyBatchesLeavesRelatedRowsAndStillRestores() {
    Scenario s = scenario(7, 3);
    RetentionReport report = RetentionJob.builder(repository, archive).tenant(s.tenant)
        .cutoff(T0.plus(Duration.ofDays(1))).batchSize(3).withRelated(false).prefix(s.prefix).build().run();

    assertThat(report.related()).isEqualTo(new RelatedCounts(7, 0, 0, 0, 0, 0, 0));
    List<StoredBatch> batches = reader(s.prefix).list(s.tenant, null).batches();
    assertThat(batches).hasSize(3).allSatisfy(b -> {
      assertThat(b.manifest().formatVersion()).isEqualTo(1); // what runstore wrote before related rows
      assertThat(b.manifest().tableCounts()).containsOnlyKeys("workflow_runs");
      assertThat(reader(s.prefix).readBatch(b).related()).isEqualTo(RelatedRows.NONE);
    });
    assertThat(table(s.tenant)).containsExactlyInAnyOrderElementsOf(s.recent);

    RestoreReport restore = RestoreJob.builder(repository, archive).tenant(s.tenant).prefix(s.prefix).build().run();
    assertThat(restore.runsRestored()).isEqualTo(7);
    assertThat(restore.related()).isEqualTo(new RelatedCounts(7, 0, 0, 0, 0, 0, 0));
    assertThat(table(s.tenant)).containsExactlyInAnyOrderElementsOf(concat(s.expired, s.recent));
    assertPausesRestored(s); // never deleted: the runs-only purge left them in place
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void maxRunsBudgetStopsAndARerunContinues(boolean endedOnly) {
    String tenant = TestRuns.newId();
    String prefix = prefix();
    List<WorkflowRun> expired = runs(tenant, T0, 20, WorkflowRunStatus.SUCCEEDED);
    saveAll(expired);
    RetentionJob.Builder job = RetentionJob.builder(repository, archive)
        .tenant(tenant).cutoff(T0.plus(Duration.ofDays(1))).batchSize(5).endedOnly(endedOnly).prefix(prefix);

    RetentionReport first = job.maxRuns(8).build().run();
    assertThat(first.runsArchived()).isEqualTo(8);
    assertThat(first.runsDeleted()).isEqualTo(8);
    assertThat(first.stoppedByBudget()).isTrue();
    assertThat(table(tenant)).containsExactlyInAnyOrderElementsOf(expired.subList(8, 20));

    RetentionReport exact = job.maxRuns(12).build().run();
    assertThat(exact.runsArchived()).isEqualTo(12);
    assertThat(exact.stoppedByBudget()).as("nothing was left").isFalse();
    assertThat(table(tenant)).isEmpty();
    assertThat(archived(prefix, tenant)).containsExactlyElementsOf(expired);
  }

  @Test
  void maxDurationBudgetStopsBeforeTheNextBatch() {
    String tenant = TestRuns.newId();
    String prefix = prefix();
    List<WorkflowRun> expired = runs(tenant, T0, 10, WorkflowRunStatus.SUCCEEDED);
    saveAll(expired);

    RetentionReport none = RetentionJob.builder(repository, archive)
        .tenant(tenant).cutoff(T0.plus(Duration.ofDays(1))).maxDuration(Duration.ZERO).prefix(prefix)
        .build().run();
    assertThat(none.runsArchived()).isZero();
    assertThat(none.stoppedByBudget()).isTrue();
    assertThat(table(tenant)).hasSize(10);

    // A clock that moves one minute per reading: the budget of 3 minutes ends the job early.
    Clock ticking = new Clock() {
      private Instant now = Instant.parse("2030-01-01T00:00:00Z");

      @Override
      public synchronized Instant instant() {
        now = now.plusSeconds(60);
        return now;
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    RetentionReport partial = RetentionJob.builder(repository, archive)
        .tenant(tenant).cutoff(T0.plus(Duration.ofDays(1))).batchSize(2).maxDuration(Duration.ofMinutes(3))
        .clock(ticking).prefix(prefix).build().run();
    assertThat(partial.runsArchived()).isBetween(1L, 9L);
    assertThat(partial.stoppedByBudget()).isTrue();
    assertThat(table(tenant)).hasSize(10 - (int) partial.runsArchived());
  }

  @Test
  void cutoffAsDurationIsMeasuredFromTheClock() {
    String tenant = TestRuns.newId();
    String prefix = prefix();
    List<WorkflowRun> old = runs(tenant, T0, 3, WorkflowRunStatus.SUCCEEDED);
    List<WorkflowRun> young = runs(tenant, T0.plus(Duration.ofDays(6)), 3, WorkflowRunStatus.SUCCEEDED);
    saveAll(old, young);
    Clock clock = Clock.fixed(T0.plus(Duration.ofDays(10)), ZoneOffset.UTC);

    RetentionReport report = RetentionJob.builder(repository, archive)
        .tenant(tenant).cutoff(Duration.ofDays(5)).clock(clock).prefix(prefix).build().run();

    assertThat(report.cutoff()).isEqualTo(T0.plus(Duration.ofDays(5)));
    assertThat(table(tenant)).containsExactlyInAnyOrderElementsOf(young);
    assertThat(archived(prefix, tenant)).containsExactlyElementsOf(old);
  }

  @Test
  void archiveAndRestoreRoundTripEveryComponentExactly() {
    String tenant = TestRuns.newId();
    String prefix = prefix();
    long seed = TestRuns.seed();
    Random random = new Random(seed);
    Map<String, WorkflowRun> originals = new HashMap<>();
    for (int i = 0; i < 150; i++) {
      WorkflowRun r = TestRuns.randomRun(random, tenant, TestRuns.newId(random));
      originals.put(r.id(), r);
    }
    String tricky = "{\"text\":\"line1\\nline2 \u2028 \u00e9\u4e2d\ud83d\ude00 \\\"quoted\\\" \\\\ tab\\t\"}";
    WorkflowRun special = TestRuns.run(tenant, TestRuns.newId())
        .graph(tricky).inputs("").outputs("not json at all\r\n\u0001").error("e\u2029rr")
        .createdAt(Instant.parse("2025-06-01T00:00:00Z")).finishedAt(null)
        .elapsedTime(0.1 + 0.2).totalTokens(Long.MAX_VALUE).status(WorkflowRunStatus.STOPPED).build();
    originals.put(special.id(), special);
    saveAll(originals.values());

    RetentionJob.builder(repository, archive).tenant(tenant).cutoff(TestRuns.FAR_FUTURE)
        .batchSize(40).endedOnly(false).prefix(prefix).build().run();
    assertThat(table(tenant)).as("seed %s", seed).isEmpty();

    RestoreReport restore = RestoreJob.builder(repository, archive).tenant(tenant).prefix(prefix).build().run();
    assertThat(restore.runsRestored()).isEqualTo(151);
    assertThat(restore.duplicatesSkipped()).isZero();
    assertThat(table(tenant)).as("seed %s", seed).containsExactlyInAnyOrderElementsOf(originals.values());
  }

  @Test
  void observersAreToldEachBatchArchivedDeletedAndRestoredWithItsRowsAndBytes() {
    String tenant = TestRuns.newId();
    String prefix = prefix();
    List<WorkflowRun> expired = runs(tenant, T0, 17, WorkflowRunStatus.SUCCEEDED);
    saveAll(expired);
    List<OperationEvent> events = new CopyOnWriteArrayList<>();
    OperationObserver observer = (event, context) -> events.add(event);

    RetentionReport report = RetentionJob.builder(repository, archive).tenant(tenant)
        .cutoff(T0.plus(Duration.ofDays(1))).batchSize(5).prefix(prefix)
        .observer(observer, "test-backend").build().run();

    List<OperationEvent> archived = ofOperation(events, Operation.RETENTION_ARCHIVE);
    List<OperationEvent> deleted = ofOperation(events, Operation.RETENTION_DELETE);
    assertThat(archived).hasSize(report.batches()).hasSize(4);
    assertThat(archived).extracting(OperationEvent::rows).containsExactly(5L, 5L, 5L, 2L);
    assertThat(archived.stream().mapToLong(OperationEvent::bytes).sum()).isEqualTo(report.bytesWritten()).isPositive();
    assertThat(deleted).extracting(OperationEvent::rows).containsExactly(5L, 5L, 5L, 2L);
    assertThat(deleted).extracting(OperationEvent::relatedRows).containsOnly(0L);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.backend()).isEqualTo("test-backend");
      assertThat(e.outcome()).isEqualTo(Outcome.OK);
      assertThat(e.durationNanos()).isNotNegative();
    });

    events.clear();
    RestoreReport restore = RestoreJob.builder(repository, archive).tenant(tenant).prefix(prefix)
        .observer(observer, "test-backend").build().run();
    assertThat(events).extracting(OperationEvent::operation).containsOnly(Operation.RETENTION_RESTORE).hasSize(4);
    assertThat(events.stream().mapToLong(OperationEvent::rows).sum()).isEqualTo(restore.runsRestored()).isEqualTo(17);
    assertThat(events).allSatisfy(e -> assertThat(e.bytes()).isPositive());
  }

  @Test
  void aBatchThatFailsToArchiveIsReportedWithItsFailure() {
    String tenant = TestRuns.newId();
    saveAll(runs(tenant, T0, 3, WorkflowRunStatus.SUCCEEDED));
    ArchiveException full = new ArchiveException("disk full");
    RunArchive failing = new RunArchive() {
      @Override
      public void put(String key, byte[] content) {
        throw full;
      }

      @Override
      public Optional<byte[]> get(String key) {
        return Optional.empty();
      }

      @Override
      public List<String> list(String p) {
        return List.of();
      }

      @Override
      public String describe() {
        return "full archive";
      }
    };
    List<OperationEvent> events = new CopyOnWriteArrayList<>();

    assertThatThrownBy(() -> RetentionJob.builder(repository, failing).tenant(tenant)
            .cutoff(T0.plus(Duration.ofDays(1))).prefix(prefix())
            .observer((event, context) -> events.add(event), "test-backend").build().run())
        .isSameAs(full);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.operation()).isEqualTo(Operation.RETENTION_ARCHIVE);
      assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(e.failure()).isSameAs(full);
    });
    assertThat(table(tenant)).hasSize(3);
  }

  private static List<OperationEvent> ofOperation(List<OperationEvent> events, Operation operation) {
    return events.stream().filter(e -> e.operation() == operation).toList();
  }

  @Test
  void nothingIsDeletedWhenTheArchiveReadsBackDifferentBytes() {
    String tenant = TestRuns.newId();
    String prefix = prefix();
    List<WorkflowRun> expired = runs(tenant, T0, 6, WorkflowRunStatus.SUCCEEDED);
    saveAll(expired);
    RunArchive lying = new RunArchive() {
      @Override
      public void put(String key, byte[] content) {
        archive.put(key, content);
      }

      @Override
      public Optional<byte[]> get(String key) {
        return archive.get(key).map(bytes -> {
          byte[] copy = bytes.clone();
          copy[copy.length / 2] ^= 1; // a bit flipped on the way to or from storage
          return copy;
        });
      }

      @Override
      public List<String> list(String p) {
        return archive.list(p);
      }

      @Override
      public String describe() {
        return "bit-flipping archive";
      }
    };

    assertThatThrownBy(() -> RetentionJob.builder(repository, lying).tenant(tenant)
            .cutoff(T0.plus(Duration.ofDays(1))).prefix(prefix).build().run())
        .isInstanceOf(ArchiveException.class);
    assertThat(table(tenant)).containsExactlyInAnyOrderElementsOf(expired);
  }

  @Test
  void optionsAreValidated() {
    RetentionJob.Builder b = RetentionJob.builder(repository, archive);
    assertThatThrownBy(() -> RetentionJob.builder(repository, archive).cutoff(T0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenant");
    assertThatThrownBy(() -> RetentionJob.builder(repository, archive).allTenants().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cutoff");
    assertThatThrownBy(() -> RetentionJob.builder(repository, archive).allTenants().cutoff(T0).endedOnly(false).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endedOnly");
    assertThatThrownBy(() -> b.batchSize(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> b.batchSize(10_001)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.tenant("not-a-uuid")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxRuns(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.cutoff(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.prefix("../x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RestoreJob.builder(repository, archive).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RestoreJob.builder(repository, archive)
            .dateRange(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- restore

  @Test
  void restoreIsIdempotent() {
    String tenant = TestRuns.newId();
    String prefix = prefix();
    List<WorkflowRun> expired = runs(tenant, T0, 12, WorkflowRunStatus.SUCCEEDED);
    saveAll(expired);
    RetentionJob.builder(repository, archive).tenant(tenant).cutoff(T0.plus(Duration.ofDays(1)))
        .batchSize(5).prefix(prefix).build().run();
    RestoreJob restore = RestoreJob.builder(repository, archive).tenant(tenant).prefix(prefix).build();

    RestoreReport first = restore.run();
    RestoreReport second = restore.run();

    for (RestoreReport r : List.of(first, second)) {
      assertThat(r.filesRead()).isEqualTo(3);
      assertThat(r.runsRestored()).isEqualTo(12);
      assertThat(r.duplicatesSkipped()).isZero();
    }
    assertThat(table(tenant)).containsExactlyInAnyOrderElementsOf(expired);
  }

  @Test
  void restoreSelectsADateRangeOfCreation() {
    String tenant = TestRuns.newId();
    String prefix = prefix();
    List<WorkflowRun> all = new ArrayList<>();
    for (int day = 0; day < 5; day++) {
      all.addAll(runs(tenant, T0.plus(Duration.ofDays(day)).plusSeconds(3600), 4, WorkflowRunStatus.SUCCEEDED));
    }
    saveAll(all);
    RetentionJob.builder(repository, archive).tenant(tenant).cutoff(T0.plus(Duration.ofDays(30)))
        .batchSize(6).prefix(prefix).build().run(); // batches straddle days
    assertThat(table(tenant)).isEmpty();

    LocalDate day1 = LocalDate.ofInstant(T0, ZoneOffset.UTC).plusDays(1);
    RestoreReport report = RestoreJob.builder(repository, archive).tenant(tenant).prefix(prefix)
        .dateRange(day1, day1.plusDays(1)).build().run();

    List<WorkflowRun> expected = all.subList(4, 12);
    assertThat(report.runsRestored()).isEqualTo(8);
    assertThat(table(tenant)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void restoreRefusesAFileThatFailsItsChecksum() {
    String tenant = TestRuns.newId();
    String prefix = prefix();
    saveAll(runs(tenant, T0, 4, WorkflowRunStatus.SUCCEEDED));
    RetentionJob.builder(repository, archive).tenant(tenant).cutoff(T0.plus(Duration.ofDays(1)))
        .prefix(prefix).build().run();
    StoredBatch batch = reader(prefix).list(tenant, null).batches().get(0);
    byte[] data = archive.get(batch.dataKey()).orElseThrow();
    data[data.length - 9] ^= 0x10;
    archive.put(batch.dataKey(), data);

    assertThatThrownBy(() -> RestoreJob.builder(repository, archive).tenant(tenant).prefix(prefix).build().run())
        .isInstanceOf(ArchiveException.class).hasMessageContaining(batch.dataKey());
    assertThat(table(tenant)).isEmpty();
  }

  @Test
  void aCompleteBatchIsNeverOverwrittenByADifferentBatchWithTheSameFirstRun() {
    String tenant = TestRuns.newId();
    String prefix = prefix();
    List<WorkflowRun> first = runs(tenant, T0, 10, WorkflowRunStatus.SUCCEEDED);
    saveAll(first);
    RetentionJob.Builder job = RetentionJob.builder(repository, archive).tenant(tenant)
        .cutoff(T0.plus(Duration.ofDays(1))).batchSize(10).prefix(prefix);
    job.build().run();
    // Only the oldest run comes back (say, restored by hand), newer expired runs join it, and
    // the next purge's first batch starts with that same run but holds other runs.
    repository.save(first.get(0));
    List<WorkflowRun> later = runs(tenant, T0.plusSeconds(500), 3, WorkflowRunStatus.FAILED);
    saveAll(later);

    RetentionReport second = job.build().run();

    assertThat(second.runsArchived()).isEqualTo(4);
    assertThat(reader(prefix).list(tenant, null).batches()).hasSize(2);
    RestoreReport restore = RestoreJob.builder(repository, archive).tenant(tenant).prefix(prefix).build().run();
    assertThat(restore.runsRestored()).isEqualTo(13);
    assertThat(restore.duplicatesSkipped()).isEqualTo(1);
    assertThat(table(tenant)).containsExactlyInAnyOrderElementsOf(concat(first, later));
  }

  @Test
  void aRerunFindingItsBatchCompleteDoesNotRewriteIt() {
    Scenario s = scenario(12, 6);
    CrashingRepository crashing = new CrashingRepository(repository).crashAtDelete(1, 0);
    assertThatThrownBy(() -> s.job(crashing, archive).run()).isInstanceOf(SimulatedCrash.class);
    StoredBatch before = reader(s.prefix).list(s.tenant, null).batches().get(0);

    RetentionReport rerun = s.job(repository, archive).run();

    assertThat(rerun.runsArchived()).isEqualTo(12);
    assertThat(rerun.batches()).isEqualTo(2);
    List<StoredBatch> after = reader(s.prefix).list(s.tenant, null).batches();
    assertThat(after).hasSize(2);
    assertThat(after.get(0)).isEqualTo(before); // same manifest, archivedAt included: not rewritten
    assertThat(table(s.tenant)).containsExactlyInAnyOrderElementsOf(s.recent);
  }

  // ---------------------------------------------------------------- crash safety

  @Test
  void killedBetweenBackupAndDeleteLosesNothing() {
    Scenario s = scenario(30, 7);
    CrashingRepository crashing = new CrashingRepository(repository).crashAtDelete(2, 0);

    assertThatThrownBy(() -> s.job(crashing, archive).run()).isInstanceOf(SimulatedCrash.class);
    assertNoneLost(s);
    assertThat(table(s.tenant)).hasSize(30 - 7 + s.recent.size());

    rerunAndRestore(s, 0);
  }

  @Test
  void killedMidDeleteLosesNothingAndRestoreDedupes() {
    Scenario s = scenario(30, 7);
    CrashingRepository crashing = new CrashingRepository(repository).crashAtDelete(2, 3);

    assertThatThrownBy(() -> s.job(crashing, archive).run()).isInstanceOf(SimulatedCrash.class);
    assertNoneLost(s);
    assertThat(table(s.tenant)).hasSize(30 - 7 - 3 + s.recent.size());

    // The rerun archives the 4 survivors of batch 2 again, in a file of its own.
    rerunAndRestore(s, 4);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void killedAroundTheManifestWriteLosesNothing(boolean afterStore) {
    Scenario s = scenario(20, 6);
    // Puts alternate data, manifest: put 4 is the second batch's manifest.
    CrashingArchive crashing = new CrashingArchive(archive).crashAtPut(4, afterStore);

    assertThatThrownBy(() -> s.job(repository, crashing).run()).isInstanceOf(SimulatedCrash.class);
    assertNoneLost(s);
    ArchiveReader.Listing listing = reader(s.prefix).list(s.tenant, null);
    assertThat(listing.batches()).hasSize(afterStore ? 2 : 1);
    assertThat(listing.incompleteDataKeys()).hasSize(afterStore ? 0 : 1);
    assertThat(table(s.tenant)).hasSize(20 - 6 + s.recent.size());

    rerunAndRestore(s, 0);
  }

  @Test
  void killedWhileWritingTheFirstDataFileLosesNothing() {
    Scenario s = scenario(10, 4);
    CrashingArchive crashing = new CrashingArchive(archive).crashAtPut(1, false);

    assertThatThrownBy(() -> s.job(repository, crashing).run()).isInstanceOf(SimulatedCrash.class);
    assertThat(archive.list(s.prefix + "/")).isEmpty();
    assertThat(table(s.tenant)).hasSize(10 + s.recent.size());

    rerunAndRestore(s, 0);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void killedRepeatedlyAtRandomPointsLosesNothing(int round) {
    long seed = TestRuns.seed() + round;
    Random random = new Random(seed);
    Scenario s = scenario(40 + random.nextInt(30), 1 + random.nextInt(9));
    CrashingRepository crashingRepository = new CrashingRepository(repository);
    CrashingArchive crashingArchive = new CrashingArchive(archive);
    int crashes = 1 + random.nextInt(5);
    for (int i = 0; i < crashes; i++) {
      crashingRepository.disarm();
      crashingArchive.disarm();
      if (random.nextBoolean()) {
        crashingRepository.crashAtDelete(1 + random.nextInt(4), random.nextInt(s.batchSize + 1));
      } else {
        crashingArchive.crashAtPut(1 + random.nextInt(8), random.nextBoolean());
      }
      try {
        s.job(crashingRepository, crashingArchive).run();
      } catch (SimulatedCrash expected) {
        // killed: the next round is the rerun
      }
      assertNoneLost(s);
    }
    rerunAndRestore(s, -1);
  }

  // ---------------------------------------------------------------- helpers

  /** Expired ended runs of a fresh tenant (plus a few recent ones), purged in batches. */
  private final class Scenario {
    final String tenant = TestRuns.newId();
    final String prefix = prefix();
    final List<WorkflowRun> expired;
    final List<WorkflowRun> recent;
    final int batchSize;
    final Map<String, WorkflowPause> pauses = new HashMap<>();
    final Map<String, byte[]> states = new HashMap<>();

    Scenario(int count, int batchSize) {
      this.batchSize = batchSize;
      this.expired = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        // Pairs share a timestamp: the (createdAt, id) order must hold across batch borders.
        expired.add(run(tenant, T0.plusMillis(i / 2), WorkflowRunStatus.SUCCEEDED));
      }
      this.expired.sort(TestRuns.OLDEST_FIRST);
      this.recent = runs(tenant, T0.plus(Duration.ofDays(20)), 3, WorkflowRunStatus.SUCCEEDED);
    }

    RetentionJob job(WorkflowRunRepository repo, RunArchive arc) {
      return RetentionJob.builder(repo, arc).tenant(tenant).cutoff(T0.plus(Duration.ofDays(1)))
          .batchSize(batchSize).prefix(prefix).build();
    }
  }

  private Scenario scenario(int count, int batchSize) {
    Scenario s = new Scenario(count, batchSize);
    saveAll(s.expired, s.recent);
    for (int i = 0; i < s.expired.size(); i += 3) {
      pause(s.expired.get(i), i, s.pauses, s.states);
    }
    pause(s.recent.get(0), 1, s.pauses, s.states); // a recent run's pause stays
    return s;
  }

  /**
   * Pauses the ended {@code run} (saved running, paused with {@code n % 3} reasons and a state,
   * then saved ended again: a pause row outlives its run's pause, as in Dify) and records the
   * pause and its state.
   */
  private void pause(WorkflowRun run, int n, Map<String, WorkflowPause> pauses, Map<String, byte[]> states) {
    repository.save(run.toBuilder().status(WorkflowRunStatus.RUNNING).finishedAt(null).build());
    List<PauseReason> reasons = new ArrayList<>();
    for (int r = 0; r < n % 3; r++) {
      reasons.add(r % 2 == 0
          ? new PauseReason(PauseReasonType.HUMAN_INPUT_REQUIRED, TestRuns.newId(), "node-" + r, "")
          : new PauseReason(PauseReasonType.SCHEDULED_PAUSE, "", "node-" + r, "wait \u00e9 " + n));
    }
    byte[] state = ("{\"run\":\"" + run.id() + "\",\"n\":" + n + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    repository.createWorkflowPause(run.tenantId(), run.id(), TestRuns.newId(), state, reasons);
    repository.save(run);
    WorkflowPause stored = repository.getWorkflowPause(run.tenantId(), run.id()).orElseThrow();
    pauses.put(run.id(), stored);
    states.put(run.id(), state);
  }

  /** The pauses of the tenant's complete batches, by run id (the newest copy). */
  private Map<String, List<Object>> archivedPauses(String prefix, String tenant) {
    Map<String, List<Object>> pauses = new HashMap<>();
    for (StoredBatch batch : reader(prefix).list(tenant, null).batches()) {
      RelatedRows related = reader(prefix).readBatch(batch).related();
      RelatedRows.Table table = related.table("workflow_pauses");
      if (table == null) {
        continue;
      }
      int run = columnIndex(table, "workflow_run_id");
      int key = columnIndex(table, "state_object_key");
      for (List<Object> row : table.rows()) {
        assertThat(related.pauseStates()).containsKey((String) row.get(key));
        pauses.put(String.valueOf(row.get(run)), row);
      }
    }
    return pauses;
  }

  private static int columnIndex(RelatedRows.Table table, String name) {
    for (int i = 0; i < table.columns().size(); i++) {
      if (table.columns().get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new AssertionError(table.name() + " has no column " + name);
  }

  /** Every pause is in the table or archived with its run; restored: the same pause and state. */
  private void assertPausesNotLost(Scenario s) {
    Map<String, List<Object>> archived = archivedPauses(s.prefix, s.tenant);
    for (Map.Entry<String, WorkflowPause> e : s.pauses.entrySet()) {
      Optional<WorkflowPause> inTable = repository.getWorkflowPause(s.tenant, e.getKey());
      assertThat(inTable.isPresent() || archived.containsKey(e.getKey()))
          .as("pause of run %s is in the table or the archive", e.getKey()).isTrue();
      inTable.ifPresent(p -> assertThat(p).isEqualTo(e.getValue()));
    }
  }

  private void assertPausesRestored(Scenario s) {
    for (Map.Entry<String, WorkflowPause> e : s.pauses.entrySet()) {
      WorkflowPause pause = repository.getWorkflowPause(s.tenant, e.getKey()).orElseThrow(
          () -> new AssertionError("pause of run " + e.getKey() + " was not restored"));
      assertThat(pause).isEqualTo(e.getValue());
      assertThat(repository.getWorkflowPauseState(pause)).isEqualTo(s.states.get(e.getKey()));
    }
  }

  /** Every expired run is still in the table, or in a complete batch of the archive (or both), unchanged. */
  private void assertNoneLost(Scenario s) {
    Map<String, WorkflowRun> inArchive = new HashMap<>();
    for (WorkflowRun r : archived(s.prefix, s.tenant)) {
      inArchive.put(r.id(), r);
    }
    Set<String> inTable = new HashSet<>();
    for (WorkflowRun r : table(s.tenant)) {
      inTable.add(r.id());
    }
    for (WorkflowRun original : s.expired) {
      assertThat(inTable.contains(original.id()) || inArchive.containsKey(original.id()))
          .as("run %s is in the table or the archive", original.id()).isTrue();
      if (inArchive.containsKey(original.id())) {
        assertThat(inArchive.get(original.id())).isEqualTo(original);
      }
    }
    assertThat(inTable).containsAll(s.recent.stream().map(WorkflowRun::id).collect(Collectors.toList()));
    assertPausesNotLost(s);
  }

  /**
   * Reruns the job to completion, then restores: the table must then hold exactly the original
   * runs, each once; {@code duplicates} is the expected number of duplicate copies (-1: any).
   */
  private void rerunAndRestore(Scenario s, int duplicates) {
    RetentionReport rerun = s.job(repository, archive).run();
    assertThat(rerun.stoppedByBudget()).isFalse();
    assertThat(table(s.tenant)).containsExactlyInAnyOrderElementsOf(s.recent);
    assertNoneLost(s);
    for (WorkflowRun run : s.expired) { // purged with their runs: no pause left behind
      assertThat(repository.getWorkflowPause(s.tenant, run.id())).isEmpty();
    }
    assertThat(repository.getWorkflowPause(s.tenant, s.recent.get(0).id())).isPresent();

    RestoreReport restore = RestoreJob.builder(repository, archive).tenant(s.tenant).prefix(s.prefix).build().run();
    assertThat(restore.runsRestored()).isEqualTo(s.expired.size());
    if (duplicates >= 0) {
      assertThat(restore.duplicatesSkipped()).isEqualTo(duplicates);
    }
    assertThat(restore.incompleteFilesSkipped()).isZero();
    assertThat(restore.related().runs()).isEqualTo(s.expired.size());
    long pausedExpired = s.pauses.keySet().stream().filter(id -> !id.equals(s.recent.get(0).id())).count();
    assertThat(restore.related().pauses()).isEqualTo(pausedExpired);
    assertThat(table(s.tenant)).containsExactlyInAnyOrderElementsOf(concat(s.expired, s.recent));
    assertPausesRestored(s);
  }

  private ArchiveReader reader(String prefix) {
    return new ArchiveReader(archive, new ArchiveLayout(prefix));
  }

  /** Every run in the tenant's complete batches, in key order, duplicates included. */
  private List<WorkflowRun> archived(String prefix, String tenant) {
    List<WorkflowRun> runs = new ArrayList<>();
    for (StoredBatch batch : reader(prefix).list(tenant, null).batches()) {
      runs.addAll(reader(prefix).read(batch));
    }
    return runs;
  }

  /** Every run of the tenant in the repository. */
  private List<WorkflowRun> table(String tenant) {
    return repository.getExpiredRunsBatch(tenant, TestRuns.FAR_FUTURE, WorkflowRunRepository.MAX_BATCH_SIZE);
  }

  private static String prefix() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static WorkflowRun run(String tenant, Instant createdAt, WorkflowRunStatus status) {
    return TestRuns.run(tenant, TestRuns.newId())
        .createdAt(createdAt)
        .status(status)
        .finishedAt(status.isEnded() ? createdAt.plusSeconds(3) : null)
        .build();
  }

  /** {@code n} runs a millisecond apart from {@code start}, oldest first. */
  private static List<WorkflowRun> runs(String tenant, Instant start, int n, WorkflowRunStatus status) {
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      runs.add(run(tenant, start.plusMillis(i), status));
    }
    return runs;
  }

  @SafeVarargs
  private void saveAll(List<WorkflowRun>... lists) {
    for (List<WorkflowRun> list : lists) {
      TestRuns.saveAll(repository, list);
    }
  }

  private void saveAll(java.util.Collection<WorkflowRun> runs) {
    TestRuns.saveAll(repository, runs);
  }

  @SafeVarargs
  private static List<WorkflowRun> concat(List<WorkflowRun>... lists) {
    List<WorkflowRun> all = new ArrayList<>();
    for (List<WorkflowRun> list : lists) {
      all.addAll(list);
    }
    return all;
  }
}
