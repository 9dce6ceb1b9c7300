package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12, defect 5: after the server kills the repository's sessions ({@code pg_terminate_backend},
 * as a restart does), one call fails (57P01) and the next ones get live connections. HikariCP
 * hands a connection used in the last 500 ms out without checking it, and evicts only the one
 * that failed: before the fix every thread's recently used connection failed once more.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresEvictionTest {

  private static final int THREADS = 4;

  private String schema;
  private final String tag = "runstore-evict-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<ExecutorService> threads = new ArrayList<>();

  @BeforeAll
  void schema() {
    schema = PostgresTestDatabase.newSchema();
    new PostgresWorkflowRunRepository(PostgresTestDatabase.plain(schema), true).close();
    for (int i = 0; i < THREADS; i++) {
      threads.add(Executors.newSingleThreadExecutor());
    }
  }

  @AfterAll
  void drop() {
    threads.forEach(ExecutorService::shutdownNow);
    PostgresTestDatabase.dropSchema(schema);
  }

  @Test
  void aCallAfterKilledSessionsNeverMeetsADeadConnection() throws Exception {
    PostgresTestDatabase.Server server = PostgresTestDatabase.server();
    RepositoryConfig config = RepositoryConfig.builder()
        .jdbcUrl(PostgresRowLockTest.url(schema, "&ApplicationName=" + tag))
        .jdbcUsername(server.user()).jdbcPassword(server.password()).poolMaxSize(THREADS).build();
    try (WorkflowRunRepository repository = new PostgresWorkflowRunRepositoryProvider().create(config, null)) {
      String tenant = TestRuns.newId();
      String app = TestRuns.newId();
      WorkflowRun run = TestRuns.run(tenant, app).build();
      repository.save(run);
      int worst = 0;
      for (int round = 1; round <= 3; round++) {
        // Every thread uses a connection of its own, up to the moment of the kill.
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<?>> warm = new ArrayList<>();
        for (ExecutorService thread : threads) {
          warm.add(thread.submit(() -> {
            start.await();
            long until = System.nanoTime() + 200_000_000L;
            while (System.nanoTime() < until) {
              repository.getWorkflowRunById(tenant, app, run.id());
            }
            return null;
          }));
        }
        for (Future<?> f : warm) {
          f.get(30, TimeUnit.SECONDS);
        }
        int killed = terminateAndWait();
        // One call after another, each on its own thread (HikariCP prefers the thread's last connection).
        int failures = 0;
        for (ExecutorService thread : threads) {
          try {
            thread.submit(() -> repository.getWorkflowRunById(tenant, app, run.id())).get(30, TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(DataAccessException.class);
            DataAccessException dae = (DataAccessException) e.getCause();
            assertThat(dae.reason()).as("%s", dae).isEqualTo(DataAccessException.Reason.CONNECTION_FAILURE);
            failures++;
          }
        }
        System.out.println("round " + round + ": " + killed + " sessions killed, " + failures + " of " + THREADS
            + " calls after the kill failed");
        assertThat(killed).as("the warm-up used several connections").isGreaterThanOrEqualTo(2);
        worst = Math.max(worst, failures);
        assertThat(repository.getWorkflowRunById(tenant, app, run.id())).contains(run);
      }
      assertThat(worst).as("calls that met a dead connection after the first failure").isLessThanOrEqualTo(1);
    }
  }

  private int terminateAndWait() throws Exception {
    try (Connection c = PostgresTestDatabase.plain(null).getConnection()) {
      int killed = 0;
      try (PreparedStatement s = c.prepareStatement(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
        s.setString(1, tag);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            killed++;
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
        s.setString(1, tag);
        for (int i = 0; i < 100; i++) {
          try (ResultSet rs = s.executeQuery()) {
            rs.next();
            if (rs.getInt(1) == 0) {
              break;
            }
          }
          Thread.sleep(2);
        }
      }
      return killed;
    }
  }
}
