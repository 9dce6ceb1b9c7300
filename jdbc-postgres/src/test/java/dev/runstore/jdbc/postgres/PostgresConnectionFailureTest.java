package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.WorkflowRun;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The repository's connection is killed ({@code pg_terminate_backend}) in the middle of
 * {@code deleteRunsByApp}: the failure surfaces as a transient DataAccessException, the
 * batches committed before stay deleted, none is half done, and the next call finishes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresConnectionFailureTest {

  private static final int RUNS = 20_000;
  private static final int BATCH = 500;

  private String schema;
  private PGSimpleDataSource admin;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @BeforeAll
  void schema() {
    schema = PostgresTestDatabase.newSchema();
    admin = PostgresTestDatabase.plain(schema);
    new PostgresWorkflowRunRepository(admin, true);
  }

  @AfterAll
  void drop() {
    executor.shutdownNow();
    PostgresTestDatabase.dropSchema(schema);
  }

  @Test
  void killedConnectionMidDeleteIsTransientAndLeavesOnlyWholeBatches() throws Exception {
    Random random = new Random(7);
    // The kill must land while the call runs: try again with fresh data if the call won the race.
    for (int round = 1; round <= 10; round++) {
      String tenant = TestRuns.newId();
      String app = TestRuns.newId();
      String otherApp = TestRuns.newId();
      List<WorkflowRun> runs = new ArrayList<>(RUNS + 100);
      for (int i = 0; i < RUNS; i++) {
        runs.add(TestRuns.run(tenant, app).id(TestRuns.newId(random)).createdAt(TestRuns.BASE.plusMillis(i)).build());
      }
      for (int i = 0; i < 100; i++) {
        runs.add(TestRuns.run(tenant, otherApp).id(TestRuns.newId(random)).build());
      }
      PostgresTestData.copy(admin, runs);

      String applicationName = "runstore-kill-" + round + "-" + random.nextInt(1_000_000);
      PGSimpleDataSource victim = PostgresTestDatabase.plain(schema);
      victim.setApplicationName(applicationName);
      PostgresWorkflowRunRepository repository = new PostgresWorkflowRunRepository(victim);

      Future<Integer> call = executor.submit(() -> repository.deleteRunsByApp(tenant, app, BATCH));
      while (!call.isDone() && PostgresTestData.count(admin, tenant, app) > RUNS - 2 * BATCH) {
        Thread.sleep(1);
      }
      int killed = terminate(applicationName);
      Throwable failure = null;
      try {
        call.get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failure = e.getCause();
      }
      if (failure == null) {
        assertThat(PostgresTestData.count(admin, tenant, app)).isZero();
        System.out.println("round " + round + ": deleteRunsByApp finished before the kill (" + killed + " killed)");
        continue;
      }

      assertThat(failure).isInstanceOf(DataAccessException.class);
      DataAccessException dae = (DataAccessException) failure;
      assertThat(dae.isTransient()).as("transient: %s", dae).isTrue();
      assertThat(dae.getMessage()).startsWith("deleteRunsByApp failed: ").doesNotContain(tenant).doesNotContain(app);
      assertThat(dae.sqlState()).matches("57P01|08.*");

      long remaining = PostgresTestData.count(admin, tenant, app);
      System.out.println("round " + round + ": killed after " + (RUNS - remaining) + " of " + RUNS
          + " runs deleted; " + dae.getMessage() + " sqlState=" + dae.sqlState());
      assertThat((RUNS - remaining) % BATCH).as("deleted %d: whole batches only", RUNS - remaining).isZero();
      assertRemainingIntact(runs, tenant, app);

      assertThat(repository.deleteRunsByApp(tenant, app, BATCH)).isEqualTo((int) remaining);
      assertThat(PostgresTestData.count(admin, tenant, app)).isZero();
      assertThat(PostgresTestData.count(admin, tenant, otherApp)).isEqualTo(100);
      return;
    }
    throw new AssertionError("the kill never landed during deleteRunsByApp in 10 rounds");
  }

  private int terminate(String applicationName) throws Exception {
    try (Connection c = admin.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
      s.setString(1, applicationName);
      int killed = 0;
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          killed++;
        }
      }
      return killed;
    }
  }

  private void assertRemainingIntact(List<WorkflowRun> runs, String tenant, String app) throws Exception {
    Map<String, WorkflowRun> byId = new HashMap<>();
    runs.forEach(r -> byId.put(r.id(), r));
    PostgresWorkflowRunRepository reader = new PostgresWorkflowRunRepository(admin);
    List<String> remaining = new ArrayList<>();
    try (Connection c = admin.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT id FROM workflow_runs WHERE tenant_id = ?::uuid AND app_id = ?::uuid")) {
      s.setString(1, tenant);
      s.setString(2, app);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          remaining.add(rs.getString(1));
        }
      }
    }
    for (int i = 0; i < remaining.size(); i += Math.max(1, remaining.size() / 200)) {
      String id = remaining.get(i);
      assertThat(reader.getWorkflowRunById(tenant, app, id)).contains(byId.get(id));
    }
  }
}
