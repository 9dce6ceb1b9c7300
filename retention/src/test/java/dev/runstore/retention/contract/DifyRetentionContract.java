package dev.runstore.retention.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.PauseReason;
import dev.runstore.api.PauseReasonType;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.retention.ArchiveLayout;
import dev.runstore.retention.ArchiveReader;
import dev.runstore.retention.LocalDirectoryArchive;
import dev.runstore.retention.RestoreJob;
import dev.runstore.retention.RestoreReport;
import dev.runstore.retention.RetentionJob;
import dev.runstore.retention.RetentionReport;
import dev.runstore.retention.RunArchive;
import dev.runstore.retention.StoredBatch;
import dev.runstore.testkit.DifyRelatedTables;
import dev.runstore.testkit.TestRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Retention of a Dify database: runs with Dify's six related tables ({@link DifyRelatedTables}:
 * node executions, offloads, app logs, trigger logs, pauses with reasons, plus pause state
 * objects). A purge leaves zero orphan rows (counted with SQL after it), other tenants' rows and
 * rows that belong to no run untouched; a restore brings back every row of every table
 * column-by-column identical (JSON text, timestamps, doubles, nulls, binary states), also after a
 * purge killed mid-delete and rerun.
 *
 * <p>A SQL backend's test extends it and supplies a DataSource of a schema of its own and a
 * repository over it; the suite creates the related tables with Dify's DDL before the first call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DifyRetentionContract {

  private static final Instant CUTOFF = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant OLD = Instant.parse("2024-05-01T10:00:00.123456Z");

  /** The tables compared row by row (runs, the six related tables, runstore's pause states). */
  private static final List<String> SNAPSHOT_TABLES = Stream.concat(
      Stream.of("workflow_runs", "workflow_pause_states"), DifyRelatedTables.TABLES.stream()).toList();

  private DataSource dataSource;
  private WorkflowRunRepository repository;
  private RunArchive archive;
  private Path directory;

  /** A DataSource over a schema (or database) of this class's own; called once. */
  protected abstract DataSource createDataSource();

  /** A repository over {@code dataSource} that creates runstore's schema; called once, after createDataSource. */
  protected abstract WorkflowRunRepository createRepository(DataSource dataSource);

  @BeforeAll
  void open() throws IOException {
    dataSource = createDataSource();
    repository = createRepository(dataSource);
    DifyRelatedTables.create(dataSource, DifyRelatedTables.Database.of(dataSource));
    directory = Files.createTempDirectory("runstore-dify-retention-");
    archive = new LocalDirectoryArchive(directory);
  }

  @AfterAll
  void close() throws IOException {
    if (repository != null) {
      repository.close();
    }
    if (directory != null) {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The DataSource under test. */
  protected final DataSource dataSource() {
    return dataSource;
  }

  @Test
  void aPurgeLeavesNoOrphansAndARestoreBringsBackEveryRowExactly() {
    Fixture f = fixture(11);
    Map<String, List<List<Object>>> before = snapshot();

    RetentionReport dry = f.job(repository).dryRun(true).build().run();
    assertThat(dry.related()).isEqualTo(f.expected);
    assertThat(snapshot()).isEqualTo(before);

    RetentionReport purge = f.job(repository).build().run();
    assertThat(purge.related()).isEqualTo(f.expected);
    assertThat(purge.runsDeleted()).isEqualTo(f.expired.size());
    assertPurged(f, before);
    List<StoredBatch> batches = new ArchiveReader(archive, new ArchiveLayout(f.prefix)).list(f.tenant, null).batches();
    RelatedCounts archived = RelatedCounts.ZERO;
    for (StoredBatch b : batches) {
      archived = archived.plus(b.manifest().related());
    }
    assertThat(archived.plus(new RelatedCounts(f.expired.size(), 0, 0, 0, 0, 0, 0))).isEqualTo(f.expected);

    RestoreReport restore = RestoreJob.builder(repository, archive).tenant(f.tenant).prefix(f.prefix).build().run();
    assertThat(restore.related()).isEqualTo(f.expected);
    assertSameRows(before, snapshot());
    assertThat(DifyRelatedTables.orphans(dataSource)).isEqualTo(RelatedCounts.ZERO);
    for (Map.Entry<String, byte[]> state : f.states.entrySet()) {
      assertThat(repository.getWorkflowPauseState(repository.getWorkflowPause(f.tenant, state.getKey()).orElseThrow()))
          .isEqualTo(state.getValue());
    }
  }

  @Test
  void killedMidDeleteARerunLeavesNoOrphansAndTheRestoreIsExact() {
    Fixture f = fixture(9);
    Map<String, List<List<Object>>> before = snapshot();

    CrashingRepository crashing = new CrashingRepository(repository).crashAtDelete(2, 2);
    assertThatThrownBy(() -> f.job(crashing).build().run()).isInstanceOf(SimulatedCrash.class);
    // The killed chunk went whole with its rows, the rest of the batch is untouched: no orphans.
    assertThat(DifyRelatedTables.orphans(dataSource)).isEqualTo(RelatedCounts.ZERO);

    RetentionReport rerun = f.job(repository).build().run();
    assertThat(rerun.runsDeleted()).isEqualTo(f.expired.size() - 4 - 2);
    assertPurged(f, before);

    RestoreReport restore = RestoreJob.builder(repository, archive).tenant(f.tenant).prefix(f.prefix).build().run();
    assertThat(restore.duplicatesSkipped()).isEqualTo(2); // batch 2's survivors were archived twice
    assertThat(restore.related()).isEqualTo(f.expected);
    assertSameRows(before, snapshot());
  }

  @Test
  void aRunsOnlyPurgeLeavesTheRelatedRowsInPlace() {
    Fixture f = fixture(4);
    Map<String, List<List<Object>>> before = snapshot();

    RetentionReport purge = f.job(repository).withRelated(false).build().run();
    assertThat(purge.related()).isEqualTo(new RelatedCounts(4, 0, 0, 0, 0, 0, 0));
    RelatedCounts orphans = DifyRelatedTables.orphans(dataSource);
    assertThat(orphans.nodeExecutions()).isEqualTo(f.expected.nodeExecutions());
    assertThat(orphans.appLogs()).isEqualTo(f.expected.appLogs());

    RestoreJob.builder(repository, archive).tenant(f.tenant).prefix(f.prefix).build().run();
    assertSameRows(before, snapshot());
    assertThat(DifyRelatedTables.orphans(dataSource)).isEqualTo(RelatedCounts.ZERO);
  }

  // ---------------------------------------------------------------- fixture

  /** A tenant's expired runs with Dify's related rows, its recent run, its run-less rows, and another tenant's. */
  private final class Fixture {
    final String tenant = TestRuns.newId();
    final String app = TestRuns.newId();
    final String prefix = "d" + UUID.randomUUID().toString().substring(0, 8);
    final List<WorkflowRun> expired = new ArrayList<>();
    final Map<String, byte[]> states = new LinkedHashMap<>();
    RelatedCounts expected = RelatedCounts.ZERO;

    RetentionJob.Builder job(WorkflowRunRepository repo) {
      return RetentionJob.builder(repo, archive).tenant(tenant).cutoff(CUTOFF).batchSize(4).prefix(prefix);
    }
  }

  private Fixture fixture(int runs) {
    Fixture f = new Fixture();
    long seed = TestRuns.seed();
    String workflow = TestRuns.newId();
    for (int i = 0; i < runs; i++) {
      WorkflowRun run = TestRuns.run(f.tenant, f.app).workflowId(workflow).createdAt(OLD.plusSeconds(i))
          .status(WorkflowRunStatus.SUCCEEDED).finishedAt(OLD.plusSeconds(i + 5)).build();
      f.expired.add(run);
      if (i % 5 == 3) {
        // A pause made through runstore: its state object is archived and restored too.
        repository.save(run.toBuilder().status(WorkflowRunStatus.RUNNING).finishedAt(null).build());
        byte[] state = ("{\"graph_state\": \"" + i + "\", \"\u00e9\": [1.5, null]}").getBytes(StandardCharsets.UTF_8);
        repository.createWorkflowPause(f.tenant, run.id(), TestRuns.newId(), state, List.of(
            new PauseReason(PauseReasonType.HUMAN_INPUT_REQUIRED, TestRuns.newId(), "node-" + i, "")));
        f.states.put(run.id(), state);
        f.expected = f.expected.plus(new RelatedCounts(0, 0, 0, 0, 0, 1, 1));
      }
      repository.save(run);
      DifyRelatedTables.Loaded loaded = DifyRelatedTables.load(dataSource, DifyRelatedTables.Database.of(dataSource),
          f.tenant, f.app, workflow, run.id(), i % 5 == 1, seed + i);
      f.expected = f.expected.plus(loaded.counts());
    }
    // Survivors: a recent run with rows, rows of no run, and another tenant's expired run with rows.
    WorkflowRun recent = TestRuns.run(f.tenant, f.app).workflowId(workflow).createdAt(CUTOFF.plusSeconds(60))
        .status(WorkflowRunStatus.SUCCEEDED).finishedAt(CUTOFF.plusSeconds(70)).build();
    repository.save(recent);
    DifyRelatedTables.load(dataSource, DifyRelatedTables.Database.of(dataSource), f.tenant, f.app, workflow,
        recent.id(), true, seed - 1);
    DifyRelatedTables.loadUnlinked(dataSource, DifyRelatedTables.Database.of(dataSource), f.tenant, f.app, seed - 2);
    String other = TestRuns.newId();
    WorkflowRun foreign = TestRuns.run(other, f.app).createdAt(OLD).status(WorkflowRunStatus.SUCCEEDED)
        .finishedAt(OLD.plusSeconds(1)).build();
    repository.save(foreign);
    DifyRelatedTables.load(dataSource, DifyRelatedTables.Database.of(dataSource), other, f.app, workflow,
        foreign.id(), true, seed - 3);
    return f;
  }

  /**
   * After the purge: no orphan anywhere, exactly the purged runs' rows gone (compared with the
   * snapshot taken before it, table by table), everything else unchanged.
   */
  private void assertPurged(Fixture f, Map<String, List<List<Object>>> before) {
    assertThat(DifyRelatedTables.orphans(dataSource)).isEqualTo(RelatedCounts.ZERO);
    Map<String, List<List<Object>>> after = snapshot();
    long removed = 0;
    for (String table : SNAPSHOT_TABLES) {
      List<List<Object>> rows = before.get(table);
      assertThat(rows).as(table).containsAll(after.get(table));
      removed += rows.size() - after.get(table).size();
    }
    // Runs + related rows + one state object per runstore pause: nothing else was deleted.
    assertThat(removed).isEqualTo(f.expected.total() + f.states.size());
    for (WorkflowRun run : f.expired) {
      assertThat(repository.getWorkflowRunByIdAndTenantId(f.tenant, run.id())).isEmpty();
    }
  }

  /** Table by table, row by row, column by column: the first difference is named. */
  private static void assertSameRows(Map<String, List<List<Object>>> expected, Map<String, List<List<Object>>> actual) {
    for (String table : SNAPSHOT_TABLES) {
      List<List<Object>> e = expected.get(table);
      List<List<Object>> a = actual.get(table);
      for (int r = 0; r < Math.min(e.size(), a.size()); r++) {
        for (int c = 0; c < e.get(r).size(); c++) {
          Object x = e.get(r).get(c);
          Object y = a.get(r).get(c);
          assertThat(y).as("%s row %d (id %s) column %d: %s (%s) vs %s (%s)", table, r, e.get(r).get(0), c + 1,
              x, x == null ? "null" : x.getClass().getSimpleName(), y, y == null ? "null" : y.getClass().getSimpleName())
              .isEqualTo(x);
        }
      }
      assertThat(a).as(table + " rows").hasSameSizeAs(e);
    }
  }

  /** Every row of every table, ordered by its primary key, each value as JDBC's getObject reads it. */
  private Map<String, List<List<Object>>> snapshot() {
    Map<String, List<List<Object>>> tables = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (String table : SNAPSHOT_TABLES) {
        List<List<Object>> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData meta = rs.getMetaData();
          int key = 0; // by primary key: id, or the first column (workflow_pause_states' key)
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (meta.getColumnLabel(i).equalsIgnoreCase("id")) {
              key = i - 1;
            }
          }
          final int keyColumn = key;
          while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              Object value = rs.getObject(i);
              if (value instanceof java.sql.Clob clob) { // H2 hands out CLOBs: compare their text
                value = clob.getSubString(1, Math.toIntExact(clob.length()));
              } else if (value instanceof java.sql.Blob blob) {
                value = blob.getBytes(1, Math.toIntExact(blob.length()));
              }
              // Arrays compare by content; everything else (String, Timestamp, Double, ...) by equals.
              row.add(value instanceof byte[] bytes ? new Bytes(bytes) : value);
            }
            rows.add(row);
          }
          rows.sort(Comparator.comparing(row -> String.valueOf(row.get(keyColumn)).toLowerCase(java.util.Locale.ROOT)));
        }
        tables.put(table, rows);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("snapshot failed", e);
    }
    return tables;
  }

  /** A binary value compared by content. */
  private record Bytes(byte[] value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "bytes" + Arrays.toString(value);
    }
  }
}
