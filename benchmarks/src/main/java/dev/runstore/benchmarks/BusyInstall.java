package dev.runstore.benchmarks;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * A {@code workflow_runs} table shaped like a busy multi-tenant install, loaded once per server
 * and kept between benchmark runs: {@code runstore.bench.runs} runs (default 1,000,000) over 100
 * tenants × 10 apps with a mix of triggers (~889 runs each), plus three app-run-only apps holding
 * 0.1 %, 1 % and 10 % of the table (the 10 % app is the "app of 100,000"), each in one of the
 * first three tenants. ~2 KB of JSON per run ({@link RunGenerator}), created over 90 days and
 * stored in creation order, as a live table fills up. Deterministic (fixed seed).
 *
 * <p>Three copies of the same rows, in three namespaces (schemas of database {@code
 * runstore_bench} on PostgreSQL, databases {@code runstore_bench}, {@code
 * runstore_bench_dify_current} and {@code runstore_bench_dify_seed} on MariaDB):
 *
 * <ul>
 *   <li>{@value #RUNSTORE}: the table and indexes of runstore's own schema scripts;
 *   <li>{@value #DIFY_CURRENT}: Dify's current indexes — primary key, {@code
 *       workflow_run_triggerd_from_idx (tenant_id, app_id, triggered_from)} and the 2026 {@code
 *       workflow_run_created_at_id_idx (created_at, id)};
 *   <li>{@value #DIFY_SEED}: Dify's seed-era indexes — primary key and {@code
 *       workflow_run_triggerd_from_idx} only.
 * </ul>
 *
 * <p>Loading writes the rows to a temporary file once, then bulk-loads it (COPY on PostgreSQL,
 * {@code LOAD DATA LOCAL INFILE} on MariaDB, secondary indexes built afterwards) and copies the
 * table into the other namespaces with {@code INSERT ... SELECT}. A marker table records the
 * shape; a later run with the same shape reuses the tables. {@code main} loads, reports or drops:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.runstore.benchmarks.BusyInstall load|status|drop [postgres|mariadb]
 * </pre>
 */
public final class BusyInstall {

  /** Namespace of the copy with runstore's schema. */
  public static final String RUNSTORE = "runstore";

  /** Namespace of the copy with Dify's current indexes. */
  public static final String DIFY_CURRENT = "dify_current";

  /** Namespace of the copy with Dify's seed-era indexes. */
  public static final String DIFY_SEED = "dify_seed";

  static final List<String> NAMESPACES = List.of(RUNSTORE, DIFY_CURRENT, DIFY_SEED);

  /** Shares of the three measured apps, in percent of the table. */
  static final List<String> SHARES = List.of("0.1", "1", "10");

  private static final String VERSION = "busy-v1";
  private static final int TENANTS = 100;
  private static final int APPS_PER_TENANT = 10;
  private static final int DAYS = 90;
  private static final int SLICES = 2000;
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  /** One of the measured apps. */
  public record App(String share, String tenantId, String appId, int runs) {}

  private final long runs;
  private final long seed;
  private final Map<String, App> apps = new LinkedHashMap<>();
  private final RunGenerator background;
  private final RunGenerator special;

  private BusyInstall(long runs, long seed) {
    if (runs < 1000) {
      throw new IllegalArgumentException("runstore.bench.runs must be at least 1000, was " + runs);
    }
    this.runs = runs;
    this.seed = seed;
    this.background = new RunGenerator(seed, TENANTS, APPS_PER_TENANT, START, DAYS, 0.01, null);
    this.special = new RunGenerator(seed + 1, SHARES.size(), 1, START, DAYS, 0.01, TriggeredFrom.APP_RUN);
    long[] divisors = {1000, 100, 10};
    for (int i = 0; i < SHARES.size(); i++) {
      apps.put(SHARES.get(i), new App(SHARES.get(i), background.tenants().get(i), special.apps(i).get(0),
          (int) (runs / divisors[i])));
    }
  }

  /** The shape named by {@code runstore.bench.runs} (default 1,000,000) and {@code runstore.bench.seed}. */
  public static BusyInstall configured() {
    return new BusyInstall(Long.getLong("runstore.bench.runs", 1_000_000L), Long.getLong("runstore.bench.seed", 16L));
  }

  /** Total runs in the table. */
  public long runs() {
    return runs;
  }

  /** The measured app holding {@code share} percent of the table ("0.1", "1" or "10"). */
  public App app(String share) {
    App app = apps.get(share);
    if (app == null) {
      throw new IllegalArgumentException("share must be one of " + SHARES + ", was " + share);
    }
    return app;
  }

  private String shape() {
    return VERSION + " runs=" + runs + " seed=" + seed;
  }

  /** Loads the tables on {@code server} unless a complete load of this shape is there already. */
  public synchronized BusyInstall ensureLoaded(BenchServer server) {
    if (!shape().equals(loadedShape(server))) {
      load(server);
    }
    return this;
  }

  /** The shape recorded by a complete load, or null when there is none. */
  @Nullable String loadedShape(BenchServer server) {
    try {
      if (server == BenchServer.POSTGRES) {
        if (server.query(null, "SELECT 1 FROM pg_database WHERE datname = '" + BenchServer.database() + "'") == null
            || server.query(RUNSTORE, "SELECT to_regclass('bench_marker')::text") == null) {
          return null;
        }
      } else if (server.query(null, "SELECT 1 FROM information_schema.tables WHERE table_schema = '"
          + BenchServer.database() + "' AND table_name = 'bench_marker'") == null) {
        return null;
      }
      return server.query(RUNSTORE, "SELECT shape FROM bench_marker");
    } catch (IllegalStateException e) {
      return null;
    }
  }

  /** Drops everything the loader created on {@code server}. */
  public static void drop(BenchServer server) {
    if (server == BenchServer.POSTGRES) {
      server.execute(null, "DROP DATABASE IF EXISTS " + BenchServer.database() + " WITH (FORCE)");
    } else {
      for (String namespace : NAMESPACES) {
        server.execute(null, "DROP DATABASE IF EXISTS " + server.namespaceDatabase(namespace));
      }
    }
  }

  // ---------------------------------------------------------------- loading

  private void load(BenchServer server) {
    long started = System.nanoTime();
    log("%s: loading %s (%s) into %s", server.key(), shape(), describe(), BenchServer.database());
    drop(server);
    Path file = null;
    try {
      file = Files.createTempFile("runstore-busy-", ".tsv");
      long bytes = writeRuns(file);
      log("%s: %,d runs written to %s (%,d MB) in %s", server.key(), runs, file, bytes >> 20, since(started));
      if (server == BenchServer.POSTGRES) {
        loadPostgres(file);
      } else {
        loadMariaDb(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("loading the benchmark table failed", e);
    } catch (SQLException e) {
      throw new IllegalStateException(server.key() + ": loading the benchmark table failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(server.key() + ": interrupted while loading the benchmark table", e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          log("could not delete %s: %s", file, e.getMessage());
        }
      }
    }
    log("%s: loaded in %s", server.key(), since(started));
  }

  private String describe() {
    StringBuilder sb = new StringBuilder(TENANTS + " tenants x " + APPS_PER_TENANT + " apps");
    for (App app : apps.values()) {
      sb.append(", ").append(app.share()).append(" % app ").append(String.format(Locale.ROOT, "%,d", app.runs()));
    }
    return sb.toString();
  }

  /**
   * Writes every run, in creation order, as lines of PostgreSQL's COPY text format (which MariaDB's
   * LOAD DATA reads with the same escapes). Returns the file size.
   */
  private long writeRuns(Path file) throws IOException {
    long backgroundRuns = runs;
    for (App app : apps.values()) {
      backgroundRuns -= app.runs();
    }
    long sliceMicros = Duration.ofDays(DAYS).toNanos() / 1000 / SLICES;
    StringBuilder line = new StringBuilder(4096);
    List<WorkflowRun> slice = new ArrayList<>();
    Comparator<WorkflowRun> byCreation = Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int s = 0; s < SLICES; s++) {
        Instant from = START.plusNanos(s * sliceMicros * 1000);
        slice.clear();
        for (long i = share(backgroundRuns, s); i < share(backgroundRuns, s + 1); i++) {
          slice.add(background.next(background.instantWithin(from, sliceMicros)));
        }
        int index = 0;
        for (App app : apps.values()) {
          for (long i = share(app.runs(), s); i < share(app.runs(), s + 1); i++) {
            slice.add(special.next(index, 0, special.instantWithin(from, sliceMicros)).toBuilder()
                .tenantId(app.tenantId()).build());
          }
          index++;
        }
        slice.sort(byCreation);
        for (WorkflowRun run : slice) {
          line.setLength(0);
          BenchDatabase.copyLine(run, line);
          out.append(line);
        }
      }
    }
    return Files.size(file);
  }

  /** The first row number of slice {@code s} when {@code total} rows spread evenly over the slices. */
  private static long share(long total, int s) {
    return total * s / SLICES;
  }

  private void loadPostgres(Path file) throws SQLException, IOException {
    BenchServer pg = BenchServer.POSTGRES;
    pg.execute(null, "CREATE DATABASE " + BenchServer.database());
    for (String namespace : NAMESPACES) {
      pg.execute(RUNSTORE, "CREATE SCHEMA " + namespace);
    }
    createRunstoreSchema(pg);
    long started = System.nanoTime();
    try (Connection c = pg.connect(RUNSTORE, ""); Statement s = c.createStatement()) {
      // Built after the load (a sort each) instead of row by row during it.
      Map<String, String> indexes = new LinkedHashMap<>();
      try (ResultSet rs = s.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = '" + RUNSTORE
          + "' AND tablename = 'workflow_runs' AND indexname <> 'workflow_run_pkey'")) {
        while (rs.next()) {
          indexes.put(rs.getString(1), rs.getString(2));
        }
      }
      for (String index : indexes.keySet()) {
        s.execute("DROP INDEX " + RUNSTORE + "." + index);
      }
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        long rows = c.unwrap(PGConnection.class).getCopyAPI()
            .copyIn("COPY workflow_runs (" + BenchDatabase.COLUMNS + ") FROM STDIN", in);
        log("postgres: COPY %,d rows in %s", rows, since(started));
      }
      for (String definition : indexes.values()) {
        s.execute(definition);
      }
      log("postgres: runstore's %d secondary indexes built, %s", indexes.size(), since(started));
      copyPostgres(s, DIFY_CURRENT, true);
      copyPostgres(s, DIFY_SEED, false);
      log("postgres: Dify copies made, %s", since(started));
      for (String namespace : NAMESPACES) {
        s.execute("VACUUM ANALYZE " + namespace + ".workflow_runs");
      }
      s.execute("CREATE TABLE bench_marker (shape text NOT NULL)");
      s.execute("INSERT INTO bench_marker VALUES ('" + shape() + "')");
    }
  }

  private static void copyPostgres(Statement s, String namespace, boolean current) throws SQLException {
    String table = namespace + ".workflow_runs";
    s.execute("CREATE TABLE " + table + " (LIKE " + RUNSTORE + ".workflow_runs INCLUDING DEFAULTS)");
    s.execute("INSERT INTO " + table + " SELECT * FROM " + RUNSTORE + ".workflow_runs");
    s.execute("ALTER TABLE " + table + " ADD CONSTRAINT workflow_run_pkey PRIMARY KEY (id)");
    s.execute("CREATE INDEX workflow_run_triggerd_from_idx ON " + table + " (tenant_id, app_id, triggered_from)");
    if (current) {
      s.execute("CREATE INDEX workflow_run_created_at_id_idx ON " + table + " (created_at, id)");
    }
  }

  private void loadMariaDb(Path file) throws SQLException, IOException, InterruptedException {
    BenchServer maria = BenchServer.MARIADB;
    for (String namespace : NAMESPACES) {
      maria.execute(null, "CREATE DATABASE " + maria.namespaceDatabase(namespace)
          + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }
    createRunstoreSchema(maria);
    // InnoDB stores rows in primary-key order: loading them in id order appends instead of
    // splitting pages all over a table far larger than the buffer pool.
    Path sorted = Files.createTempFile("runstore-busy-sorted-", ".tsv");
    try {
      long started = System.nanoTime();
      Process sort = new ProcessBuilder("sort", "-t", "\t", "-k1,1", "-S", "512M", "-T",
          String.valueOf(file.getParent()), "-o", sorted.toString(), file.toString())
          .redirectErrorStream(true).inheritIO().start();
      sort.getOutputStream().close();
      if (!sort.waitFor(30, TimeUnit.MINUTES) || sort.exitValue() != 0) {
        throw new IOException("sort of the load file failed");
      }
      log("mariadb: load file sorted by id in %s", since(started));
      String runstoreDb = maria.namespaceDatabase(RUNSTORE);
      try (Connection c = maria.connect(RUNSTORE, "allowLoadLocalInfile=true"); Statement s = c.createStatement()) {
        Map<String, String> indexes = mariaDbIndexes(s, runstoreDb);
        s.execute("ALTER TABLE workflow_runs " + String.join(", ", indexes.keySet().stream().map(i -> "DROP INDEX " + i).toList()));
        s.execute("SET unique_checks = 0, foreign_key_checks = 0");
        long rows = s.executeLargeUpdate("LOAD DATA LOCAL INFILE '" + sorted + "' INTO TABLE workflow_runs"
            + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'"
            + " (" + BenchDatabase.COLUMNS + ")");
        log("mariadb: LOAD DATA %,d rows in %s", rows, since(started));
        s.execute("SET unique_checks = 1, foreign_key_checks = 1");
        s.execute("ALTER TABLE workflow_runs " + String.join(", ", indexes.entrySet().stream()
            .map(e -> "ADD INDEX " + e.getKey() + " (" + e.getValue() + ")").toList()));
        log("mariadb: runstore's %d secondary indexes built, %s", indexes.size(), since(started));
        copyMariaDb(s, runstoreDb, maria.namespaceDatabase(DIFY_CURRENT), true);
        copyMariaDb(s, runstoreDb, maria.namespaceDatabase(DIFY_SEED), false);
        log("mariadb: Dify copies made, %s", since(started));
        for (String namespace : NAMESPACES) {
          s.execute("ANALYZE TABLE " + maria.namespaceDatabase(namespace) + ".workflow_runs");
        }
        s.execute("CREATE TABLE bench_marker (shape VARCHAR(200) NOT NULL)");
        s.execute("INSERT INTO bench_marker VALUES ('" + shape() + "')");
      }
    } finally {
      Files.deleteIfExists(sorted);
    }
  }

  /** Secondary index name to its comma-separated columns, in index order. */
  private static Map<String, String> mariaDbIndexes(Statement s, String database) throws SQLException {
    Map<String, String> indexes = new LinkedHashMap<>();
    try (ResultSet rs = s.executeQuery("SELECT index_name, GROUP_CONCAT(column_name ORDER BY seq_in_index)"
        + " FROM information_schema.statistics WHERE table_schema = '" + database
        + "' AND table_name = 'workflow_runs' AND index_name <> 'PRIMARY' GROUP BY index_name ORDER BY index_name")) {
      while (rs.next()) {
        indexes.put(rs.getString(1), rs.getString(2));
      }
    }
    return indexes;
  }

  private static void copyMariaDb(Statement s, String from, String to, boolean current) throws SQLException {
    String table = to + ".workflow_runs";
    s.execute("CREATE TABLE " + table + " LIKE " + from + ".workflow_runs");
    Map<String, String> indexes = mariaDbIndexes(s, to);
    s.execute("ALTER TABLE " + table + " " + String.join(", ", indexes.keySet().stream().map(i -> "DROP INDEX " + i).toList()));
    s.execute("INSERT INTO " + table + " SELECT * FROM " + from + ".workflow_runs");
    s.execute("ALTER TABLE " + table + " ADD INDEX workflow_run_triggerd_from_idx (tenant_id, app_id, triggered_from)"
        + (current ? ", ADD INDEX workflow_run_created_at_id_idx (created_at, id)" : ""));
  }

  /** runstore's own scripts create the table and its indexes in the runstore namespace. */
  private static void createRunstoreSchema(BenchServer server) {
    try (var pool = server.pool(RUNSTORE, 1, "");
        WorkflowRunRepository repository = server.repository(pool, true)) {
      // created by the constructor
    }
  }

  private static String since(long startedNanos) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
  }

  private static void log(String format, @Nullable Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }

  /**
   * {@code load|status|drop [postgres|mariadb]} (both servers when none is named).
   *
   * @param args the command and optionally the server
   */
  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: BusyInstall load|status|drop [postgres|mariadb]");
      System.exit(2);
    }
    List<BenchServer> servers = args.length == 2 ? List.of(BenchServer.of(args[1])) : List.of(BenchServer.values());
    BusyInstall install = configured();
    for (BenchServer server : servers) {
      switch (args[0]) {
        case "load" -> install.ensureLoaded(server);
        case "status" -> log("%s (%s): %s", server.key(), server.version(),
            Objects.toString(install.loadedShape(server), "not loaded"));
        case "drop" -> {
          drop(server);
          log("%s: dropped %s", server.key(), BenchServer.database());
        }
        default -> {
          System.err.println("unknown command " + args[0] + ": load, status or drop");
          System.exit(2);
        }
      }
    }
  }
}
