package dev.runstore.testkit;

import static dev.runstore.testkit.TestRuns.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * For SQL backends: runs with their related rows in a Dify database, all six related tables
 * created with Dify's DDL ({@link DifyRelatedTables}) before runstore's schema, loaded with
 * realistic rows. Exact counts per key across chunks; count equals what delete removes; other
 * runs, apps and tenants keep their rows; another tenant's ids are ignored; rows of no run are
 * never touched; zero orphans after every delete (checked with SQL); the runs-only setting; a
 * connection killed mid-chunk leaves the chunk whole; concurrent deleters' totals add up; and
 * read, delete, restore gives back every row column by column (JSON text, µs timestamps, doubles,
 * NULLs).
 *
 * <p>A backend's contract test implements this interface next to
 * {@link WorkflowRunRepositoryContract}, giving a database of the class's own and a way to kill
 * a session from another one.
 */
public interface DifyRelatedRowsContract extends RepositoryFixture {

  /** A database (or schema) of this test class's own: empty when first asked for, the same on every call. */
  DataSource difyStorage();

  /**
   * A repository over {@link #difyStorage()} that creates runstore's schema there (the first one
   * is built after the Dify tables exist), with {@code runstore.related.tables} = {@code related};
   * may be cached per value.
   */
  WorkflowRunRepository difyRepository(RepositoryConfig.RelatedTables related);

  /**
   * Kills (ends the connection of) the database session whose statement waits for a lock that
   * {@code locker} holds; false while there is none (yet). PostgreSQL {@code pg_terminate_backend},
   * MySQL/MariaDB {@code KILL}, H2 {@code ABORT_SESSION}.
   */
  boolean killSessionBlockedBy(Connection locker) throws SQLException;

  private WorkflowRunRepository dify() {
    DifyRelatedTables.create(difyStorage(), DifyRelatedTables.Database.of(difyStorage()));
    return difyRepository(RepositoryConfig.RelatedTables.AUTO);
  }

  private DifyRelatedTables.Database database() {
    return DifyRelatedTables.Database.of(difyStorage());
  }

  /** A saved finished run of (tenant, app) with Dify's rows loaded for it. */
  private DifyRelatedTables.Loaded loadedRun(WorkflowRunRepository repo, String tenant, String app, boolean pause,
      long seed) {
    WorkflowRun run = TestRuns.run(tenant, app).build();
    repo.save(run);
    return DifyRelatedTables.load(difyStorage(), database(), tenant, app, run.workflowId(), run.id(), pause, seed);
  }

  private static RelatedCounts sum(List<DifyRelatedTables.Loaded> loaded) {
    RelatedCounts total = RelatedCounts.ZERO;
    for (DifyRelatedTables.Loaded l : loaded) {
      total = total.plus(l.counts());
    }
    return total;
  }

  private static RelatedCounts withoutRuns(RelatedCounts c) {
    return new RelatedCounts(0, c.nodeExecutions(), c.offloads(), c.appLogs(), c.triggerLogs(), c.pauses(),
        c.pauseReasons());
  }

  private static List<String> runIds(List<DifyRelatedTables.Loaded> loaded) {
    return loaded.stream().map(DifyRelatedTables.Loaded::runId).toList();
  }

  private static String in(List<String> ids) {
    StringBuilder sql = new StringBuilder("(");
    for (String id : ids) {
      sql.append(sql.length() > 1 ? ", " : "").append(SqlChecks.uuid(id));
    }
    return sql.append(")").toString();
  }

  /** The rows present now for these runs, per key, counted with plain SQL. */
  private RelatedCounts present(List<String> runIds) {
    DataSource ds = difyStorage();
    String runs = in(runIds);
    return new RelatedCounts(
        SqlChecks.count(ds, "SELECT COUNT(*) FROM workflow_runs WHERE id IN " + runs),
        SqlChecks.count(ds, "SELECT COUNT(*) FROM workflow_node_executions WHERE workflow_run_id IN " + runs),
        SqlChecks.count(ds, "SELECT COUNT(*) FROM workflow_node_execution_offload WHERE node_execution_id IN"
            + " (SELECT id FROM workflow_node_executions WHERE workflow_run_id IN " + runs + ")"),
        SqlChecks.count(ds, "SELECT COUNT(*) FROM workflow_app_logs WHERE workflow_run_id IN " + runs),
        SqlChecks.count(ds, "SELECT COUNT(*) FROM workflow_trigger_logs WHERE workflow_run_id IN " + runs),
        SqlChecks.count(ds, "SELECT COUNT(*) FROM workflow_pauses WHERE workflow_run_id IN " + runs),
        SqlChecks.count(ds, "SELECT COUNT(*) FROM workflow_pause_reasons WHERE pause_id IN"
            + " (SELECT id FROM workflow_pauses WHERE workflow_run_id IN " + runs + ")"));
  }

  /** Rows of the tenant's runless rows (NULL links): they belong to no run and must survive. */
  private long unlinked(String tenant) {
    DataSource ds = difyStorage();
    return SqlChecks.count(ds, "SELECT COUNT(*) FROM workflow_node_executions WHERE workflow_run_id IS NULL"
            + " AND tenant_id = " + SqlChecks.uuid(tenant))
        + SqlChecks.count(ds, "SELECT COUNT(*) FROM workflow_node_execution_offload WHERE node_execution_id IS NULL"
            + " AND tenant_id = " + SqlChecks.uuid(tenant))
        + SqlChecks.count(ds, "SELECT COUNT(*) FROM workflow_trigger_logs WHERE workflow_run_id IS NULL"
            + " AND tenant_id = " + SqlChecks.uuid(tenant));
  }

  private void assertNoOrphans(String when) {
    assertThat(DifyRelatedTables.orphans(difyStorage())).as("orphan rows %s", when).isEqualTo(RelatedCounts.ZERO);
  }

  @Test
  default void theDifyTablesAreSeenAndCountedExactlyPerKeyAcrossChunks() {
    WorkflowRunRepository repo = dify();
    assertThat(DifyRelatedTables.present(difyStorage())).containsExactlyInAnyOrderElementsOf(DifyRelatedTables.TABLES);
    String tenant = newId();
    String app = newId();
    List<DifyRelatedTables.Loaded> doomed = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      doomed.add(loadedRun(repo, tenant, app, i % 2 == 0, 1000 + i));
    }
    DifyRelatedTables.Loaded keptSameApp = loadedRun(repo, tenant, app, true, 2000);
    DifyRelatedTables.Loaded keptOtherApp = loadedRun(repo, tenant, newId(), true, 2001);
    DifyRelatedTables.Loaded otherTenant = loadedRun(repo, newId(), app, true, 2002);
    int unlinked = DifyRelatedTables.loadUnlinked(difyStorage(), database(), tenant, app, 2003);
    WorkflowRun bare = TestRuns.run(tenant, app).build();
    repo.save(bare);
    RelatedCounts expected = sum(doomed).plus(new RelatedCounts(1, 0, 0, 0, 0, 0, 0));
    assertThat(expected.nodeExecutions()).isGreaterThan(expected.runs());
    assertThat(expected.offloads()).isPositive();

    // Over 1,200 ids (three chunks): unknown ones in between, the other tenant's run named too.
    List<String> named = new ArrayList<>(runIds(doomed));
    named.add(bare.id());
    named.add(otherTenant.runId());
    Random random = new Random(5);
    for (int i = 0; i < 1200; i++) {
      named.add(newId(random));
    }
    Collections.shuffle(named, random);

    RelatedCounts counted = repo.countRunsWithRelated(tenant, named);
    assertThat(counted).isEqualTo(expected);
    assertThat(repo.deleteRunsWithRelated(tenant, named)).isEqualTo(counted);

    List<String> doomedIds = new ArrayList<>(runIds(doomed));
    doomedIds.add(bare.id());
    assertThat(present(doomedIds)).isEqualTo(RelatedCounts.ZERO);
    assertThat(present(List.of(keptSameApp.runId()))).isEqualTo(keptSameApp.counts());
    assertThat(present(List.of(keptOtherApp.runId()))).isEqualTo(keptOtherApp.counts());
    assertThat(present(List.of(otherTenant.runId()))).isEqualTo(otherTenant.counts());
    assertThat(unlinked(tenant)).as("rows of no run").isEqualTo(unlinked);
    assertNoOrphans("after the delete");
  }

  @Test
  default void anotherTenantsIdsAreIgnoredInADifyDatabase() {
    WorkflowRunRepository repo = dify();
    String owner = newId();
    List<DifyRelatedTables.Loaded> runs = List.of(loadedRun(repo, owner, newId(), true, 3000),
        loadedRun(repo, owner, newId(), false, 3001));
    String stranger = newId();
    assertThat(repo.countRunsWithRelated(stranger, runIds(runs))).isEqualTo(RelatedCounts.ZERO);
    assertThat(repo.deleteRunsWithRelated(stranger, runIds(runs))).isEqualTo(RelatedCounts.ZERO);
    assertThat(repo.readRelatedRows(stranger, runIds(runs))).isEqualTo(RelatedRows.NONE);
    assertThat(present(runIds(runs))).isEqualTo(sum(runs));
    assertThat(repo.countRunsWithRelated(owner, runIds(runs))).isEqualTo(sum(runs));
  }

  /**
   * {@code runstore.related.tables=none} in a Dify database: runs only, every related table
   * untouched (their rows become orphans, as the setting says); a later delete with related
   * rows of the runs saved again removes them.
   */
  @Test
  default void runsOnlySettingLeavesEveryRelatedTableUntouched() {
    WorkflowRunRepository repo = dify();
    WorkflowRunRepository runsOnly = difyRepository(RepositoryConfig.RelatedTables.NONE);
    String tenant = newId();
    List<DifyRelatedTables.Loaded> runs = List.of(loadedRun(repo, tenant, newId(), true, 4000),
        loadedRun(repo, tenant, newId(), true, 4001));
    List<WorkflowRun> saved = runs.stream()
        .map(l -> repo.getWorkflowRunByIdWithoutTenant(l.runId()).orElseThrow()).toList();
    RelatedCounts runsAlone = new RelatedCounts(2, 0, 0, 0, 0, 0, 0);
    assertThat(runsOnly.countRunsWithRelated(tenant, runIds(runs))).isEqualTo(runsAlone);
    assertThat(runsOnly.readRelatedRows(tenant, runIds(runs))).isEqualTo(RelatedRows.NONE);
    assertThat(runsOnly.deleteRunsWithRelated(tenant, runIds(runs))).isEqualTo(runsAlone);
    assertThat(present(runIds(runs))).isEqualTo(withoutRuns(sum(runs)));

    saved.forEach(repo::save);
    assertThat(repo.deleteRunsWithRelated(tenant, runIds(runs))).isEqualTo(sum(runs));
    assertNoOrphans("after deleting them with related rows");
  }

  /**
   * A deleting connection killed mid-chunk from another session (after the chunk deleted the
   * offloads, node executions, app logs, reasons and pauses of its runs, while it waits for a
   * trigger log another session holds): the call fails with a DataAccessException naming no
   * value, the chunk is whole again, no orphan exists; the next call deletes exactly the count.
   */
  @Test
  default void aConnectionKilledMidChunkLeavesTheChunkWhole() throws Exception {
    WorkflowRunRepository repo = dify();
    String tenant = newId();
    List<DifyRelatedTables.Loaded> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(loadedRun(repo, tenant, newId(), true, 5000 + i));
    }
    RelatedCounts before = present(runIds(runs));
    assertThat(before).isEqualTo(sum(runs));
    String lockedLog = runs.get(3).triggerLogIds().get(0);

    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (Connection locker = difyStorage().getConnection()) {
      locker.setAutoCommit(false);
      try (Statement s = locker.createStatement()) {
        s.executeQuery("SELECT id FROM workflow_trigger_logs WHERE id = " + SqlChecks.uuid(lockedLog) + " FOR UPDATE")
            .close();
      }
      Future<RelatedCounts> deleting = executor.submit(() -> repo.deleteRunsWithRelated(tenant, runIds(runs)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      boolean killed = false;
      while (!killed && !deleting.isDone() && System.nanoTime() < deadline) {
        killed = killSessionBlockedBy(locker);
        if (!killed) {
          Thread.sleep(20);
        }
      }
      assertThat(killed).as("the deleting session was found blocked and killed").isTrue();
      Throwable thrown = catchThrowable(() -> deleting.get(60, TimeUnit.SECONDS));
      assertThat(thrown).as("the killed call fails").isNotNull();
      Throwable cause = thrown.getCause();
      assertThat(cause).isInstanceOf(DataAccessException.class);
      assertThat(cause.getMessage()).contains("deleteRunsWithRelated").doesNotContain(tenant);
      locker.rollback();
    } finally {
      executor.shutdownNow();
    }

    assertThat(present(runIds(runs))).as("the chunk is whole").isEqualTo(before);
    assertNoOrphans("after the killed chunk");
    RelatedCounts counted = repo.countRunsWithRelated(tenant, runIds(runs));
    assertThat(counted).isEqualTo(before);
    assertThat(repo.deleteRunsWithRelated(tenant, runIds(runs))).isEqualTo(counted);
    assertThat(present(runIds(runs))).isEqualTo(RelatedCounts.ZERO);
    assertNoOrphans("after the delete");
  }

  @Test
  default void concurrentDeletersOfDifyRowsAddUpToTheCount() throws Exception {
    WorkflowRunRepository repo = dify();
    String tenant = newId();
    List<DifyRelatedTables.Loaded> runs = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      runs.add(loadedRun(repo, tenant, newId(), i % 3 != 0, 6000 + i));
    }
    List<String> all = runIds(runs);
    RelatedCounts counted = repo.countRunsWithRelated(tenant, all);
    assertThat(counted).isEqualTo(sum(runs));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<RelatedCounts>> results = new ArrayList<>();
      for (int d = 0; d < 4; d++) {
        Random pick = new Random(200 + d);
        List<String> mine = new ArrayList<>(d == 0 ? all : all.stream().filter(id -> pick.nextBoolean()).toList());
        Collections.shuffle(mine, pick);
        results.add(pool.submit(() -> repo.deleteRunsWithRelated(tenant, mine)));
      }
      RelatedCounts total = RelatedCounts.ZERO;
      for (Future<RelatedCounts> result : results) {
        total = total.plus(result.get(60, TimeUnit.SECONDS));
      }
      assertThat(total).isEqualTo(counted);
    } finally {
      pool.shutdownNow();
    }
    assertThat(present(all)).isEqualTo(RelatedCounts.ZERO);
    assertNoOrphans("after concurrent deletes");
  }

  /** The rows of every related table of these runs as plain SQL reads them (text), ordered by id. */
  private Map<String, List<Map<String, @Nullable Object>>> rawRows(List<String> runIds) {
    String runs = in(runIds);
    Map<String, String> where = new LinkedHashMap<>();
    where.put("workflow_app_logs", "workflow_run_id IN " + runs);
    where.put("workflow_node_executions", "workflow_run_id IN " + runs);
    where.put("workflow_node_execution_offload",
        "node_execution_id IN (SELECT id FROM workflow_node_executions WHERE workflow_run_id IN " + runs + ")");
    where.put("workflow_pauses", "workflow_run_id IN " + runs);
    where.put("workflow_pause_reasons",
        "pause_id IN (SELECT id FROM workflow_pauses WHERE workflow_run_id IN " + runs + ")");
    where.put("workflow_trigger_logs", "workflow_run_id IN " + runs);
    Map<String, List<Map<String, @Nullable Object>>> rows = new LinkedHashMap<>();
    where.forEach((table, condition) -> rows.put(table,
        SqlChecks.rows(difyStorage(), "SELECT * FROM " + table + " WHERE " + condition + " ORDER BY id")));
    return rows;
  }

  /** Read, delete, save the runs again, restore: every row of every table back, column by column. */
  @Test
  default void readDeleteRestoreGivesBackEveryRowColumnByColumn() {
    WorkflowRunRepository repo = dify();
    String tenant = newId();
    List<DifyRelatedTables.Loaded> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(loadedRun(repo, tenant, newId(), i != 1, 7000 + i));
    }
    List<WorkflowRun> saved = runs.stream()
        .map(l -> repo.getWorkflowRunByIdWithoutTenant(l.runId()).orElseThrow()).toList();
    Map<String, List<Map<String, @Nullable Object>>> rawBefore = rawRows(runIds(runs));
    assertThat(rawBefore.get("workflow_node_executions")).anySatisfy(row -> assertThat(row.get("outputs")).isNull());
    assertThat(rawBefore.get("workflow_trigger_logs")).anySatisfy(row -> assertThat(row.get("elapsed_time")).isNull());

    RelatedRows read = repo.readRelatedRows(tenant, runIds(runs));
    RelatedCounts related = withoutRuns(sum(runs));
    assertThat(read.counts()).isEqualTo(related);
    assertThat(read.tables()).extracting(RelatedRows.Table::name).containsExactlyElementsOf(DifyRelatedTables.TABLES);
    assertThat(repo.deleteRunsWithRelated(tenant, runIds(runs))).isEqualTo(sum(runs));
    assertThat(present(runIds(runs))).isEqualTo(RelatedCounts.ZERO);

    saved.forEach(repo::save);
    assertThat(repo.restoreRelatedRows(tenant, read)).isEqualTo(related);
    assertThat(rawRows(runIds(runs))).as("rows as plain SQL reads them").isEqualTo(rawBefore);
    assertThat(repo.readRelatedRows(tenant, runIds(runs))).isEqualTo(read);
    assertNoOrphans("after the restore");
    assertThat(repo.deleteRunsWithRelated(tenant, runIds(runs))).isEqualTo(sum(runs));
    assertNoOrphans("after deleting again");
  }
}
