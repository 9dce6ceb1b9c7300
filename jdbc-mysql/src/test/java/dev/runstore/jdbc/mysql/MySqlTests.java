package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.jdbc.Sql;
import dev.runstore.jdbc.StatementBinder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Small JDBC helpers for the backend-specific tests. */
final class MySqlTests {

  private MySqlTests() {}

  /** Prepares {@code prefix + sql} and binds the parameters of {@code sql} as the dialect does. */
  static PreparedStatement prepare(Connection connection, String prefix, Sql sql) throws SQLException {
    return StatementBinder.prepare(connection, MySqlDialect.INSTANCE, prefix, sql);
  }


  /** Every row of {@code rs} as column label → value text. */
  static List<Map<String, String>> rows(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<Map<String, String>> rows = new ArrayList<>();
    while (rs.next()) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        row.put(meta.getColumnLabel(i), rs.getString(i));
      }
      rows.add(row);
    }
    return rows;
  }

  /** The rows of a query without parameters. */
  static List<Map<String, String>> query(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      return rows(rs);
    }
  }

  /** The single value of a query without parameters. */
  static String scalar(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException("no row: " + sql);
      }
      return rs.getString(1);
    }
  }

  /** Runs a statement without parameters. */
  static int execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
      return statement.getUpdateCount();
    }
  }

  /** The number of runs of one app. */
  static long countApp(Connection connection, String tenantId, String appId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT COUNT(*) FROM workflow_runs WHERE tenant_id = ? AND app_id = ?")) {
      statement.setString(1, tenantId);
      statement.setString(2, appId);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * The plan rows of {@code sql}, printed under {@code title}: ANALYZE on MariaDB when
   * {@code analyze} (it executes the statement), else EXPLAIN.
   */
  static List<Map<String, String>> plan(DataSource pool, String title, Sql sql, boolean analyze) throws SQLException {
    try (Connection c = pool.getConnection()) {
      String prefix = analyze && c.getMetaData().getDatabaseProductVersion().contains("MariaDB") ? "ANALYZE " : "EXPLAIN ";
      try (PreparedStatement s = prepare(c, prefix, sql); ResultSet rs = s.executeQuery()) {
        List<Map<String, String>> rows = rows(rs);
        System.out.println("PLAN " + prefix.trim() + " " + title + ":");
        rows.forEach(row -> System.out.println("PLAN   " + row));
        return rows;
      }
    }
  }

  /** No plan row sorts or builds a temporary table. */
  static void assertNoSortAnywhere(List<Map<String, String>> plan) {
    for (Map<String, String> row : plan) {
      assertThat(String.valueOf(row.get("Extra"))).doesNotContain("filesort").doesNotContain("temporary");
    }
  }

  /** Index entries and rows read (Handler_read_*) by running {@code sql} once; printed. */
  static long handlerReads(DataSource pool, Sql sql) throws SQLException {
    try (Connection c = pool.getConnection()) {
      long before = handlerReadTotal(c);
      try (PreparedStatement s = prepare(c, "", sql); ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          // drain
        }
      }
      long reads = handlerReadTotal(c) - before;
      System.out.println("PLAN   handler reads: " + reads);
      return reads;
    }
  }

  private static long handlerReadTotal(Connection c) throws SQLException {
    long total = 0;
    for (Map<String, String> row : query(c, "SHOW SESSION STATUS LIKE 'Handler_read%'")) {
      String name = row.get("Variable_name");
      if (name.equals("Handler_read_key") || name.equals("Handler_read_next") || name.equals("Handler_read_prev")
          || name.equals("Handler_read_first") || name.equals("Handler_read_last") || name.equals("Handler_read_rnd_next")) {
        total += Long.parseLong(row.get("Value"));
      }
    }
    return total;
  }
}
