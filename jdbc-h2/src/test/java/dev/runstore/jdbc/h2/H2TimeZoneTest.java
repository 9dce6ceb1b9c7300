package dev.runstore.jdbc.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.StatsQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * The contract suite with the JVM in one time zone and the H2 session in another, both far from
 * UTC (run by the surefire execution {@code time-zones}: JVM {@code Asia/Kolkata}, session
 * {@code America/New_York}). Instants must come back unchanged, and the column must hold the UTC
 * wall-clock time.
 */
class H2TimeZoneTest extends H2WorkflowRunRepositoryTest {

  private static final String SESSION_ZONE =
      System.getProperty("runstore.test.session-time-zone", "America/New_York");
  private static final String JVM_ZONE = System.getProperty("runstore.test.jvm-time-zone", "Asia/Kolkata");

  @Override
  String sessionTimeZone() {
    return SESSION_ZONE;
  }

  @Test
  void runsWithTheZonesItClaims() throws Exception {
    assertThat(TimeZone.getDefault().getID()).isEqualTo(JVM_ZONE);
    try (Connection c = poolForChecks().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'TIME ZONE'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(SESSION_ZONE);
    }
  }

  @Test
  void columnsHoldUtcWallClockTime() throws Exception {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    Instant createdAt = Instant.parse("2025-01-15T23:30:00.654321Z");
    WorkflowRun run = TestRuns.run(tenant, app).createdAt(createdAt).finishedAt(createdAt.plusSeconds(90)).build();
    repository().save(run);
    try (Connection c = poolForChecks().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT CAST(created_at AS VARCHAR), CAST(finished_at AS VARCHAR)"
            + " FROM workflow_runs WHERE id = '" + run.id() + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("2025-01-15 23:30:00.654321");
      assertThat(rs.getString(2)).isEqualTo("2025-01-15 23:31:30.654321");
    }
    assertThat(repository().getWorkflowRunById(tenant, app, run.id())).contains(run);
    assertThat(repository().getExpiredRunsBatch(tenant, createdAt.plusNanos(1000), 10)).containsExactly(run);
    assertThat(repository().getExpiredRunsBatch(tenant, createdAt, 10)).isEmpty();
    // 23:30 UTC is the 15th in UTC, the 16th in Kolkata (the JVM's zone), the 15th in New York
    // (the session's): days follow the query's zone only.
    StatsQuery utc = StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(ZoneOffset.UTC).build();
    StatsQuery kolkata = StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(ZoneId.of("Asia/Kolkata")).build();
    assertThat(repository().getDailyRunsStatistics(utc)).extracting(d -> d.date()).containsExactly(LocalDate.of(2025, 1, 15));
    assertThat(repository().getDailyRunsStatistics(kolkata)).extracting(d -> d.date()).containsExactly(LocalDate.of(2025, 1, 16));
  }
}
