package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * The contract suite with the JVM in one time zone and the database session in another, both
 * far from UTC (run by the surefire execution {@code time-zones}: JVM {@code Asia/Kolkata},
 * session {@code America/New_York}). Instants must come back unchanged, and the column must hold
 * the UTC wall-clock time (what Dify writes and reads).
 */
class PostgresTimeZoneTest extends PostgresWorkflowRunRepositoryTest {

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
        ResultSet rs = s.executeQuery("SHOW TimeZone")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(SESSION_ZONE);
    }
  }

  @Test
  void columnsHoldUtcWallClockTime() throws Exception {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    Instant createdAt = Instant.parse("2025-01-15T23:30:00.654321Z");
    var run = TestRuns.run(tenant, app).createdAt(createdAt).finishedAt(createdAt.plusSeconds(90)).build();
    repository().save(run);
    try (Connection c = poolForChecks().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT created_at::text, finished_at::text FROM workflow_runs WHERE id = '" + run.id() + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("2025-01-15 23:30:00.654321");
      assertThat(rs.getString(2)).isEqualTo("2025-01-15 23:31:30.654321");
    }
    assertThat(repository().getWorkflowRunById(tenant, app, run.id())).contains(run);
    assertThat(repository().getExpiredRunsBatch(tenant, createdAt.plusNanos(1000), 10)).containsExactly(run);
    assertThat(repository().getExpiredRunsBatch(tenant, createdAt, 10)).isEmpty();
  }
}
