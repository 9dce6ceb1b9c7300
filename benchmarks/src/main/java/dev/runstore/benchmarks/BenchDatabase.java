package dev.runstore.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRun;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server the benchmarks run on, from system properties: {@code runstore.bench.url}
 * (default the machine's {@code jdbc:postgresql://127.0.0.1:5432/test}), {@code
 * runstore.bench.user} (default {@code postgres}) and {@code runstore.bench.password} (default
 * empty); plus schema helpers and a fast COPY loader.
 */
public final class BenchDatabase {

  /** The JDBC URL. */
  public static final String URL =
      System.getProperty("runstore.bench.url", "jdbc:postgresql://127.0.0.1:5432/test");

  private static final String USER = System.getProperty("runstore.bench.user", "postgres");
  private static final String PASSWORD = System.getProperty("runstore.bench.password", "");

  /** The columns of {@code workflow_runs} in the order {@link #copyLine} writes them. */
  static final String COLUMNS = "id, tenant_id, app_id, workflow_id, type, triggered_from, version, graph, "
      + "inputs, status, outputs, error, elapsed_time, total_tokens, total_steps, created_by_role, "
      + "created_by, created_at, finished_at, exceptions_count";

  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private BenchDatabase() {}

  /** An unpooled DataSource whose sessions use {@code schema} (or the default search path). */
  public static PGSimpleDataSource plain(@Nullable String schema) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(URL);
    ds.setUser(USER);
    ds.setPassword(PASSWORD);
    if (schema != null) {
      ds.setCurrentSchema(schema);
    }
    return ds;
  }

  /** A HikariCP pool of {@code size} connections on {@code schema}. */
  public static HikariDataSource pool(String schema, int size) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(plain(schema));
    config.setMaximumPoolSize(size);
    config.setPoolName("bench-" + schema);
    return new HikariDataSource(config);
  }

  /** Runs statements on a new session on {@code schema} (or the default search path). */
  public static void execute(@Nullable String schema, String... sql) {
    try (Connection c = plain(schema).getConnection(); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("benchmark setup failed: " + e.getMessage(), e);
    }
  }

  /** The first column of the first row of {@code sql}, as a string (null when no row or SQL NULL). */
  public static @Nullable String query(@Nullable String schema, String sql) {
    try (Connection c = plain(schema).getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException("benchmark query failed: " + e.getMessage(), e);
    }
  }

  /** {@link #query} as a long (0 when no row). */
  public static long queryLong(@Nullable String schema, String sql) {
    String value = query(schema, sql);
    return value == null ? 0 : Long.parseLong(value);
  }

  /**
   * Loads {@code count} runs from {@code runs} into {@code schema.workflow_runs} with COPY, one
   * statement (and transaction) per {@code perStatement} runs; {@code progress} gets the total
   * after each statement.
   */
  public static void copy(String schema, Supplier<WorkflowRun> runs, long count, int perStatement,
      LongConsumer progress) {
    String sql = "COPY workflow_runs (" + COLUMNS + ") FROM STDIN";
    try (Connection c = plain(schema).getConnection()) {
      PGConnection pg = c.unwrap(PGConnection.class);
      long done = 0;
      StringBuilder line = new StringBuilder(4096);
      while (done < count) {
        long n = Math.min(perStatement, count - done);
        try (Writer out = new BufferedWriter(
            new OutputStreamWriter(new PGCopyOutputStream(pg, sql, 1 << 20), StandardCharsets.UTF_8), 1 << 20)) {
          for (long i = 0; i < n; i++) {
            line.setLength(0);
            copyLine(runs.get(), line);
            out.append(line);
          }
        }
        done += n;
        progress.accept(done);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("COPY failed", e);
    }
  }

  /** One run as a line of COPY's text format (tab-separated, {@code \N} for NULL, escaped). */
  static void copyLine(WorkflowRun r, StringBuilder sb) {
    field(sb, r.id()).append('\t');
    field(sb, r.tenantId()).append('\t');
    field(sb, r.appId()).append('\t');
    field(sb, r.workflowId()).append('\t');
    field(sb, r.type().value()).append('\t');
    field(sb, r.triggeredFrom().value()).append('\t');
    field(sb, r.version()).append('\t');
    field(sb, r.graph()).append('\t');
    field(sb, r.inputs()).append('\t');
    field(sb, r.status().value()).append('\t');
    field(sb, r.outputs()).append('\t');
    field(sb, r.error()).append('\t');
    sb.append(r.elapsedTime()).append('\t');
    sb.append(r.totalTokens()).append('\t');
    sb.append(r.totalSteps()).append('\t');
    field(sb, r.createdByRole().value()).append('\t');
    field(sb, r.createdBy()).append('\t');
    field(sb, timestamp(r.createdAt())).append('\t');
    field(sb, timestamp(r.finishedAt())).append('\t');
    sb.append(r.exceptionsCount()).append('\n');
  }

  /** UTC wall time, as the {@code timestamp} (without time zone) columns hold it. */
  private static @Nullable String timestamp(@Nullable Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(TIMESTAMP);
  }

  private static StringBuilder field(StringBuilder sb, @Nullable String value) {
    if (value == null) {
      return sb.append("\\N");
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(ch);
      }
    }
    return sb;
  }
}
