package dev.runstore.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Plain JDBC for the SQL-only contracts, in SQL that PostgreSQL, MySQL, MariaDB and H2 all accept:
 * UUIDs are written as quoted literals (a string literal converts to a {@code uuid} column on
 * PostgreSQL and is the value of a {@code CHAR(36)} column on MySQL), so no statement needs a
 * dialect. Only UUIDs the tests made themselves are inlined ({@link #uuid} checks the form); text
 * values are bound as parameters.
 */
public final class SqlChecks {

  private SqlChecks() {}

  /** {@code id} as a quoted SQL literal, after checking that it is a canonical UUID. */
  public static String uuid(String id) {
    if (!UUID.fromString(id).toString().equals(id)) {
      throw new IllegalArgumentException("not a canonical UUID: " + id);
    }
    return "'" + id + "'";
  }

  /** Runs an update with text parameters; the number of rows it changed. */
  public static int update(DataSource dataSource, String sql, String... parameters) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      int changed = s.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return changed;
    } catch (SQLException e) {
      throw new IllegalStateException("test statement failed: " + sql, e);
    }
  }

  /**
   * The rows of a query with text parameters, each a map from lower-case column label to value
   * ({@code byte[]} for binary columns, their text for the rest, null for NULL).
   */
  public static List<Map<String, @Nullable Object>> rows(DataSource dataSource, String sql, String... parameters) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      List<Map<String, @Nullable Object>> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          Map<String, @Nullable Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            String label = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
            // Binary columns come as byte[]; a UUID column (H2 reports it as BINARY) as its text.
            Object value = rs.getObject(i);
            if (value instanceof java.sql.Blob blob) {
              value = blob.getBytes(1, Math.toIntExact(blob.length()));
            }
            row.put(label, value instanceof byte[] ? value : rs.getString(i));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("test query failed: " + sql, e);
    }
  }

  /** The single number a {@code SELECT COUNT(*) ...} returns. */
  public static long count(DataSource dataSource, String sql) {
    List<Map<String, @Nullable Object>> rows = rows(dataSource, sql);
    Object value = rows.get(0).values().iterator().next();
    return Long.parseLong(String.valueOf(value).trim());
  }
}
