package dev.runstore.jdbc.h2;

import dev.runstore.testkit.SessionTimeZoneContract;

/**
 * The contract suite with the JVM in one time zone and the H2 session in another, both far from
 * UTC (run by the surefire execution {@code time-zones}: JVM {@code Asia/Kolkata}, session
 * {@code America/New_York}), plus the checks of {@link SessionTimeZoneContract}.
 */
class H2TimeZoneTest extends H2WorkflowRunRepositoryTest implements SessionTimeZoneContract {

  @Override
  String sessionTimeZone() {
    return SessionTimeZoneContract.configuredSessionTimeZone();
  }

  @Override
  public String sessionTimeZoneQuery() {
    return "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'TIME ZONE'";
  }

  @Override
  public String storedTimesQuery(String runId) {
    return "SELECT CAST(created_at AS VARCHAR), CAST(finished_at AS VARCHAR) FROM workflow_runs WHERE id = '"
        + runId + "'";
  }
}
