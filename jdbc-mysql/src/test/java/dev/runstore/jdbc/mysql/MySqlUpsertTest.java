package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The upsert's refusal signal ({@code LAST_INSERT_ID(nonce)}, read back as a generated key or from the session) under
 * both meanings of the update count: Connector/J's default (found rows: an unchanged row counts
 * 1, like an insert) and {@code useAffectedRows=true} (an unchanged row counts 0, like a refusal).
 * Pools of one connection, so every statement runs on the session that ran the previous one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlUpsertTest {

  private final MySqlTestServers.Server server = MySqlTestServers.server();
  private final HikariDataSource foundRows = onePool("upsert-found-rows");
  private final HikariDataSource affectedRows = onePool("upsert-affected-rows", "useAffectedRows=true");

  private HikariDataSource onePool(String name, String... properties) {
    HikariDataSource pool = server.pool(name, properties);
    pool.setMaximumPoolSize(1);
    return pool;
  }

  @AfterAll
  void close() {
    foundRows.close();
    affectedRows.close();
  }

  private HikariDataSource pool(boolean useAffectedRows) {
    return useAffectedRows ? affectedRows : foundRows;
  }

  @ParameterizedTest(name = "useAffectedRows={0}")
  @ValueSource(booleans = {false, true})
  void insertUpdateUnchangedAndRefusedAreToldApart(boolean useAffectedRows) throws Exception {
    MySqlWorkflowRunRepository repo = new MySqlWorkflowRunRepository(pool(useAffectedRows), true);
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun run = TestRuns.run(tenant, app).status(WorkflowRunStatus.RUNNING).finishedAt(null).build();

    repo.save(run); // insert
    repo.save(run); // same values: no change, yet not a refusal
    WorkflowRun finished = run.toBuilder().status(WorkflowRunStatus.SUCCEEDED)
        .finishedAt(run.createdAt().plusSeconds(3)).totalTokens(99).build();
    repo.save(finished); // update in place
    assertThat(repo.getWorkflowRunById(tenant, app, run.id())).contains(finished);

    Map<String, String> before = rawRow(run.id());
    WorkflowRun otherTenant = finished.toBuilder().tenantId(TestRuns.newId()).graph("{\"stolen\":true}").build();
    WorkflowRun otherApp = finished.toBuilder().appId(TestRuns.newId()).status(WorkflowRunStatus.FAILED).build();
    assertThatThrownBy(() -> repo.save(otherTenant)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(run.id());
    assertThatThrownBy(() -> repo.save(otherApp)).isInstanceOf(IllegalArgumentException.class);
    assertThat(rawRow(run.id())).isEqualTo(before);

    // The session still holds LAST_INSERT_ID() = 1 from the refusal: a later insert and a later
    // unchanged save on the same connection must not be taken for refusals.
    WorkflowRun next = TestRuns.run(tenant, app).build();
    repo.save(next);
    repo.save(next);
    repo.save(finished);
    assertThat(repo.getWorkflowRunById(tenant, app, next.id())).contains(next);
    assertThat(repo.getWorkflowRunById(tenant, app, run.id())).contains(finished);
  }

  @ParameterizedTest(name = "useAffectedRows={0}")
  @ValueSource(booleans = {false, true})
  void refusedExecutionSaveLeavesTheRowAsItWas(boolean useAffectedRows) throws Exception {
    MySqlWorkflowRunRepository repo = new MySqlWorkflowRunRepository(pool(useAffectedRows), true);
    WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();
    repo.save(run);
    Map<String, String> before = rawRow(run.id());
    var context = new dev.runstore.api.ExecutionContext(
        TestRuns.newId(), run.appId(), run.createdByRole(), run.createdBy(), run.triggeredFrom());
    var execution = dev.runstore.api.WorkflowExecution.start(
        run.id(), run.workflowId(), "v2", run.type(), "{}", "{}", run.createdAt());
    assertThatThrownBy(() -> repo.executions(context).save(execution)).isInstanceOf(IllegalArgumentException.class);
    assertThat(rawRow(run.id())).isEqualTo(before);
  }

  /** Every column of the stored row as the server renders it. */
  private Map<String, String> rawRow(String id) throws Exception {
    try (Connection c = foundRows.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT * FROM workflow_runs WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        List<Map<String, String>> rows = MySqlTests.rows(rs);
        assertThat(rows).hasSize(1);
        return rows.get(0);
      }
    }
  }
}
