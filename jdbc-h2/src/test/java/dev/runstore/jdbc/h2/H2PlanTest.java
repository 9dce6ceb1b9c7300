package dev.runstore.jdbc.h2;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.RunPosition;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.jdbc.Sql;
import dev.runstore.jdbc.StatementBinder;
import dev.runstore.store.EndedRunsBatch;
import dev.runstore.store.RunFilter;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The indexes serve the statements: H2's EXPLAIN names the index each query reads and the
 * conditions it uses as the index range (the row-value keyset becomes {@code CREATED_AT <=}).
 * H2 reads the range and sorts it (it sorts through an index only when the ORDER BY columns
 * lead the index), so these checks are about which rows are read, not about sort avoidance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2PlanTest {

  private final String url = H2TestDatabases.memoryUrl();
  private HikariDataSource pool;
  private final String tenant = TestRuns.newId();
  private final String app = TestRuns.newId();
  private RunPosition middle;

  @BeforeAll
  void seed() throws SQLException {
    pool = H2TestDatabases.pool(url, null);
    new H2WorkflowRunRepository(pool, true);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      // 20,000 runs: 4 tenants (one of them ours) with the same 5 apps (one of them ours), 2
      // triggers, every status, one run per second: the few-tenants shape the statistics of a
      // real store have (with random tenant ids, ANALYZE makes tenant_id look unique).
      String tenants = "ARRAY[CAST('" + tenant + "' AS UUID), RANDOM_UUID(), RANDOM_UUID(), RANDOM_UUID()]";
      String apps = "ARRAY[CAST('" + app + "' AS UUID), RANDOM_UUID(), RANDOM_UUID(), RANDOM_UUID(), RANDOM_UUID()]";
      s.execute("CREATE TABLE ids AS SELECT " + tenants + " AS t, " + apps + " AS a");
      s.execute("INSERT INTO workflow_runs (id, tenant_id, app_id, workflow_id, type, triggered_from, version,"
          + " status, created_by_role, created_by, created_at)"
          + " SELECT RANDOM_UUID(), t[MOD(X, 4) + 1], a[MOD(X / 4, 5) + 1],"
          + " RANDOM_UUID(), 'workflow', CASE WHEN MOD(X / 20, 2) = 0 THEN 'app-run' ELSE 'debugging' END, 'v',"
          + " ARRAY['running', 'succeeded', 'failed', 'stopped', 'partial-succeeded', 'paused', 'scheduled'][MOD(X, 7) + 1],"
          + " 'account', RANDOM_UUID(), DATEADD(SECOND, X, TIMESTAMP '2025-01-01 00:00:00')"
          + " FROM SYSTEM_RANGE(1, 20000) CROSS JOIN ids");
      s.execute("DROP TABLE ids");
      s.execute("ANALYZE");
      try (ResultSet rs = s.executeQuery("SELECT id, created_at FROM workflow_runs WHERE tenant_id = '" + tenant
          + "' AND app_id = '" + app + "' AND triggered_from = 'app-run' ORDER BY created_at LIMIT 1 OFFSET 200")) {
        assertThat(rs.next()).isTrue();
        middle = new RunPosition(rs.getObject(2, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC), rs.getString(1));
      }
    }
  }

  @AfterAll
  void close() {
    pool.close();
    H2TestDatabases.shutdown(url);
  }

  @Test
  void pagesReadTheTriggerIndexWithTheKeysetAsRange() throws SQLException {
    H2Dialect d = H2Dialect.INSTANCE;
    assertThat(explain(d.selectFilteredPage(new RunFilter(tenant, app, Set.of(TriggeredFrom.APP_RUN), null), null, 21)))
        .contains("WORKFLOW_RUN_TENANT_APP_TRIGGER_CREATED_IDX");
    String after = explain(d.selectFilteredPageAfterRun(new RunFilter(tenant, app, Set.of(TriggeredFrom.APP_RUN), null), middle.id(), 21));
    assertThat(after).containsPattern("WORKFLOW_RUN_TENANT_APP_TRIGGER_CREATED_IDX: [^*]*CREATED_AT <= \\(SELECT")
        .containsPattern("PRIMARY_KEY_\\w*: ID = \\?\\d+");
    RunFilter filter = new RunFilter(tenant, app, Set.of(), null);
    String token = explain(d.selectFilteredPage(filter, middle, 21));
    assertThat(token).containsPattern("WORKFLOW_RUN_TENANT_APP_TRIGGER_CREATED_IDX: [^*]*CREATED_AT <= ");
  }

  @Test
  void statusFilteredPagesReadTheStatusIndex() throws SQLException {
    RunFilter filter = new RunFilter(tenant, app, Set.of(TriggeredFrom.APP_RUN), WorkflowRunStatus.FAILED);
    assertThat(explain(H2Dialect.INSTANCE.selectFilteredPage(filter, middle, 21)))
        .containsPattern("WORKFLOW_RUN_TENANT_APP_TRIGGER_STATUS_CREATED_IDX: [^*]*CREATED_AT <= ");
    assertThat(explain(H2Dialect.INSTANCE.selectFilteredPageAfterRun(filter, middle.id(), 21)))
        .containsPattern("WORKFLOW_RUN_TENANT_APP_TRIGGER_STATUS_CREATED_IDX: [^*]*CREATED_AT <= \\(SELECT")
        .containsPattern("PRIMARY_KEY_\\w*: ID = \\?\\d+");
  }

  @Test
  void expiredBatchReadsTheTenantIndexAndTimeRangeBatchTheCreatedAtIndex() throws SQLException {
    assertThat(explain(H2Dialect.INSTANCE.selectExpired(tenant, TestRuns.BASE.plusSeconds(100), false, 10)))
        .containsPattern("WORKFLOW_RUN_TENANT_CREATED_IDX: TENANT_ID = \\?\\d+ AND CREATED_AT < \\?\\d+");
    Instant from = TestRuns.BASE.plusSeconds(100);
    EndedRunsBatch batch = new EndedRunsBatch(from, from.plusSeconds(500), middle, 10, null, List.of());
    assertThat(explain(H2Dialect.INSTANCE.selectEndedRunsBatch(batch)))
        .containsPattern("WORKFLOW_RUN_CREATED_AT_ID_IDX: [^*]*CREATED_AT");
  }

  /** H2's plan of {@code sql} with its parameters bound (whitespace collapsed). */
  private String explain(Sql sql) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement statement = c.prepareStatement("EXPLAIN " + sql.text())) {
      StatementBinder.bind(statement, H2Dialect.INSTANCE.types(), sql);
      try (ResultSet rs = statement.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1).replaceAll("\\s+", " ");
      }
    }
  }
}
