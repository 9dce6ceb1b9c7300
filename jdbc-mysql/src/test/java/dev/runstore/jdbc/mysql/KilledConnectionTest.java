package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.DataAccessException;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code KILL <connection id>} of the connection {@code deleteRunsByApp} is using, in the middle
 * of a batch: the batches committed before stay deleted, the killed batch is rolled back whole,
 * the call fails with a transient {@link DataAccessException}, and the next call deletes the rest.
 *
 * <p>Deterministic: another transaction holds a lock on the 250th run in delete order, so the
 * third batch of 100 blocks inside its DELETE, where it is killed.
 */
class KilledConnectionTest {

  private static final int RUNS = 1000;
  private static final int BATCH = 100;
  private static final int LOCKED = 250;

  @Test
  void killedMidBatchKeepsCommittedBatchesAndTheNextCallFinishes() throws Exception {
    MySqlTestServers.Server server = MySqlTestServers.server();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (HikariDataSource pool = server.pool("killed");
        Connection locker = server.connect();
        Connection killer = server.connect()) {
      MySqlWorkflowRunRepository repo = new MySqlWorkflowRunRepository(pool, true);
      insertRuns(killer, tenant, app);
      String lockedId = MySqlTests.scalar(killer, "SELECT id FROM workflow_runs WHERE tenant_id = '" + tenant
          + "' ORDER BY created_at, id LIMIT 1 OFFSET " + (LOCKED - 1));

      locker.setAutoCommit(false);
      MySqlTests.query(locker, "SELECT id FROM workflow_runs WHERE id = '" + lockedId + "' FOR UPDATE");

      Future<Integer> deleting = executor.submit(() -> repo.deleteRunsByApp(tenant, app, BATCH));
      String victim = awaitBlockedDelete(killer, tenant, app, RUNS - (LOCKED / BATCH) * BATCH);
      MySqlTests.execute(killer, "KILL " + victim);

      ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
          ExecutionException.class, () -> deleting.get(60, TimeUnit.SECONDS));
      assertThat(failure.getCause()).isInstanceOf(DataAccessException.class);
      DataAccessException error = (DataAccessException) failure.getCause();
      System.out.println("KILL " + server.describe() + ": " + error.getMessage() + " sqlState=" + error.sqlState());
      assertThat(error.isTransient()).as("transient: %s", error).isTrue();
      assertThat(error.getMessage()).contains("deleteRunsByApp").doesNotContain(tenant).doesNotContain(app);

      locker.rollback();
      long remaining = MySqlTests.countApp(killer, tenant, app);
      // whole batches only: the killed one was rolled back, the ones before it stay deleted
      assertThat(remaining).isLessThan(RUNS).isGreaterThan(0);
      assertThat((RUNS - remaining) % BATCH).isZero();
      assertThat(remaining).isEqualTo(RUNS - (LOCKED / BATCH) * BATCH);

      assertThat(repo.deleteRunsByApp(tenant, app, BATCH)).isEqualTo((int) remaining);
      assertThat(MySqlTests.countApp(killer, tenant, app)).isZero();
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * The connection id of the DELETE of {@code app} once it is the batch that holds the locked
   * row: the batches before it have committed (the app has {@code remaining} runs left), so the
   * DELETE running now is the one that cannot finish. (A DELETE merely seen in the process list
   * may still be an earlier batch at work, and killing it would roll back that batch instead; the
   * blocked DELETE does not show as {@code LOCK WAIT} in MariaDB 11.4's {@code innodb_trx}.)
   */
  private static String awaitBlockedDelete(Connection killer, String tenant, String app, long remaining)
      throws Exception {
    for (int i = 0; i < 3000; i++) {
      if (MySqlTests.countApp(killer, tenant, app) == remaining) {
        List<Map<String, String>> rows = MySqlTests.query(killer,
            "SELECT id FROM information_schema.processlist WHERE info LIKE 'DELETE%" + app + "%'");
        if (!rows.isEmpty()) {
          return rows.get(0).get("id");
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the DELETE of app " + app + " never blocked with " + remaining + " runs left ("
        + MySqlTests.countApp(killer, tenant, app) + " left)");
  }

  private static void insertRuns(Connection c, String tenant, String app) throws Exception {
    String digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
        + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
    String sql = "INSERT INTO workflow_runs (id, tenant_id, app_id, workflow_id, type, triggered_from, version,"
        + " graph, inputs, status, outputs, error, elapsed_time, total_tokens, total_steps, created_by_role,"
        + " created_by, created_at, finished_at, exceptions_count)"
        + " SELECT LOWER(UUID()), ?, ?, ?, 'workflow', 'app-run', 'draft', '{}', '{}', 'succeeded', '{}', NULL,"
        + " 1.5, 42, 3, 'account', ?, TIMESTAMPADD(MICROSECOND, (a.d + 10 * b.d + 100 * e.d) * 1000,"
        + " '2025-01-01 00:00:00'), NULL, 0 FROM " + digits + " a CROSS JOIN " + digits + " b CROSS JOIN " + digits + " e";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, tenant);
      s.setString(2, app);
      s.setString(3, TestRuns.newId());
      s.setString(4, TestRuns.newId());
      assertThat(s.executeUpdate()).isEqualTo(RUNS);
    }
  }
}
