package dev.runstore.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.CreatorRole;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import dev.runstore.jdbc.mysql.MySqlWorkflowRunRepository;
import dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's benchmark: a page of 20 runs of one tenant's app (the first page, and the page after
 * a cursor token half-way through the app), the save of a new run and the save of an existing
 * run (an update), through ShardingSphere-JDBC
 * (two databases, the module's YAML with the URLs substituted, workflow_runs sharded by tenant)
 * against the plain backend on one database, in the same JVM on the same server. Not a test: its
 * name matches none of surefire's patterns, so {@code verify} never runs it; run it by name:
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl sharding -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ShardingBenchmark \
 *     -Drunstore.shardbench.seconds=90 [-Drunstore.shardbench.db=postgres|mariadb|both] \
 *     [-Drunstore.shardbench.runs=20000 -Drunstore.shardbench.tenants=20]
 * </pre>
 *
 * <p>For a machine busy with other work the calls are interleaved as in the benchmarks module's
 * {@code Interleaved}: every round calls each way once, in a shuffled order, so a burst of load
 * hits every way alike; each ratio is the ratio of the medians, with the range of the ratios of
 * ten consecutive blocks of rounds as its error bar. The first fifth of the time is warm-up.
 * Servers: {@code jdbc:postgresql://127.0.0.1:5432/} user postgres and {@code
 * jdbc:mysql://127.0.0.1:3306/} user root, or {@code runstore.shardbench.pg.url|user|password} /
 * {@code runstore.shardbench.mysql.url|user|password} (URL up to where the database name goes).
 * It creates the databases {@code rs_bench_direct}, {@code rs_bench_shard0}, {@code rs_bench_shard1}
 * and drops them at the end ({@code -Drunstore.shardbench.keep=true} leaves them for EXPLAIN;
 * {@code -Drunstore.shardbench.sqlShow=true} logs the engine's routes). The only assertions check
 * that both ways return the same pages.
 */
class ShardingBenchmark {

  private static final int LIMIT = 20;
  private static final int BLOCKS = 10;
  private static final String[] DATABASES = {"rs_bench_direct", "rs_bench_shard0", "rs_bench_shard1"};
  private static final String[] WORDS = ("the a of to and in is for on with answer question user assistant model "
      + "prompt context document retrieval chunk score query tool call result workflow node edge start end llm "
      + "code http request response variable template knowledge dataset embedding search summary json output "
      + "input error retry timeout token customer order invoice refund product price account payment").split(" ");

  private record Way(String name, Callable<?> call) {}

  @Test
  void shardingSphereAgainstDirect() throws Exception {
    String which = System.getProperty("runstore.shardbench.db", "both");
    double seconds = Double.parseDouble(System.getProperty("runstore.shardbench.seconds", "60"));
    int runs = Integer.parseInt(System.getProperty("runstore.shardbench.runs", "20000"));
    int tenants = Integer.parseInt(System.getProperty("runstore.shardbench.tenants", "20"));
    System.out.printf(Locale.ROOT, "shardbench: %d runs over %d tenants, %.0f s per server; load at start %s%n",
        runs, tenants, seconds, load());
    for (String db : which.equals("both") ? List.of("postgres", "mariadb") : List.of(which)) {
      new Bench(db.equals("postgres"), runs, tenants).run(seconds);
    }
    System.out.printf(Locale.ROOT, "shardbench: load at end %s%n", load());
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }

  /** One server's databases, pools and repositories. */
  private static final class Bench {
    private final boolean postgres;
    private final int runs;
    private final int tenants;
    private final String base;
    private final String user;
    private final String password;
    private final Random random = new Random(15);
    private final List<String> tenantIds = new ArrayList<>();
    private final List<String> appIds = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();

    Bench(boolean postgres, int runs, int tenants) {
      this.postgres = postgres;
      this.runs = runs;
      this.tenants = tenants;
      String prefix = postgres ? "runstore.shardbench.pg." : "runstore.shardbench.mysql.";
      this.base = System.getProperty(prefix + "url",
          postgres ? "jdbc:postgresql://127.0.0.1:5432/" : "jdbc:mysql://127.0.0.1:3306/");
      this.user = System.getProperty(prefix + "user", postgres ? "postgres" : "root");
      this.password = System.getProperty(prefix + "password", "");
      for (int t = 0; t < tenants; t++) {
        tenantIds.add(uuid());
        // two apps per tenant: pages read app 0, saves write app 1 (the first page stays the same)
        appIds.add(uuid());
        appIds.add(uuid());
      }
    }

    void run(double seconds) throws Exception {
      String name = postgres ? "postgres" : "mariadb";
      for (String database : DATABASES) {
        admin(postgres ? "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)" : "DROP DATABASE IF EXISTS " + database);
        admin(postgres ? "CREATE DATABASE " + database : "CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
      }
      DataSource sharding = null;
      try {
        // Loading pools: on PostgreSQL without waiting for each commit's flush (the load only).
        HikariDataSource loadDirect = pool(DATABASES[0], 4, true);
        HikariDataSource[] shards = {pool(DATABASES[1], 4, true), pool(DATABASES[2], 4, true)};
        repository(loadDirect, true).close();
        for (HikariDataSource shard : shards) {
          repository(shard, true).close();
          try (Connection c = shard.getConnection(); Statement s = c.createStatement()) {
            s.execute(ShardedDatabases.resource("db/runstore-sharding/" + (postgres ? "postgres" : "mysql")
                + "-workflow_run_ids.sql"));
          }
        }
        long loadStart = System.nanoTime();
        load(loadDirect, shards);
        loadDirect.close();
        shards[0].close();
        shards[1].close();
        HikariDataSource direct = pool(DATABASES[0], 2, false);
        System.out.printf(Locale.ROOT, "== %s: loaded %d runs twice in %.0f s%n", name, runs,
            (System.nanoTime() - loadStart) / 1e9);
        sharding = shardingDataSource();
        WorkflowRunRepository directRepo = repository(direct, false);
        WorkflowRunRepository shardRepo = repository(sharding, false);
        String tenant = tenantIds.get(0);
        String app = appIds.get(0);
        String saveApp = appIds.get(1);
        // The cursor half-way through the app's app-run runs, found by walking the direct pages.
        int pagesToMiddle = runs / tenants * 2 / 3 / 2 / LIMIT;
        String cursor = null;
        for (int p = 0; p < Math.max(1, pagesToMiddle); p++) {
          cursor = Objects.requireNonNull(page(directRepo, tenant, app, cursor).nextCursor());
        }
        String midCursor = cursor;
        assertThat(ids(page(shardRepo, tenant, app, null))).hasSize(LIMIT)
            .isEqualTo(ids(page(directRepo, tenant, app, null)));
        assertThat(ids(page(shardRepo, tenant, app, midCursor))).hasSize(LIMIT)
            .isEqualTo(ids(page(directRepo, tenant, app, midCursor)));
        System.out.printf(Locale.ROOT, "   tenant on ds_%d; cursor after %d pages; pages equal both ways%n",
            ShardedDatabases.shardOf(tenant), Math.max(1, pagesToMiddle));
        Random saves = new Random(16);
        // An existing run saved again (Dify saves a run when it starts and again as it ends): the
        // claim is found at once, so the sharded save reads its owner and upserts.
        WorkflowRun existing = run(saves, 0, 1, Instant.now());
        directRepo.save(existing);
        shardRepo.save(existing);
        long[] tokens = {0};
        interleave(name + " (2 shards vs 1 database)", seconds, List.of(
            new Way("directFirst", () -> page(directRepo, tenant, app, null)),
            new Way("shardFirst", () -> page(shardRepo, tenant, app, null)),
            new Way("directCursor", () -> page(directRepo, tenant, app, midCursor)),
            new Way("shardCursor", () -> page(shardRepo, tenant, app, midCursor)),
            new Way("directSave", () -> save(directRepo, run(saves, 0, 1, Instant.now()))),
            new Way("shardSave", () -> save(shardRepo, run(saves, 0, 1, Instant.now()))),
            new Way("directUpdate", () -> save(directRepo, existing.toBuilder().totalTokens(++tokens[0]).build())),
            new Way("shardUpdate", () -> save(shardRepo, existing.toBuilder().totalTokens(++tokens[0]).build()))),
            List.of("shardFirst/directFirst", "shardCursor/directCursor", "shardSave/directSave",
                "shardUpdate/directUpdate"));
        assertThat(ids(page(shardRepo, tenant, saveApp, null))).hasSize(LIMIT);
        directRepo.close();
        shardRepo.close();
      } finally {
        if (sharding instanceof AutoCloseable closeable) {
          closeable.close();
        }
        pools.forEach(HikariDataSource::close);
        pools.clear();
        // runstore.shardbench.keep=true leaves the databases for EXPLAIN (dropped by the next run).
        for (String database : Boolean.getBoolean("runstore.shardbench.keep") ? new String[0] : DATABASES) {
          admin(postgres ? "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)"
              : "DROP DATABASE IF EXISTS " + database);
        }
      }
    }

    private static WorkflowRun save(WorkflowRunRepository r, WorkflowRun run) {
      r.save(run);
      return run;
    }

    private static InfiniteScrollPagination<WorkflowRun> page(WorkflowRunRepository r, String tenant, String app,
        String cursor) {
      return r.getPaginatedWorkflowRuns(RunListQuery.builder(tenant, app).triggeredFrom(TriggeredFrom.APP_RUN)
          .limit(LIMIT).cursor(cursor).build());
    }

    private static List<String> ids(InfiniteScrollPagination<WorkflowRun> page) {
      return page.data().stream().map(WorkflowRun::id).toList();
    }

    /**
     * The same runs into the direct database (by runstore) and into the shards: each run into its
     * tenant's shard by runstore on that database alone, and its id claim into the id's shard, as
     * ShardingSphere would route them (see the YAML), without paying the engine during the load.
     * Four threads, so the commits' log flushes group.
     */
    private void load(HikariDataSource direct, HikariDataSource[] shards) throws Exception {
      List<WorkflowRun> all = new ArrayList<>(runs);
      Instant start = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < runs; i++) {
        int t = i % tenants;
        all.add(run(random, t, 0, start.plusMillis((long) (random.nextDouble() * 90L * 86_400_000L))));
      }
      WorkflowRunRepository directRepo = repository(direct, false);
      WorkflowRunRepository[] shardRepos = {repository(shards[0], false), repository(shards[1], false)};
      String claim = "INSERT INTO workflow_run_ids (id, tenant_id) VALUES (" + (postgres ? "CAST(? AS uuid), CAST(? AS uuid)" : "?, ?") + ")";
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        int slice = (runs + 3) / 4;
        for (int w = 0; w < 4; w++) {
          List<WorkflowRun> part = all.subList(Math.min(runs, w * slice), Math.min(runs, (w + 1) * slice));
          done.add(pool.submit(() -> {
            for (WorkflowRun run : part) {
              directRepo.save(run);
              shardRepos[ShardedDatabases.shardOf(run.tenantId())].save(run);
            }
            for (int s = 0; s < 2; s++) {
              try (Connection c = shards[s].getConnection(); PreparedStatement p = c.prepareStatement(claim)) {
                c.setAutoCommit(false);
                for (WorkflowRun run : part) {
                  if (ShardedDatabases.shardOf(run.id()) == s) {
                    p.setString(1, run.id());
                    p.setString(2, run.tenantId());
                    p.addBatch();
                  }
                }
                p.executeBatch();
                c.commit();
              }
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdown();
        directRepo.close();
        shardRepos[0].close();
        shardRepos[1].close();
      }
      for (HikariDataSource ds : new HikariDataSource[] {direct, shards[0], shards[1]}) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
          s.execute(postgres ? "ANALYZE" : "ANALYZE TABLE workflow_runs");
        }
      }
    }

    private DataSource shardingDataSource() throws Exception {
      String yaml = ShardedDatabases.resource(postgres ? "runstore-sharding-postgres.yaml" : "runstore-sharding-mysql.yaml");
      String example = postgres ? "jdbc:postgresql://shard-%d.example:5432/runstore" : "jdbc:mysql://shard-%d.example:3306/runstore";
      for (int i = 0; i < 2; i++) {
        yaml = yaml.replace(String.format(Locale.ROOT, example, i), base + DATABASES[i + 1]);
      }
      // A single caller uses one connection at a time; two per shard suffice.
      yaml = yaml.replace("username: runstore", "username: '" + user + "'")
          .replace("password: secret", "password: '" + password + "'")
          .replace("maximumPoolSize: 10", "maximumPoolSize: 2")
          .replace("sql-show: false", "sql-show: " + Boolean.getBoolean("runstore.shardbench.sqlShow"));
      return YamlShardingSphereDataSourceFactory.createDataSource(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private WorkflowRunRepository repository(DataSource ds, boolean createSchema) {
      return postgres ? new PostgresWorkflowRunRepository(ds, createSchema) : new MySqlWorkflowRunRepository(ds, createSchema);
    }

    private HikariDataSource pool(String database, int size, boolean loading) {
      HikariConfig config = new HikariConfig();
      if (loading && postgres) {
        config.setConnectionInitSql("SET synchronous_commit = off");
      }
      config.setJdbcUrl(base + database);
      config.setUsername(user);
      config.setPassword(password);
      config.setMaximumPoolSize(size);
      config.setPoolName("shardbench-" + database);
      HikariDataSource ds = new HikariDataSource(config);
      pools.add(ds);
      return ds;
    }

    private void admin(String sql) throws SQLException {
      try (Connection c = DriverManager.getConnection(base + (postgres ? "postgres" : ""), user, password);
          Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }

    private String uuid() {
      return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** A run of app {@code app} of tenant {@code t}: 2/3 app-run, 1–3 KB of JSON. */
    private WorkflowRun run(Random r, int t, int app, Instant createdAt) {
      boolean failed = r.nextInt(10) == 0;
      double elapsed = 0.2 + r.nextInt(60_000) / 1000.0;
      return WorkflowRun.builder()
          .id(new UUID(r.nextLong(), r.nextLong()).toString())
          .tenantId(tenantIds.get(t))
          .appId(appIds.get(2 * t + app))
          .workflowId(appIds.get(2 * t + app))
          .type(WorkflowType.WORKFLOW)
          .triggeredFrom(r.nextInt(3) == 0 ? TriggeredFrom.DEBUGGING : TriggeredFrom.APP_RUN)
          .version("2026-01-10 10:00:00.000000")
          .graph("{\"nodes\":[{\"data\":{\"type\":\"llm\",\"prompt\":\"" + words(r, 600 + r.nextInt(1200)) + "\"}}]}")
          .inputs("{\"query\":\"" + words(r, 100 + r.nextInt(200)) + "\"}")
          .status(failed ? WorkflowRunStatus.FAILED : WorkflowRunStatus.SUCCEEDED)
          .outputs("{\"answer\":\"" + words(r, 200 + r.nextInt(600)) + "\"}")
          .error(failed ? "Node llm run failed: request timed out" : null)
          .elapsedTime(elapsed)
          .totalTokens(r.nextInt(8000))
          .totalSteps(1 + r.nextInt(12))
          .createdByRole(CreatorRole.END_USER)
          .createdBy(tenantIds.get(t))
          .createdAt(createdAt)
          .finishedAt(createdAt.plusMillis((long) (elapsed * 1000)))
          .exceptionsCount(0)
          .build();
    }

    private static String words(Random r, int chars) {
      StringBuilder sb = new StringBuilder(chars + 16);
      while (sb.length() < chars) {
        sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
      }
      return sb.toString();
    }
  }

  /** The benchmarks module's {@code Interleaved.run}: each way once per round, shuffled; ratio of medians. */
  private static void interleave(String title, double seconds, List<Way> ways, List<String> ratios) throws Exception {
    Map<String, List<Long>> samples = new LinkedHashMap<>();
    ways.forEach(w -> samples.put(w.name(), new ArrayList<>()));
    List<Way> order = new ArrayList<>(ways);
    Random random = new Random(16);
    long start = System.nanoTime();
    long warmEnd = start + (long) (seconds * 0.2e9);
    long end = start + (long) (seconds * 1e9);
    int rounds = 0;
    while (true) {
      long now = System.nanoTime();
      if (now >= end && rounds >= BLOCKS * 2) {
        break;
      }
      Collections.shuffle(order, random);
      boolean counted = now >= warmEnd;
      for (Way w : order) {
        long t0 = System.nanoTime();
        w.call().call();
        long t = System.nanoTime() - t0;
        if (counted) {
          Objects.requireNonNull(samples.get(w.name())).add(t);
        }
      }
      if (counted) {
        rounds++;
      }
    }
    System.out.printf(Locale.ROOT, "== %s: %d rounds counted in %.0f s (load %s)%n", title, rounds,
        (System.nanoTime() - warmEnd) / 1e9, load());
    for (Map.Entry<String, List<Long>> e : samples.entrySet()) {
      long[] v = toArray(e.getValue());
      System.out.printf(Locale.ROOT, "  %-14s median %,10.1f us  (p25 %,.1f  p75 %,.1f; p5 %,.1f  min %,.1f)%n",
          e.getKey(), quantile(v, 0.5) / 1e3, quantile(v, 0.25) / 1e3, quantile(v, 0.75) / 1e3,
          quantile(v, 0.05) / 1e3, quantile(v, 0) / 1e3);
    }
    for (String ratio : ratios) {
      String[] ab = ratio.split("/");
      List<Long> a = Objects.requireNonNull(samples.get(ab[0]), ratio);
      List<Long> b = Objects.requireNonNull(samples.get(ab[1]), ratio);
      double all = quantile(toArray(a), 0.5) / quantile(toArray(b), 0.5);
      double lo = Double.MAX_VALUE;
      double hi = 0;
      int size = a.size() / BLOCKS;
      for (int i = 0; i < BLOCKS; i++) {
        double r = quantile(toArray(a.subList(i * size, (i + 1) * size)), 0.5)
            / quantile(toArray(b.subList(i * size, (i + 1) * size)), 0.5);
        lo = Math.min(lo, r);
        hi = Math.max(hi, r);
      }
      double fast = quantile(toArray(a), 0.05) / quantile(toArray(b), 0.05);
      System.out.printf(Locale.ROOT, "  ratio %-26s %.2f  (blocks %.2f-%.2f)  p5 ratio %.2f%n", ratio, all, lo, hi, fast);
    }
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private static double quantile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    double index = q * (sorted.length - 1);
    int low = (int) Math.floor(index);
    int high = (int) Math.ceil(index);
    return sorted[low] + (sorted[high] - sorted[low]) * (index - low);
  }
}
