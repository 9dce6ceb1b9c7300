package dev.runstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.retention.LocalDirectoryArchive;
import dev.runstore.retention.RetentionJob;
import dev.runstore.retention.RetentionReport;
import dev.runstore.testkit.DifyRelatedTables;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Purge of a Dify database (issue 11): N runs with K node executions each (Dify's
 * {@code workflow_node_executions} DDL, from the testkit's {@link DifyRelatedTables}), purged by
 * {@link RetentionJob} with related rows (archived in the batch file, deleted with
 * {@code deleteRunsWithRelated}) and, on a fresh copy of the same data, runs only. Prints runs/s,
 * rows/s (runs plus related rows deleted), peak heap, and checks that the purge with related rows
 * leaves no node execution behind. One-shot program, like {@link PurgeBenchmark}.
 *
 * <pre>
 * java -Xmx512m -Drunstore.bench.runs=100000 -Drunstore.bench.nodes=10 \
 *   -cp benchmarks/target/benchmarks.jar dev.runstore.benchmarks.RelatedPurgeBenchmark
 * </pre>
 *
 * Options: {@code runstore.bench.runs} (100,000), {@code runstore.bench.nodes} (10),
 * {@code runstore.bench.batch} (1,000), {@code runstore.bench.servers} ({@code postgres,mariadb}),
 * {@code runstore.bench.modes} ({@code related,runs-only}: the purges measured, in this order, each
 * on fresh data), {@code runstore.bench.warmup} (300: runs purged once per mode before measuring, so
 * that no mode pays the JVM's class loading and JIT; 0 = none), {@code runstore.bench.phases}
 * (false: true prints the wall time per repository method and retention step).
 */
public final class RelatedPurgeBenchmark {

  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final int ROWS_PER_INSERT = 500;

  private RelatedPurgeBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args ignored
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int runs = Integer.getInteger("runstore.bench.runs", 100_000);
    int nodes = Integer.getInteger("runstore.bench.nodes", 10);
    int batch = Integer.getInteger("runstore.bench.batch", 1000);
    String servers = System.getProperty("runstore.bench.servers", "postgres,mariadb");
    // The first purge of a JVM pays class loading and JIT (seconds under load): without a warm-up
    // the mode measured first looks several times slower than it is.
    String modes = System.getProperty("runstore.bench.modes", "related,runs-only");
    int warmup = Integer.getInteger("runstore.bench.warmup", 300);
    for (String mode : modes.split(",")) {
      withRelated(mode);
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("runstore.bench.warmup must be >= 0 runs, found " + warmup);
    }
    out("runstore related purge benchmark, %s: %,d runs x %d node executions, batch %,d; Java %s, %d cpus,"
        + " max heap %d MiB, load average %.1f", Instant.now(), runs, nodes, batch, System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    int exit = 0;
    for (String key : servers.split(",")) {
      BenchServer server = BenchServer.of(key.trim());
      out("%s %s", server.key(), server.version());
      if (warmup > 0) {
        out("  warm-up, %,d runs per mode (not a measurement):", warmup);
        for (String mode : modes.split(",")) {
          exit |= purge(server, warmup, nodes, batch, withRelated(mode));
        }
        out("  measured:");
      }
      for (String mode : modes.split(",")) {
        exit |= purge(server, runs, nodes, batch, withRelated(mode));
      }
    }
    System.exit(exit);
  }

  /** {@code repository} summing each method's wall time into {@code nanos}, by method name. */
  private static WorkflowRunRepository timed(WorkflowRunRepository repository, Map<String, Long> nanos) {
    return (WorkflowRunRepository) Proxy.newProxyInstance(WorkflowRunRepository.class.getClassLoader(),
        new Class<?>[] {WorkflowRunRepository.class}, (proxy, method, args) -> {
          long start = System.nanoTime();
          try {
            return method.invoke(repository, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            nanos.merge(method.getName(), System.nanoTime() - start, Long::sum);
          }
        });
  }

  private static boolean withRelated(String mode) {
    return switch (mode.trim()) {
      case "related" -> true;
      case "runs-only" -> false;
      default -> throw new IllegalArgumentException(
          "runstore.bench.modes: " + mode.trim() + " is neither related nor runs-only");
    };
  }

  private static int purge(BenchServer server, int runs, int nodes, int batch, boolean withRelated) throws Exception {
    String namespace = "relpurge_" + UUID.randomUUID().toString().substring(0, 8);
    if (server == BenchServer.POSTGRES) {
      server.ensureDatabase();
      server.execute("", "CREATE SCHEMA " + namespace);
    } else {
      server.execute(null, "CREATE DATABASE " + server.namespaceDatabase(namespace) + " CHARACTER SET utf8mb4");
    }
    Path directory = Files.createTempDirectory("runstore-relpurge-");
    try (HikariDataSource pool = server.pool(namespace, 4, "");
        WorkflowRunRepository repository = server.repository(pool, true);
        LocalDirectoryArchive archive = new LocalDirectoryArchive(directory)) {
      DifyRelatedTables.Database database = DifyRelatedTables.Database.of(pool);
      DifyRelatedTables.create(pool, database);
      long loadStart = System.nanoTime();
      load(server, pool, repository, runs, nodes);
      out("  loaded %,d runs and %,d node executions in %.0f s", runs, (long) runs * nodes, seconds(loadStart));

      System.gc();
      List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP).toList();
      heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
      long purgeStart = System.nanoTime();
      // Optional breakdown: wall time per repository method and per retention step.
      Map<String, Long> nanos = new TreeMap<>();
      WorkflowRunRepository timed = Boolean.getBoolean("runstore.bench.phases") ? timed(repository, nanos) : repository;
      RetentionReport report = RetentionJob.builder(timed, archive).allTenants()
          .cutoff(START.plus(Duration.ofDays(2))).batchSize(batch).withRelated(withRelated)
          .observer((event, context) -> nanos.merge(event.operation().name(), event.durationNanos(), Long::sum), "bench")
          .build().run();
      double s = seconds(purgeStart);
      if (Boolean.getBoolean("runstore.bench.phases")) {
        StringBuilder phases = new StringBuilder();
        nanos.forEach((name, n) -> phases.append(String.format(" %s %.2f s;", name, n / 1e9)));
        out("    phases (%s):%s", withRelated ? "related" : "runs-only", phases);
      }
      long peak = 0;
      for (MemoryPoolMXBean p : heapPools) {
        peak += p.getPeakUsage().getUsed();
      }
      long rows = report.related().total();
      long left = count(pool, "SELECT COUNT(*) FROM workflow_node_executions");
      out("  %s: %,d runs + %,d related rows deleted in %.1f s = %,.0f runs/s, %,.0f rows/s; peak heap %d MiB;"
          + " archive %,d bytes; node executions left %,d",
          withRelated ? "with related rows" : "runs only        ", report.runsDeleted(), rows - report.runsDeleted(), s,
          report.runsDeleted() / s, rows / s, peak >> 20, report.bytesWritten(), left);
      boolean ok = report.runsDeleted() == runs && (withRelated ? left == 0 : left == (long) runs * nodes);
      if (!ok) {
        out("MISMATCH: %,d runs deleted, %,d node executions left", report.runsDeleted(), left);
      }
      return ok ? 0 : 1;
    } finally {
      if (server == BenchServer.POSTGRES) {
        server.execute("", "DROP SCHEMA IF EXISTS " + namespace + " CASCADE");
      } else {
        server.execute(null, "DROP DATABASE IF EXISTS " + server.namespaceDatabase(namespace));
      }
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        out("  could not delete %s: %s", directory, e);
      }
    }
  }

  /** Runs through the repository; node executions with multi-row INSERTs (about 1 KB of JSON each). */
  private static void load(BenchServer server, HikariDataSource pool, WorkflowRunRepository repository, int runs,
      int nodes) throws SQLException {
    RunGenerator generator = new RunGenerator(20240101L, 1, 2, START, 1, 0.0, null);
    String columns = "(id, tenant_id, app_id, workflow_id, triggered_from, workflow_run_id, "
        + (server == BenchServer.POSTGRES ? "\"index\"" : "`index`")
        + ", node_id, node_type, title, inputs, process_data, outputs, status, elapsed_time, execution_metadata,"
        + " created_at, created_by_role, created_by, finished_at)";
    String json = "{\"text\": \"" + "lorem ipsum dolor sit amet ".repeat(12) + "\", \"tokens\": 42}";
    List<Object[]> pending = new ArrayList<>();
    try (Connection c = pool.getConnection()) {
      for (int i = 0; i < runs; i++) {
        WorkflowRun run = generator.next();
        repository.save(run);
        for (int n = 0; n < nodes; n++) {
          pending.add(new Object[] {UUID.randomUUID().toString(), run, n});
        }
        if (pending.size() >= ROWS_PER_INSERT || i == runs - 1) {
          insert(server, c, columns, pending, json);
          pending.clear();
        }
      }
    }
  }

  private static void insert(BenchServer server, Connection c, String columns, List<Object[]> rows, String json)
      throws SQLException {
    StringBuilder sql = new StringBuilder("INSERT INTO workflow_node_executions ").append(columns).append(" VALUES ");
    for (int r = 0; r < rows.size(); r++) {
      sql.append(r == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      for (Object[] row : rows) {
        WorkflowRun run = (WorkflowRun) row[1];
        int n = (Integer) row[2];
        server.bindUuid(ps, i++, (String) row[0]);
        server.bindUuid(ps, i++, run.tenantId());
        server.bindUuid(ps, i++, run.appId());
        server.bindUuid(ps, i++, run.workflowId());
        ps.setString(i++, "workflow-run");
        server.bindUuid(ps, i++, run.id());
        ps.setInt(i++, n + 1);
        ps.setString(i++, "node-" + n);
        ps.setString(i++, n == 0 ? "start" : "llm");
        ps.setString(i++, "Node " + n);
        ps.setString(i++, json);
        ps.setString(i++, null);
        ps.setString(i++, json);
        ps.setString(i++, "succeeded");
        ps.setDouble(i++, 0.25 + n);
        ps.setString(i++, "{\"total_tokens\": 42}");
        server.bindInstant(ps, i++, run.createdAt().plusSeconds(n));
        ps.setString(i++, "account");
        server.bindUuid(ps, i++, run.createdBy());
        server.bindInstant(ps, i++, run.createdAt().plusSeconds(n + 1));
      }
      ps.executeUpdate();
    }
  }

  private static long count(HikariDataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection(); java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void out(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
