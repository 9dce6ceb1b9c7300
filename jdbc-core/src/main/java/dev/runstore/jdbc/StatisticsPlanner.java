package dev.runstore.jdbc;

import dev.runstore.api.TriggeredFrom;
import dev.runstore.store.DailyAggregate;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Daily statistics computed in SQL, no run loaded into the JVM: the range is cut into
 * {@link LocalDayWindows} (each one statement carrying the zone's UTC offsets); when a bound is
 * missing or the range spans many offset changes, it is first narrowed to the data's own first
 * and last run ({@link SqlDialect#selectCreatedAtRange}).
 */
final class StatisticsPlanner {

  private StatisticsPlanner() {}

  /** The daily aggregates; runs on one borrowed connection. */
  static List<DailyAggregate> daily(
      JdbcExecutor executor, String tenantId, String appId, TriggeredFrom trigger,
      @Nullable Instant from, @Nullable Instant to, ZoneId zone) {
    SqlDialect dialect = executor.dialect();
    Sql range = dialect.selectCreatedAtRange(tenantId, appId, trigger, from, to);
    return executor.autoCommit("dailyStatistics", range, session -> {
      List<LocalDayWindows.Window> windows =
          from != null && to != null ? LocalDayWindows.plan(zone, from, to) : List.of();
      if (windows.size() != 1) {
        Instant[] firstAndLast = session.query(range, rs -> rs.next()
            ? new Instant[] {dialect.types().readInstant(rs, WorkflowRunColumns.FIRST_CREATED_AT),
                dialect.types().readInstant(rs, WorkflowRunColumns.LAST_CREATED_AT)}
            : new Instant[2]);
        Instant first = firstAndLast[0];
        Instant last = firstAndLast[1];
        if (first == null || last == null) {
          return List.<DailyAggregate>of();
        }
        windows = LocalDayWindows.plan(zone, first, last.plus(1, ChronoUnit.MICROS));
      }
      List<DailyAggregate> days = new ArrayList<>();
      for (LocalDayWindows.Window window : windows) {
        session.query(dialect.selectDailyStatistics(tenantId, appId, trigger, window), rs -> {
          while (rs.next()) {
            days.add(new DailyAggregate(
                dialect.types().readDate(rs, WorkflowRunColumns.DAY),
                rs.getLong(WorkflowRunColumns.RUNS),
                rs.getLong(WorkflowRunColumns.CREATORS),
                readExactLong(rs, WorkflowRunColumns.TOKENS)));
          }
          return days;
        });
      }
      return List.copyOf(days);
    });
  }

  /** An exact integer column (e.g. PostgreSQL's numeric SUM of bigint) as a long. */
  private static long readExactLong(ResultSet rs, String column) throws SQLException {
    BigDecimal value = rs.getBigDecimal(column);
    if (value == null) {
      return 0;
    }
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      throw new SQLException("column " + column + " exceeds the range of a long", "22003", e);
    }
  }
}
