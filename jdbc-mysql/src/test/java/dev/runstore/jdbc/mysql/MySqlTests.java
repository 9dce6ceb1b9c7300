package dev.runstore.jdbc.mysql;

import dev.runstore.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small JDBC helpers for the backend-specific tests. */
final class MySqlTests {

  private MySqlTests() {}

  /** Prepares {@code prefix + sql} and binds the parameters of {@code sql} as the dialect does. */
  static PreparedStatement prepare(Connection connection, String prefix, Sql sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(prefix + sql.text());
    int index = 1;
    for (Sql.Param param : sql.params()) {
      Object value = param.value();
      switch (param.kind()) {
        case UUID -> MySqlDialect.INSTANCE.bindUuid(statement, index, (String) value);
        case TEXT -> MySqlDialect.INSTANCE.bindText(statement, index, (String) value);
        case INSTANT -> MySqlDialect.INSTANCE.bindInstant(statement, index, (Instant) value);
        case INT -> statement.setInt(index, (Integer) value);
        case LONG -> statement.setLong(index, (Long) value);
        case DOUBLE -> statement.setDouble(index, (Double) value);
      }
      index++;
    }
    return statement;
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
}
