package dev.runstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
 * One page of 20 runs of a 100,000-run app at depth 0, 10,000 and 90,000, three ways side by
 * side: the keyset page continuing after a {@code lastId} (resolved inside the statement), the
 * keyset page continuing from a v1.1 cursor token (no lookup), and a classic {@code OFFSET} query
 * over the same rows and order. Compare within one run (ratios); absolute times depend on the
 * machine. Data: {@link PagingData}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class PagingBenchmark {

  private static final int LIMIT = 20;
  private static final String OFFSET_SQL = "SELECT " + BenchDatabase.COLUMNS + " FROM workflow_runs"
      + " WHERE tenant_id = ?::uuid AND app_id = ?::uuid AND triggered_from = ?"
      + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";

  /** How many runs come before the page. */
  @Param({"0", "10000", "90000"})
  public int depth;

  private HikariDataSource pool;
  private PostgresWorkflowRunRepository repository;
  private PagingData data;
  private @Nullable String lastId;
  private @Nullable String cursor;

  /** Loads the data (once per machine), finds the page's lastId and cursor, and checks that all three ways agree. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    data = PagingData.ensureLoaded();
    pool = BenchDatabase.pool(PagingData.SCHEMA, 2);
    repository = new PostgresWorkflowRunRepository(pool);
    if (depth % 1000 != 0) {
      throw new IllegalArgumentException("depth must be a multiple of 1000");
    }
    // Walk there in pages of 1000: the token after the last one, and the last run's id.
    for (int walked = 0; walked < depth; walked += 1000) {
      InfiniteScrollPagination<WorkflowRun> page = repository.getPaginatedWorkflowRuns(
          RunListQuery.builder(data.tenantId, data.appId).triggeredFrom(TriggeredFrom.APP_RUN)
              .limit(1000).cursor(cursor).build());
      cursor = page.nextCursor();
      lastId = page.data().get(page.data().size() - 1).id();
    }
    List<String> byLastId = ids(keysetByLastId().data());
    List<String> byCursor = ids(keysetByCursor().data());
    List<String> byOffset = offset();
    if (byLastId.size() != LIMIT || !byLastId.equals(byCursor) || !byLastId.equals(byOffset)) {
      throw new IllegalStateException("the three ways disagree at depth " + depth + ": " + byLastId
          + " / " + byCursor + " / " + byOffset);
    }
  }

  /** Closes the pool (the data stays for the next run). */
  @TearDown(Level.Trial)
  public void tearDown() {
    repository.close();
    pool.close();
  }

  /** v1 keyset page: {@code getPaginatedWorkflowRuns(tenant, app, trigger, 20, lastId)}. */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> keysetByLastId() {
    return repository.getPaginatedWorkflowRuns(data.tenantId, data.appId, TriggeredFrom.APP_RUN, LIMIT, lastId);
  }

  /** v1.1 keyset page from a cursor token. */
  @Benchmark
  public InfiniteScrollPagination<WorkflowRun> keysetByCursor() {
    return repository.getPaginatedWorkflowRuns(RunListQuery.builder(data.tenantId, data.appId)
        .triggeredFrom(TriggeredFrom.APP_RUN).limit(LIMIT).cursor(cursor).build());
  }

  /** The same page by {@code LIMIT 20 OFFSET depth}, every column read. */
  @Benchmark
  public List<String> offset() throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(OFFSET_SQL)) {
      s.setString(1, data.tenantId);
      s.setString(2, data.appId);
      s.setString(3, TriggeredFrom.APP_RUN.value());
      s.setInt(4, LIMIT);
      s.setInt(5, depth);
      List<String> ids = new ArrayList<>(LIMIT);
      try (ResultSet rs = s.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 2; i <= columns; i++) {
            rs.getString(i);
          }
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }

  private static List<String> ids(List<WorkflowRun> runs) {
    List<String> ids = new ArrayList<>();
    for (WorkflowRun r : runs) {
      ids.add(r.id());
    }
    return ids;
  }
}
