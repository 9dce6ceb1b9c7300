package dev.runstore.jdbc.postgres;

import dev.runstore.testkit.SessionTimeZoneContract;

/**
 * The contract suite with the JVM in one time zone and the database session in another, both
 * far from UTC (run by the surefire execution {@code time-zones}: JVM {@code Asia/Kolkata},
 * session {@code America/New_York}), plus the checks of {@link SessionTimeZoneContract}.
 */
class PostgresTimeZoneTest extends PostgresWorkflowRunRepositoryTest implements SessionTimeZoneContract {

  @Override
  String sessionTimeZone() {
    return SessionTimeZoneContract.configuredSessionTimeZone();
  }

  @Override
  public String sessionTimeZoneQuery() {
    return "SHOW TimeZone";
  }

  @Override
  public String storedTimesQuery(String runId) {
    return "SELECT created_at::text, finished_at::text FROM workflow_runs WHERE id = '" + runId + "'";
  }
}
