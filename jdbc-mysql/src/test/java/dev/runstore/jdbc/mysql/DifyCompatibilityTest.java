package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The repository on a {@code workflow_runs} table as Dify's MySQL migration creates it
 * ({@code CHAR(36)} ids, {@code DATETIME} without fractions, {@code LONGTEXT}, nullable integer
 * columns, only Dify's {@code (tenant_id, app_id, triggered_from)} index, server default
 * character set), holding second-precision rows written as Dify writes them, in a database of
 * its own: read, page and delete with {@code runstore.schema.create=false}, then the schema
 * script over that table (idempotent, adds the missing indexes, keeps the rows).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DifyCompatibilityTest {

  /** Dify's table, as its MySQL migration leaves it. */
  static final String DIFY_DDL = "CREATE TABLE workflow_runs ("
      + " id CHAR(36) NOT NULL,"
      + " tenant_id CHAR(36) NOT NULL,"
      + " app_id CHAR(36) NOT NULL,"
      + " workflow_id CHAR(36) NOT NULL,"
      + " type VARCHAR(255) NOT NULL,"
      + " triggered_from VARCHAR(255) NOT NULL,"
      + " version VARCHAR(255) NOT NULL,"
      + " graph LONGTEXT,"
      + " inputs LONGTEXT,"
      + " status VARCHAR(255) NOT NULL,"
      + " outputs LONGTEXT,"
      + " error LONGTEXT,"
      + " elapsed_time DOUBLE NOT NULL DEFAULT 0,"
      + " total_tokens BIGINT NOT NULL DEFAULT 0,"
      + " total_steps INT DEFAULT 0,"
      + " created_by_role VARCHAR(255) NOT NULL,"
      + " created_by CHAR(36) NOT NULL,"
      + " created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,"
      + " finished_at DATETIME,"
      + " exceptions_count INT DEFAULT 0,"
      + " CONSTRAINT workflow_run_pkey PRIMARY KEY (id),"
      + " KEY workflow_run_triggerd_from_idx (tenant_id, app_id, triggered_from)"
      + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

  private static final int RUNS = 57;

  private final String database = "runstore_dify_" + UUID.randomUUID().toString().substring(0, 8);
  private final String tenant = TestRuns.newId();
  private final String app = TestRuns.newId();
  private final List<String> ids = new ArrayList<>();
  private MySqlTestServers.Server server;
  private HikariDataSource pool;

  @BeforeAll
  void createDifyTable() throws Exception {
    server = MySqlTestServers.server().withDatabase(database);
    pool = server.pool("dify");
    try (Connection c = pool.getConnection()) {
      MySqlTests.execute(c, DIFY_DDL);
      // Dify's rows: second precision, several per second (ties), NULL total_steps and
      // exceptions_count (older Dify rows), one run of another trigger and another app.
      String insert = "INSERT INTO workflow_runs (id, tenant_id, app_id, workflow_id, type, triggered_from,"
          + " version, graph, inputs, status, outputs, error, elapsed_time, total_tokens, total_steps,"
          + " created_by_role, created_by, created_at, finished_at, exceptions_count)"
          + " VALUES (?, ?, ?, ?, 'workflow', ?, 'draft', '{\"nodes\":[]}', '{}', 'succeeded', '{}', NULL, 2.25,"
          + " 7, NULL, 'end_user', ?, ?, ?, NULL)";
      for (int i = 0; i < RUNS + 2; i++) {
        try (PreparedStatement s = c.prepareStatement(insert)) {
          String id = UUID.randomUUID().toString();
          s.setString(1, id);
          s.setString(2, tenant);
          s.setString(3, i == RUNS + 1 ? TestRuns.newId() : app);
          s.setString(4, TestRuns.newId());
          s.setString(5, i == RUNS ? "debugging" : "app-run");
          s.setString(6, TestRuns.newId());
          s.setString(7, String.format(Locale.ROOT, "2025-03-01 10:%02d:%02d", i / 20, (i / 3) % 60));
          s.setString(8, String.format(Locale.ROOT, "2025-03-01 11:%02d:%02d", i / 20, (i / 3) % 60));
          s.executeUpdate();
          if (i < RUNS) {
            ids.add(id);
          }
        }
      }
    }
  }

  @AfterAll
  void dropDatabase() throws Exception {
    if (pool != null) {
      pool.close();
    }
    if (server != null) {
      try (Connection c = MySqlTestServers.server().connect()) {
        MySqlTests.execute(c, "DROP DATABASE IF EXISTS " + database);
      }
    }
  }

  @Test
  void readsPagesAndDeletesDifyRowsWithoutTouchingTheSchema() throws Exception {
    MySqlWorkflowRunRepository repo = new MySqlWorkflowRunRepository(pool);

    WorkflowRun one = repo.getWorkflowRunById(tenant, app, ids.get(5)).orElseThrow();
    assertThat(one.createdAt()).isEqualTo(Instant.parse("2025-03-01T10:00:01Z"));
    assertThat(one.finishedAt()).isEqualTo(Instant.parse("2025-03-01T11:00:01Z"));
    assertThat(one.totalSteps()).isZero();
    assertThat(one.exceptionsCount()).isZero();
    assertThat(one.elapsedTime()).isEqualTo(2.25);

    // pages of 5 through runs that share their second: none skipped, none repeated
    List<WorkflowRun> all = new ArrayList<>();
    String cursor = null;
    InfiniteScrollPagination<WorkflowRun> page;
    do {
      page = repo.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 5, cursor);
      all.addAll(page.data());
      cursor = page.data().isEmpty() ? null : page.data().get(page.data().size() - 1).id();
    } while (page.hasMore());
    assertThat(all).extracting(WorkflowRun::id).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(all).isSortedAccordingTo(
        Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id).reversed());

    assertThat(repo.getExpiredRunsBatch(tenant, Instant.parse("2025-03-01T10:00:02Z"), 100)).hasSize(6);

    // a run saved by runstore into Dify's table, at second precision, reads back equal
    WorkflowRun saved = TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, Instant.parse("2025-03-01T12:00:00Z"));
    repo.save(saved);
    assertThat(repo.getWorkflowRunById(tenant, app, saved.id())).contains(saved);

    assertThat(repo.deleteRunsByIds(List.of(ids.get(0), ids.get(1)))).isEqualTo(2);
    assertThat(repo.deleteRunsByApp(tenant, app, 7)).isEqualTo(RUNS - 2 + 1 + 1);
    try (Connection c = pool.getConnection()) {
      assertThat(MySqlTests.countApp(c, tenant, app)).isZero();
      assertThat(MySqlTests.scalar(c, "SELECT COUNT(*) FROM workflow_runs WHERE tenant_id = '" + tenant + "'")).isEqualTo("1");
    }
  }

  @Test
  void schemaScriptOverDifysTableIsIdempotentAndAddsTheIndexes() throws Exception {
    try (Connection c = pool.getConnection()) {
      long before = Long.parseLong(MySqlTests.scalar(c, "SELECT COUNT(*) FROM workflow_runs"));
      new MySqlWorkflowRunRepository(pool, true);
      new MySqlWorkflowRunRepository(pool, true);
      assertThat(Long.parseLong(MySqlTests.scalar(c, "SELECT COUNT(*) FROM workflow_runs"))).isEqualTo(before);
      assertThat(MySqlTests.query(c, "SELECT DISTINCT index_name FROM information_schema.statistics"
              + " WHERE table_schema = DATABASE() AND table_name = 'workflow_runs'"))
          .extracting(row -> row.values().iterator().next())
          .contains("workflow_run_triggerd_from_idx", MySqlDialect.APP_INDEX, MySqlDialect.TENANT_INDEX,
              MySqlDialect.STATUS_INDEX, MySqlDialect.CREATED_INDEX);
      // Dify's column types are left as they were
      assertThat(MySqlTests.scalar(c, "SELECT column_type FROM information_schema.columns"
          + " WHERE table_schema = DATABASE() AND table_name = 'workflow_runs' AND column_name = 'created_at'"))
          .isEqualToIgnoringCase("datetime");
    }
  }
}
