package dev.runstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRun;
import dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository;
import dev.runstore.retention.LocalDirectoryArchive;
import dev.runstore.retention.RestoreJob;
import dev.runstore.retention.RestoreReport;
import dev.runstore.retention.RetentionJob;
import dev.runstore.retention.RetentionListener;
import dev.runstore.retention.RetentionReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A one-shot purge of many runs on PostgreSQL (not JMH: one long job is the thing measured).
 *
 * <p>Creates a fresh schema, loads {@code runstore.bench.runs} runs (default 1,000,000; 1–3 KB
 * of JSON each, over 4 tenants × 5 apps × 30 days, 1% unfinished) with COPY, then runs a
 * {@link RetentionJob} over every tenant (ended runs only, a cutoff after every loaded run,
 * batches of {@code runstore.bench.batch}, default 1000) into a {@link LocalDirectoryArchive} in a
 * temporary directory, and prints load and purge throughput, peak heap, and archive size; then
 * restores one day of one tenant. Checks its own figures (every ended run archived and deleted
 * once, every unfinished run left) and exits 1 when they do not add up. Drops the schema and the
 * archive at the end unless {@code -Drunstore.bench.keep=true}.
 *
 * <pre>
 * java -Xmx512m -cp benchmarks/target/benchmarks.jar dev.runstore.benchmarks.PurgeBenchmark
 * </pre>
 */
public final class PurgeBenchmark {

  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final int TENANTS = 4;
  private static final int APPS = 5;
  private static final int DAYS = 30;
  private static final double UNFINISHED = 0.01;

  private PurgeBenchmark() {}

  /**
   * Runs the benchmark; options are system properties (see the class comment and README.md).
   *
   * @param args ignored
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    long runs = Long.getLong("runstore.bench.runs", 1_000_000L);
    int batch = Integer.getInteger("runstore.bench.batch", 1000);
    long seed = Long.getLong("runstore.bench.seed", 20240101L);
    boolean restore = Boolean.parseBoolean(System.getProperty("runstore.bench.restore", "true"));
    boolean keep = Boolean.getBoolean("runstore.bench.keep");
    String schema = "runstore_purge_" + UUID.randomUUID().toString().substring(0, 8);

    String server = String.valueOf(BenchDatabase.query(null, "SHOW server_version"));
    out("runstore purge benchmark, %s", Instant.now());
    out("PostgreSQL %s at %s; Java %s, %d cpus, max heap %d MiB", server, BenchDatabase.URL,
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);

    BenchDatabase.execute(null, "CREATE SCHEMA " + schema);
    Path directory = Files.createTempDirectory("runstore-purge-");
    int exit = 0;
    try (HikariDataSource pool = BenchDatabase.pool(schema, 4);
        PostgresWorkflowRunRepository repository = new PostgresWorkflowRunRepository(pool, true);
        LocalDirectoryArchive archive = new LocalDirectoryArchive(directory)) {
      // ---- load
      RunGenerator generator = new RunGenerator(seed, TENANTS, APPS, START, DAYS, UNFINISHED, null);
      long[] jsonBytes = {0};
      long[] unfinished = {0};
      long loadStart = System.nanoTime();
      BenchDatabase.copy(schema, () -> {
        WorkflowRun r = generator.next();
        jsonBytes[0] += length(r.graph()) + length(r.inputs()) + length(r.outputs());
        unfinished[0] += r.status().isEnded() ? 0 : 1;
        return r;
      }, runs, 50_000, done -> {
        if (done % 100_000 == 0 || done == runs) {
          out("  loaded %,d runs, %.0f s", done, seconds(loadStart));
        }
      });
      double loadSeconds = seconds(loadStart);
      long vacuumStart = System.nanoTime();
      BenchDatabase.execute(schema, "VACUUM ANALYZE workflow_runs");
      double vacuumSeconds = seconds(vacuumStart);
      long ended = runs - unfinished[0];
      out("schema %s: %,d runs (%d tenants x %d apps, %d days from %s; %,d ended, %,d unfinished),"
          + " JSON graph+inputs+outputs %,d..%,d B, average %,d B", schema, runs, TENANTS, APPS, DAYS,
          LocalDate.ofInstant(START, ZoneOffset.UTC), ended, unfinished[0], RunGenerator.MIN_JSON_BYTES,
          RunGenerator.MAX_JSON_BYTES, jsonBytes[0] / Math.max(1, runs));
      out("load: %,d runs in %.1f s = %,.0f runs/s (COPY, 50,000 rows per statement, all indexes in place);"
          + " VACUUM ANALYZE %.1f s; table + indexes %s on disk", runs, loadSeconds, runs / loadSeconds,
          vacuumSeconds, String.valueOf(BenchDatabase.query(schema,
              "SELECT pg_size_pretty(pg_total_relation_size('workflow_runs'))")));

      // ---- purge
      System.gc();
      List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP).collect(Collectors.toList());
      heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
      long gcCountBefore = gcCount();
      long gcTimeBefore = gcTime();
      long purgeStart = System.nanoTime();
      RetentionReport report = RetentionJob.builder(repository, archive)
          .allTenants()
          .cutoff(START.plus(java.time.Duration.ofDays(DAYS + 1)))
          .batchSize(batch)
          .listener(new RetentionListener() {
            private long nextPrint = 100_000;

            @Override
            public void progress(RetentionReport r) {
              if (r.runsDeleted() >= nextPrint) {
                out("  purged %,d runs, %.0f s", r.runsDeleted(), seconds(purgeStart));
                nextPrint += 100_000;
              }
            }
          })
          .build().run();
      double purgeSeconds = seconds(purgeStart);
      long peakHeap = 0;
      StringBuilder pools = new StringBuilder();
      for (MemoryPoolMXBean p : heapPools) {
        long peak = p.getPeakUsage().getUsed();
        peakHeap += peak;
        pools.append(String.format(Locale.ROOT, "%s%s %d MiB", pools.length() == 0 ? "" : ", ", p.getName(), peak >> 20));
      }
      long left = BenchDatabase.queryLong(schema, "SELECT count(*) FROM workflow_runs");
      long[] archiveFiles = {0, 0};
      try (Stream<Path> files = Files.walk(directory)) {
        files.filter(Files::isRegularFile).forEach(f -> {
          archiveFiles[0]++;
          archiveFiles[1] += size(f);
        });
      }
      out("purge (RetentionJob: all tenants, ended only, batch %,d, local directory archive):", batch);
      out("  scanned %,d, archived %,d, deleted %,d, in %,d batches; stopped by budget: %s",
          report.runsScanned(), report.runsArchived(), report.runsDeleted(), report.batches(),
          report.stoppedByBudget());
      out("  elapsed %.1f s = %,.0f runs/s (archived and deleted)", purgeSeconds,
          report.runsDeleted() / purgeSeconds);
      out("  peak heap used %d MiB (sum of heap pool peaks since reset: %s), max heap %d MiB;"
          + " GC: %d collections, %.1f s", peakHeap >> 20, pools, Runtime.getRuntime().maxMemory() >> 20,
          gcCount() - gcCountBefore, (gcTime() - gcTimeBefore) / 1000.0);
      out("  archive: %,d files (data + manifest per batch), %,d bytes on disk = %,.0f B per run"
          + " (%,d B of JSON per run before gzip); bytesWritten %,d", archiveFiles[0], archiveFiles[1],
          archiveFiles[1] / (double) Math.max(1, report.runsArchived()), jsonBytes[0] / Math.max(1, runs),
          report.bytesWritten());
      out("  left in the table: %,d runs (the unfinished ones: %,d)", left, unfinished[0]);
      if (report.runsScanned() != ended || report.runsArchived() != ended || report.runsDeleted() != ended
          || left != unfinished[0] || report.stoppedByBudget()) {
        out("MISMATCH: expected %,d ended runs scanned, archived and deleted, and %,d left", ended, unfinished[0]);
        exit = 1;
      }

      // ---- restore one day of one tenant
      if (restore) {
        String tenant = generator.tenants().get(0);
        LocalDate day = LocalDate.ofInstant(START, ZoneOffset.UTC).plusDays(DAYS / 2);
        RestoreReport restored = RestoreJob.builder(repository, archive).tenant(tenant)
            .dateRange(day, day).build().run();
        double restoreSeconds = restored.duration().toNanos() / 1e9;
        long back = BenchDatabase.queryLong(schema, "SELECT count(*) FROM workflow_runs") - left;
        out("restore (RestoreJob: 1 tenant, 1 day %s): %,d runs from %,d files in %.1f s = %,.0f runs/s"
            + " (one autocommit upsert per run); %,d rows back in the table", day, restored.runsRestored(),
            restored.filesRead(), restoreSeconds, restored.runsRestored() / restoreSeconds, back);
        if (back != restored.runsRestored() || restored.duplicatesSkipped() != 0) {
          out("MISMATCH: restored %,d runs, %,d duplicates, but %,d rows came back",
              restored.runsRestored(), restored.duplicatesSkipped(), back);
          exit = 1;
        }
      }
    } finally {
      if (keep) {
        out("kept schema %s and archive %s", schema, directory);
      } else {
        BenchDatabase.execute(null, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        deleteTree(directory);
      }
    }
    System.exit(exit);
  }

  private static int length(@org.jspecify.annotations.Nullable String s) {
    return s == null ? 0 : s.length();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  private static long gcTime() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void out(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
