package dev.runstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Deleting every run of an app ({@code deleteRunsByApp}, batches of 1000, one transaction each)
 * against the hand-written loop a user writes (select 1000 ids, delete them by id, commit, until
 * none is left), on the runstore copy of the {@link BusyInstall} table. Before each iteration
 * 5,000 runs ({@code runstore.bench.delete-runs}) of a new tenant and app are inserted, so each delete meets a tenant the
 * table's statistics have never seen (as for an app deleted soon after it was created). One shot
 * per iteration: runs/s = runs / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 1)
@Measurement(iterations = 5)
public class DeleteAppBenchmark {

  /** Runs of the app deleted in each iteration ({@code runstore.bench.delete-runs}, default 5000). */
  static final int APP_RUNS = Integer.getInteger("runstore.bench.delete-runs", 5000);

  static final int BATCH = 1000;

  /** The server. */
  @Param({"postgres", "mariadb"})
  public String db = "postgres";

  private BenchServer server;
  private HikariDataSource pool;
  private WorkflowRunRepository repository;
  private String tenantId = "";
  private String appId = "";
  private long round;

  /** Loads the table if needed. */
  @Setup(Level.Trial)
  public void setUp() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    server = BenchServer.of(db);
    BusyInstall.configured().ensureLoaded(server);
    pool = server.pool(BusyInstall.RUNSTORE, 2, "");
    repository = server.repository(pool, false);
  }

  /** Inserts the runs of a new tenant's new app (one transaction). */
  @Setup(Level.Iteration)
  public void insertApp() throws SQLException {
    RunGenerator generator = new RunGenerator(1_000_000 + round++ + (db.hashCode() & 0xffff) * 1000L, 1, 1,
        Instant.parse("2025-01-01T00:00:00Z"), 90, 0.01, TriggeredFrom.APP_RUN);
    tenantId = generator.tenants().get(0);
    appId = generator.apps(0).get(0);
    String sql = "INSERT INTO workflow_runs (" + Hand.COLUMNS + ") VALUES ("
        + String.join(", ", java.util.Collections.nCopies(20, "?")) + ")";
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      c.setAutoCommit(false);
      for (int i = 0; i < APP_RUNS; i++) {
        WorkflowRun run = generator.next(0, 0);
        Hand.bindRun(server, s, run, run.totalTokens());
        s.addBatch();
      }
      s.executeBatch();
      c.commit();
      c.setAutoCommit(true);
    }
  }

  /** Checks that the iteration's delete removed the whole app. */
  @TearDown(Level.Iteration)
  public void checkDeleted() throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM workflow_runs WHERE tenant_id = ? AND app_id = ?")) {
      server.bindUuid(s, 1, tenantId);
      server.bindUuid(s, 2, appId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next() || rs.getLong(1) != 0) {
          throw new IllegalStateException("runs of the deleted app remain");
        }
      }
    }
  }

  /** Closes the pool. */
  @TearDown(Level.Trial)
  public void tearDown() {
    repository.close();
    pool.close();
  }

  /** runstore {@code deleteRunsByApp(tenant, app, 1000)}. */
  @Benchmark
  public int runstore() {
    int deleted = repository.deleteRunsByApp(tenantId, appId, BATCH);
    if (deleted != APP_RUNS) {
      throw new IllegalStateException("deleted " + deleted + " runs, expected " + APP_RUNS);
    }
    return deleted;
  }

  /** Baseline: select 1000 ids, delete them by id, commit; until no id comes back. */
  @Benchmark
  public int handLoop() throws SQLException {
    int total = 0;
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement select = c.prepareStatement(
          "SELECT id FROM workflow_runs WHERE tenant_id = ? AND app_id = ? LIMIT " + BATCH)) {
        while (true) {
          server.bindUuid(select, 1, tenantId);
          server.bindUuid(select, 2, appId);
          List<String> ids = new ArrayList<>(BATCH);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getString(1));
            }
          }
          if (ids.isEmpty()) {
            c.commit();
            break;
          }
          try (PreparedStatement delete = c.prepareStatement("DELETE FROM workflow_runs WHERE id IN ("
              + String.join(", ", java.util.Collections.nCopies(ids.size(), "?")) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
              server.bindUuid(delete, i + 1, ids.get(i));
            }
            total += delete.executeUpdate();
          }
          c.commit();
        }
      } finally {
        c.setAutoCommit(true);
      }
    }
    return total;
  }
}
