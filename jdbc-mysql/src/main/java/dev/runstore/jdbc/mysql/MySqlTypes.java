package dev.runstore.jdbc.mysql;

import dev.runstore.jdbc.JdbcTypes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * How MySQL and MariaDB take runstore's values through Connector/J: ids as {@code CHAR(36)}
 * strings; timestamps bound as strings {@code 'yyyy-MM-dd HH:mm:ss.SSSSSS'} at UTC, because
 * Connector/J takes MariaDB 10.x (which announces itself as {@code 5.5.5-10.x}) for MySQL 5.5 and
 * silently drops the fractional seconds of bound time values; read as {@link java.time.LocalDateTime}
 * (no time-zone conversion for {@code DATETIME}) and taken as UTC. The day of the daily
 * statistics is a {@code TO_DAYS} day number.
 */
final class MySqlTypes implements JdbcTypes {

  static final MySqlTypes INSTANCE = new MySqlTypes();

  /** {@code TO_DAYS('1970-01-01')}: MySQL's day numbers count proleptic Gregorian days from year 0. */
  static final long TO_DAYS_EPOCH = 719_528L;

  /** A DATETIME(6) literal; parsed by both servers whatever their settings. */
  private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private MySqlTypes() {}

  @Override
  public void bindUuid(PreparedStatement statement, int index, String uuid) throws SQLException {
    statement.setString(index, uuid);
  }

  @Override
  public void bindInstant(PreparedStatement statement, int index, @Nullable Instant value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP);
    } else {
      statement.setString(index, format(value));
    }
  }

  /** Reads the day number of {@link MySqlDialect#selectDailyStatistics}. */
  @Override
  public LocalDate readDate(ResultSet resultSet, String column) throws SQLException {
    long day = resultSet.getLong(column);
    if (resultSet.wasNull()) {
      throw new SQLException("column " + column + " is NULL", "22004");
    }
    return LocalDate.ofEpochDay(day - TO_DAYS_EPOCH);
  }

  /** {@code value} as a DATETIME(6) literal at UTC. */
  static String format(Instant value) {
    return DATETIME.format(value.atOffset(ZoneOffset.UTC));
  }
}
