package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * Timestamps are written and read as UTC whatever the JVM's and the session's time zones: with
 * the JVM in Asia/Kolkata (+05:30) and the session in America/New_York (or {@code -05:00} where
 * the server has no time zone tables), the stored DATETIME text is the UTC wall clock, with its
 * microseconds, and keyset pages split between runs one microsecond apart. The pool is created
 * after the JVM zone is set, so the driver sees it from the first connection.
 */
class MySqlTimeZoneTest {

  @Test
  void storesAndReadsUtcUnderHostileZones() throws Exception {
    TimeZone original = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
    String zone = MySqlTestServers.sessionTimeZoneOr("America/New_York");
    try (HikariDataSource pool = MySqlTestServers.server().poolInZone("tz", zone)) {
      MySqlWorkflowRunRepository repo = new MySqlWorkflowRunRepository(pool, true);
      String tenant = TestRuns.newId();
      String app = TestRuns.newId();
      // around a DST change in New York and midnight in Kolkata, one microsecond apart
      Instant base = Instant.parse("2025-03-09T06:59:59.999999Z");
      WorkflowRun a = TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, base);
      WorkflowRun b = TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, base.plusNanos(1000));
      WorkflowRun c = TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, base.plusNanos(2000));
      for (WorkflowRun run : List.of(a, b, c)) {
        repo.save(run);
      }

      try (Connection connection = pool.getConnection()) {
        assertThat(MySqlTests.scalar(connection, "SELECT @@session.time_zone")).isNotIn("SYSTEM", "+00:00", "UTC");
        try (PreparedStatement s = connection.prepareStatement(
            "SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s.%f'), DATE_FORMAT(finished_at, '%Y-%m-%d %H:%i:%s.%f')"
                + " FROM workflow_runs WHERE id = ?")) {
          s.setString(1, b.id());
          try (ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("2025-03-09 07:00:00.000000");
            assertThat(rs.getString(2)).isEqualTo("2025-03-09 07:00:02.000000");
          }
        }
      }
      assertThat(repo.getWorkflowRunById(tenant, app, b.id())).contains(b);
      InfiniteScrollPagination<WorkflowRun> first = repo.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 1, null);
      assertThat(first.data()).containsExactly(c);
      InfiniteScrollPagination<WorkflowRun> second = repo.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 1, c.id());
      assertThat(second.data()).containsExactly(b);
      assertThat(repo.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 5, b.id()).data()).containsExactly(a);
      assertThat(repo.getExpiredRunsBatch(tenant, b.createdAt(), 10)).containsExactly(a);
      assertThat(repo.getExpiredRunsBatch(tenant, b.createdAt().plusNanos(1), 10)).containsExactly(a, b);
    } finally {
      TimeZone.setDefault(original);
    }
  }
}
