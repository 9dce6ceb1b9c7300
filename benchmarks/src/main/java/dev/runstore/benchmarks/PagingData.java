package dev.runstore.benchmarks;

import dev.runstore.api.TriggeredFrom;
import java.time.Instant;

/**
 * The data set of the JMH benchmarks, in schema {@value #SCHEMA}: {@value #APP_RUNS} app-run runs
 * of one app (the app the benchmarks page through), plus {@value #OTHER_RUNS} runs of other apps,
 * tenants and triggers around it. Deterministic (fixed seed), loaded once and kept between
 * benchmark runs: a marker table written after the load says it is complete. Drop it with {@code
 * DROP SCHEMA runstore_bench_v1 CASCADE}.
 */
final class PagingData {

  static final String SCHEMA = "runstore_bench_v1";
  static final int APP_RUNS = 100_000;
  static final int OTHER_RUNS = 50_000;

  private static final long SEED = 7L;
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  final String tenantId;
  final String appId;

  private PagingData(String tenantId, String appId) {
    this.tenantId = tenantId;
    this.appId = appId;
  }

  /** The data set, loaded first if missing or incomplete. */
  static synchronized PagingData ensureLoaded() {
    RunGenerator app = new RunGenerator(SEED, 1, 1, START, 60, 0.01, TriggeredFrom.APP_RUN);
    PagingData data = new PagingData(app.tenants().get(0), app.apps(0).get(0));
    String marker = BenchDatabase.query(null,
        "SELECT to_regclass('" + SCHEMA + ".bench_loaded')::text");
    if (marker != null && BenchDatabase.queryLong(SCHEMA, "SELECT runs FROM bench_loaded") == APP_RUNS + OTHER_RUNS) {
      return data;
    }
    System.out.println("loading " + (APP_RUNS + OTHER_RUNS) + " runs into schema " + SCHEMA + " (once)");
    BenchDatabase.execute(null, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA);
    // The repository creates the table and every index of the shipped scripts.
    try (var pool = BenchDatabase.pool(SCHEMA, 1);
        var repository = new dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository(pool, true)) {
      // created
    }
    BenchDatabase.copy(SCHEMA, () -> app.next(0, 0), APP_RUNS, 50_000, done -> { });
    // Around it: the same tenant's other apps, other tenants, every trigger.
    RunGenerator others = new RunGenerator(SEED + 1, 3, 4, START, 60, 0.01, null);
    BenchDatabase.copy(SCHEMA, others::next, OTHER_RUNS, 50_000, done -> { });
    BenchDatabase.execute(SCHEMA, "VACUUM ANALYZE workflow_runs",
        "CREATE TABLE bench_loaded (runs bigint NOT NULL)",
        "INSERT INTO bench_loaded VALUES (" + (APP_RUNS + OTHER_RUNS) + ")");
    return data;
  }
}
