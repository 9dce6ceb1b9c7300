package dev.runstore.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How a database and its driver take and give back runstore's values: UUIDs (a {@code uuid}
 * column, a {@code CHAR(36)} column), instants (UTC timestamps, whatever the JVM or session zone),
 * text and dates. Part of a {@link SqlDialect}; stateless.
 */
public interface JdbcTypes {

  /**
   * The types of drivers that take {@link java.util.UUID} objects for a native uuid column (sent
   * as type uuid, so the comparison stays uuid = uuid and indexable) and store
   * {@link LocalDateTime} in a timestamp without time zone without any zone conversion: pgjdbc
   * and H2.
   */
  JdbcTypes NATIVE_UUID = new JdbcTypes() {
    @Override
    public void bindUuid(PreparedStatement statement, int index, String uuid) throws SQLException {
      statement.setObject(index, java.util.UUID.fromString(uuid));
    }

    @Override
    public void bindInstant(PreparedStatement statement, int index, @Nullable Instant value) throws SQLException {
      bindLocalDateTime(statement, index, value);
    }
  };

  /** Binds a canonical UUID string. */
  void bindUuid(PreparedStatement statement, int index, String uuid) throws SQLException;

  /** Binds SQL NULL to a UUID column. The default: a NULL of unspecified type (the driver infers it). */
  default void bindNullUuid(PreparedStatement statement, int index) throws SQLException {
    statement.setObject(index, null);
  }

  /** Binds an instant as the database's UTC timestamp; null as SQL NULL. */
  void bindInstant(PreparedStatement statement, int index, @Nullable Instant value) throws SQLException;

  /** Binds a text value; null as SQL NULL. */
  default void bindText(PreparedStatement statement, int index, @Nullable String value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  /**
   * Reads a UTC timestamp column written by {@link #bindInstant}; null for SQL NULL. The default
   * reads a timestamp without time zone as {@link LocalDateTime} and takes it as UTC, which every
   * supported driver returns without any zone conversion.
   */
  default @Nullable Instant readInstant(ResultSet resultSet, String column) throws SQLException {
    LocalDateTime value = resultSet.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  /** Reads a UUID column as a canonical lower-case string; null for SQL NULL. */
  default @Nullable String readUuid(ResultSet resultSet, String column) throws SQLException {
    String value = resultSet.getString(column);
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  /** Reads the day column of {@link SqlDialect#selectDailyStatistics}. */
  default LocalDate readDate(ResultSet resultSet, String column) throws SQLException {
    LocalDate value = resultSet.getObject(column, LocalDate.class);
    if (value == null) {
      throw new SQLException("column " + column + " is NULL", "22004");
    }
    return value;
  }

  /** Binds an instant as {@link LocalDateTime} at UTC: what pgjdbc and H2 store without conversion. */
  static void bindLocalDateTime(PreparedStatement statement, int index, @Nullable Instant value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP);
    } else {
      statement.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }
}
