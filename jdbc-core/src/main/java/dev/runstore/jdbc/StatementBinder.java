package dev.runstore.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Prepares a {@link Sql} statement and binds its parameters the way a dialect's
 * {@link JdbcTypes} want them: the one place where a statement meets its values, used by the
 * store and by tests that run a dialect's statements themselves (EXPLAIN in plan tests).
 */
public final class StatementBinder {

  private StatementBinder() {}

  /**
   * Prepares {@code sql} through the dialect ({@link SqlDialect#prepare}) and binds its
   * parameters; the caller closes the statement.
   */
  public static PreparedStatement prepare(Connection connection, SqlDialect dialect, Sql sql, boolean generatedKeys)
      throws SQLException {
    return bound(dialect.prepare(connection, sql, sql.text(), generatedKeys), dialect, sql);
  }

  private static void bindNull(PreparedStatement statement, int index, JdbcTypes types, Sql.Kind kind)
      throws SQLException {
    switch (kind) {
      case UUID -> types.bindNullUuid(statement, index);
      case TEXT -> types.bindText(statement, index, null);
      case INSTANT -> types.bindInstant(statement, index, null);
      case INT -> statement.setNull(index, java.sql.Types.INTEGER);
      case LONG -> statement.setNull(index, java.sql.Types.BIGINT);
      case DOUBLE -> statement.setNull(index, java.sql.Types.DOUBLE);
      case BYTES -> statement.setNull(index, java.sql.Types.BINARY);
      case BOOLEAN -> statement.setNull(index, java.sql.Types.BOOLEAN);
    }
  }

  /**
   * Prepares {@code prefix + sql} (e.g. {@code "EXPLAIN "}) through the dialect, with the
   * parameters of {@code sql} bound as the store binds them: for tests that look at plans.
   */
  public static PreparedStatement prepare(Connection connection, SqlDialect dialect, String prefix, Sql sql)
      throws SQLException {
    return bound(dialect.prepare(connection, sql, prefix + sql.text(), false), dialect, sql);
  }

  private static PreparedStatement bound(PreparedStatement statement, SqlDialect dialect, Sql sql) throws SQLException {
    try {
      bind(statement, dialect.types(), sql);
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /** Binds the parameters of {@code sql} to {@code statement}, in placeholder order. */
  public static void bind(PreparedStatement statement, JdbcTypes types, Sql sql) throws SQLException {
    int index = 1;
    for (Sql.Param param : sql.params()) {
      Object value = param.value();
      if (value == null) {
        bindNull(statement, index, types, param.kind());
      } else {
        switch (param.kind()) {
          case UUID -> types.bindUuid(statement, index, (String) value);
          case TEXT -> types.bindText(statement, index, (String) value);
          case INSTANT -> types.bindInstant(statement, index, (Instant) value);
          case INT -> statement.setInt(index, (Integer) value);
          case LONG -> statement.setLong(index, (Long) value);
          case DOUBLE -> statement.setDouble(index, (Double) value);
          case BYTES -> statement.setBytes(index, (byte[]) value);
          case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
        }
      }
      index++;
    }
  }
}
