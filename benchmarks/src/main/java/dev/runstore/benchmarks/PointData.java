package dev.runstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the single-row benchmarks share: a pool on the runstore copy of the {@link BusyInstall}
 * table, runstore's repository over it, 1000 runs of the 10 % app in two versions each (differing
 * in total_tokens, written alternately so that every save changes the row), runstore's captured
 * get and save statements for each, and the raw upsert's SQL. The setup checks that runstore and
 * the hand-written statements read and write the same rows.
 */
final class PointData implements AutoCloseable {

  /** How many runs the operations pick from at random ({@code runstore.bench.point-runs}, default 1000). */
  static final int RUNS = Integer.getInteger("runstore.bench.point-runs", 1000);

  final BenchServer server;
  final HikariDataSource pool;
  final WorkflowRunRepository repository;
  final WorkflowRun[][] versions;
  final List<Captured> gets = new ArrayList<>();
  final List<Captured> saves = new ArrayList<>();
  final String rawSql;
  private final int[] flips;
  private final Random random = new Random(42);

  /** Sets up on {@code server}, the pool with extra driver {@code parameters} (or none). */
  PointData(BenchServer server, String parameters) throws SQLException {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    this.server = server;
    BusyInstall.App app = BusyInstall.configured().ensureLoaded(server).app("10");
    pool = server.pool(BusyInstall.RUNSTORE, 2, parameters);
    repository = server.repository(pool, false);
    List<WorkflowRun> runs = repository.getPaginatedWorkflowRuns(RunListQuery.builder(app.tenantId(), app.appId())
        .triggeredFrom(TriggeredFrom.APP_RUN).limit(Math.min(RUNS, app.runs())).build()).data();
    versions = new WorkflowRun[runs.size()][];
    for (int i = 0; i < runs.size(); i++) {
      WorkflowRun run = runs.get(i);
      versions[i] = new WorkflowRun[] {run.toBuilder().totalTokens(1_000_000 + i).build(), run};
      gets.add(Captured.single(pool, ds -> server.repository(ds, false).getWorkflowRunById(app.tenantId(), app.appId(), run.id())));
      saves.add(Captured.single(pool, ds -> server.repository(ds, false).save(run)));
    }
    flips = new int[runs.size()];
    rawSql = Hand.rawUpsertSql(server);
    WorkflowRun first = versions[0][1];
    if (!repository.getWorkflowRunById(app.tenantId(), app.appId(), first.id())
            .equals(Hand.one(pool, gets.get(0), Hand.Prepare.DRIVER_DEFAULT))
        || Hand.rawUpsert(server, pool, rawSql, first, first.totalTokens(), Hand.Prepare.DRIVER_DEFAULT) < 1
        || Hand.upsert(pool, saves.get(0), Hand.Prepare.AS_CAPTURED, first.totalTokens()) < 1) {
      throw new IllegalStateException("runstore and the hand-written statements disagree");
    }
  }

  /** The index of a random one of the runs. */
  int pick() {
    return random.nextInt(versions.length);
  }

  /** The next version of run {@code i} to write. */
  WorkflowRun nextVersion(int i) {
    flips[i] ^= 1;
    return versions[i][flips[i]];
  }

  /** runstore {@code save} of the next version of a random run. */
  WorkflowRun save() {
    WorkflowRun run = nextVersion(pick());
    repository.save(run);
    return run;
  }

  /** The raw upsert (no ownership check) of the next version of a random run, by hand. */
  int rawUpsert(Hand.Prepare mode) throws SQLException {
    WorkflowRun run = nextVersion(pick());
    return Hand.rawUpsert(server, pool, rawSql, run, run.totalTokens(), mode);
  }

  /** runstore's captured upsert of a random run, by hand on {@code on}, with the next version's token count. */
  int handSave(HikariDataSource on, Hand.Prepare mode) throws SQLException {
    int i = pick();
    return Hand.upsert(on, saves.get(i), mode, nextVersion(i).totalTokens());
  }

  /** runstore {@code getWorkflowRunById} of a random run. */
  java.util.Optional<WorkflowRun> get() {
    WorkflowRun run = versions[pick()][0];
    return repository.getWorkflowRunById(run.tenantId(), run.appId(), run.id());
  }

  /** runstore's captured get of a random run, by hand. */
  java.util.Optional<WorkflowRun> handGet(Hand.Prepare mode) throws SQLException {
    return Hand.one(pool, gets.get(pick()), mode);
  }

  @Override
  public void close() {
    repository.close();
    pool.close();
  }
}
