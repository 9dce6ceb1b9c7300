package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.StatsQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * For a SQL backend's rerun of the contract suite with the JVM in one time zone and the database
 * session in another, both far from UTC (the backend's surefire execution sets them and names
 * them in the system properties {@value #JVM_ZONE_PROPERTY} and {@value #SESSION_ZONE_PROPERTY}).
 * Instants must come back unchanged, the columns must hold the UTC wall-clock time (what Dify
 * writes and reads), and days must follow the query's zone only.
 */
public interface SessionTimeZoneContract extends RepositoryFixture {

  /** System property naming the JVM's time zone in the rerun. */
  String JVM_ZONE_PROPERTY = "runstore.test.jvm-time-zone";

  /** System property naming the database session's time zone in the rerun. */
  String SESSION_ZONE_PROPERTY = "runstore.test.session-time-zone";

  /** The session time zone the rerun asks for (default America/New_York). */
  static String configuredSessionTimeZone() {
    return System.getProperty(SESSION_ZONE_PROPERTY, "America/New_York");
  }

  /** The JVM time zone the rerun runs in (default Asia/Kolkata). */
  static String configuredJvmTimeZone() {
    return System.getProperty(JVM_ZONE_PROPERTY, "Asia/Kolkata");
  }

  /** The storage under the repository, with the same session settings, to look at the table. */
  DataSource storageForChecks();

  /** A query whose first column is the session's time zone name. */
  String sessionTimeZoneQuery();

  /**
   * A query of {@code created_at} and {@code finished_at} of the run {@code runId} as text
   * {@code yyyy-MM-dd HH:mm:ss.SSSSSS}, what the columns hold.
   */
  String storedTimesQuery(String runId);

  @Test
  default void runsWithTheZonesItClaims() throws Exception {
    assertThat(TimeZone.getDefault().getID()).isEqualTo(configuredJvmTimeZone());
    try (Connection c = storageForChecks().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sessionTimeZoneQuery())) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(configuredSessionTimeZone());
    }
  }

  @Test
  default void columnsHoldUtcWallClockTime() throws Exception {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    Instant createdAt = Instant.parse("2025-01-15T23:30:00.654321Z");
    WorkflowRun run = TestRuns.run(tenant, app).createdAt(createdAt).finishedAt(createdAt.plusSeconds(90)).build();
    repository().save(run);
    try (Connection c = storageForChecks().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(storedTimesQuery(run.id()))) {
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
    assertThat(repository().getDailyRunsStatistics(kolkata)).extracting(d -> d.date())
        .containsExactly(LocalDate.of(2025, 1, 16));
  }
}
