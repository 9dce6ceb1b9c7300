package dev.runstore.jdbc.postgres;

import dev.runstore.api.WorkflowRun;
import dev.runstore.jdbc.Sql;
import dev.runstore.jdbc.StatementBinder;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/** Bulk loading and raw statements for the PostgreSQL-specific tests. */
final class PostgresTestData {

  private static final Pattern ACTUAL_ROWS = Pattern.compile("actual rows=(\\d+)");
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private PostgresTestData() {}

  /** Loads runs with COPY (the fast path for 100k rows). */
  static void copy(DataSource dataSource, List<WorkflowRun> runs) throws Exception {
    StringBuilder csv = new StringBuilder(runs.size() * 300);
    for (WorkflowRun r : runs) {
      csv.append(r.id()).append(',').append(r.tenantId()).append(',').append(r.appId()).append(',')
          .append(r.workflowId()).append(',').append(r.type().value()).append(',')
          .append(r.triggeredFrom().value()).append(',').append(quote(r.version())).append(',')
          .append(quote(r.graph())).append(',').append(quote(r.inputs())).append(',')
          .append(r.status().value()).append(',').append(quote(r.outputs())).append(',')
          .append(quote(r.error())).append(',').append(r.elapsedTime()).append(',')
          .append(r.totalTokens()).append(',').append(r.totalSteps()).append(',')
          .append(r.createdByRole().value()).append(',').append(r.createdBy()).append(',')
          .append(ts(r.createdAt())).append(',')
          .append(r.finishedAt() == null ? "" : ts(r.finishedAt())).append(',')
          .append(r.exceptionsCount()).append('\n');
    }
    try (Connection c = dataSource.getConnection()) {
      c.unwrap(PGConnection.class).getCopyAPI().copyIn(
          "COPY workflow_runs (" + dev.runstore.jdbc.WorkflowRunColumns.SELECT_LIST + ") FROM STDIN WITH (FORMAT csv)",
          new StringReader(csv.toString()));
    }
  }

  private static String ts(java.time.Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(TS);
  }

  private static String quote(String value) {
    return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
  }

  /** Prepares a dialect statement with its parameters bound as the repository binds them. */
  static PreparedStatement prepare(Connection connection, String prefix, Sql sql) throws SQLException {
    return StatementBinder.prepare(connection, PostgresDialect.INSTANCE, prefix, sql);
  }


  /** SELECT count(*) of a tenant's app. */
  static long count(DataSource dataSource, String tenantId, String appId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT count(*) FROM workflow_runs WHERE tenant_id = ?::uuid AND app_id = ?::uuid")) {
      s.setString(1, tenantId);
      s.setString(2, appId);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The lines of {@code EXPLAIN ANALYZE} (no costs or timings) of {@code sql}, printed under {@code title}. */
  static List<String> explain(Connection c, String title, Sql sql) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (PreparedStatement s = prepare(c, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ", sql);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
    }
    System.out.println("PLAN " + title + ":\n  " + String.join("\n  ", lines));
    return lines;
  }

  /** {@link #explain(Connection, String, Sql)} on a connection of its own. */
  static List<String> explain(DataSource dataSource, String title, Sql sql) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return explain(c, title, sql);
    }
  }

  /** The {@code actual rows=} figure of a plan line. */
  static long actualRows(String line) {
    Matcher m = ACTUAL_ROWS.matcher(line);
    if (!m.find()) {
      throw new AssertionError("no actual rows in: " + line);
    }
    return Long.parseLong(m.group(1));
  }
}
