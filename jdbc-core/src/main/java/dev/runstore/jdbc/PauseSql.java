package dev.runstore.jdbc;

import dev.runstore.api.PauseReason;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The statements of pauses ({@code workflow_pauses}, {@code workflow_pause_reasons} with Dify's
 * columns) and of runstore's pause state table: the same text on every supported database but
 * for the quoting of the state table's {@code key} column.
 */
final class PauseSql {

  /** A pause row joined with its run (for the tenant). */
  static final String PAUSE_COLUMNS =
      "p.id, p.workflow_id, p.workflow_run_id, p.state_object_key, p.resumed_at, p.created_at, r.tenant_id";

  private static final String PAUSE_OF_RUN_IN_TENANT = "SELECT " + PAUSE_COLUMNS
      + " FROM workflow_pauses p JOIN workflow_runs r ON r.id = p.workflow_run_id";

  /** Reasons ids are UUIDv7s written in the order given. */
  private static final int MAX_REASONS_PER_INSERT = 1000;

  private PauseSql() {}

  /** The run's status and workflow, locked for the transaction. */
  static Sql lockRun(String tenantId, String runId) {
    return Sql.of("SELECT status, workflow_id FROM workflow_runs WHERE id = ? AND tenant_id = ? FOR UPDATE")
        .uuid(runId).uuid(tenantId).build();
  }

  /** The run's pause row alone (its run is locked already): id, state_object_key, resumed_at. */
  static Sql pauseOfRun(String runId) {
    return Sql.of("SELECT id, state_object_key, resumed_at FROM workflow_pauses WHERE workflow_run_id = ?")
        .uuid(runId).build();
  }

  /** The run's pause when the run belongs to the tenant ({@link #PAUSE_COLUMNS}). */
  static Sql pauseInTenant(String tenantId, String runId) {
    return Sql.of(PAUSE_OF_RUN_IN_TENANT + " WHERE p.workflow_run_id = ? AND r.tenant_id = ?")
        .uuid(runId).uuid(tenantId).build();
  }

  /** The pause with this id when its run belongs to the tenant ({@link #PAUSE_COLUMNS}). */
  static Sql pauseByIdInTenant(String tenantId, String pauseId) {
    return Sql.of(PAUSE_OF_RUN_IN_TENANT + " WHERE p.id = ? AND r.tenant_id = ?").uuid(pauseId).uuid(tenantId).build();
  }

  /** A pause's reasons in id (= given) order. */
  static Sql reasons(String pauseId) {
    return Sql.of("SELECT type_, form_id, node_id, message FROM workflow_pause_reasons WHERE pause_id = ? ORDER BY id")
        .uuid(pauseId).build();
  }

  static Sql deleteReasons(String pauseId) {
    return Sql.of("DELETE FROM workflow_pause_reasons WHERE pause_id = ?").uuid(pauseId).build();
  }

  static Sql deletePause(String pauseId) {
    return Sql.of("DELETE FROM workflow_pauses WHERE id = ?").uuid(pauseId).build();
  }

  static Sql insertPause(String pauseId, String workflowId, String runId, String stateKey, Instant createdAt) {
    return Sql.of("INSERT INTO workflow_pauses (id, workflow_id, workflow_run_id, resumed_at, state_object_key,"
            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .uuid(pauseId).uuid(workflowId).uuid(runId).instant(null).text(stateKey).instant(createdAt).instant(createdAt)
        .build();
  }

  /** Multi-row inserts of the reasons, at most {@value #MAX_REASONS_PER_INSERT} rows each. */
  static List<Sql> insertReasons(String pauseId, Instant createdAt, List<PauseReason> reasons, List<String> ids) {
    List<Sql> statements = new java.util.ArrayList<>();
    for (int from = 0; from < reasons.size(); from += MAX_REASONS_PER_INSERT) {
      int to = Math.min(reasons.size(), from + MAX_REASONS_PER_INSERT);
      Sql.Composer sql = Sql.compose().sql(
          "INSERT INTO workflow_pause_reasons (id, created_at, updated_at, pause_id, type_, form_id, node_id, message)"
              + " VALUES ");
      for (int i = from; i < to; i++) {
        PauseReason reason = reasons.get(i);
        sql.sql(i == from ? "(?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?)")
            .uuid(ids.get(i)).instant(createdAt).instant(createdAt).uuid(pauseId)
            .text(reason.type().value()).text(reason.formId()).text(reason.nodeId()).text(reason.message());
      }
      statements.add(sql.build());
    }
    return statements;
  }

  static Sql setRunStatus(String runId, WorkflowRunStatus status) {
    return Sql.of("UPDATE workflow_runs SET status = ? WHERE id = ?").text(status.value()).uuid(runId).build();
  }

  static Sql resume(String pauseId, Instant now) {
    return Sql.of("UPDATE workflow_pauses SET resumed_at = ?, updated_at = ? WHERE id = ?")
        .instant(now).instant(now).uuid(pauseId).build();
  }

  /** Pauses created before / resumed before the bounds (a null bound: no pause by that rule), oldest first. */
  static Sql prunable(@Nullable Instant createdBefore, @Nullable Instant resumedBefore, int limit) {
    Sql.Composer sql = Sql.compose().sql("SELECT id, workflow_run_id, state_object_key FROM workflow_pauses WHERE ");
    if (createdBefore != null && resumedBefore != null) {
      sql.sql("created_at < ? OR (resumed_at IS NOT NULL AND resumed_at < ?)").instant(createdBefore).instant(resumedBefore);
    } else if (createdBefore != null) {
      sql.sql("created_at < ?").instant(createdBefore);
    } else if (resumedBefore != null) {
      sql.sql("resumed_at IS NOT NULL AND resumed_at < ?").instant(resumedBefore);
    } else {
      sql.sql("1 = 0");
    }
    return sql.sql(" ORDER BY created_at, id LIMIT ?").integer(limit).build();
  }

  // ---------------------------------------------------------------- runstore's pause state table

  static Sql selectState(SqlDialect dialect, String key) {
    return Sql.of("SELECT state FROM workflow_pause_states WHERE " + dialect.quote("key") + " = ?").text(key).build();
  }

  static Sql deleteState(SqlDialect dialect, String key) {
    return Sql.of("DELETE FROM workflow_pause_states WHERE " + dialect.quote("key") + " = ?").text(key).build();
  }

  static Sql insertState(SqlDialect dialect, String key, byte[] state) {
    return Sql.of("INSERT INTO workflow_pause_states (" + dialect.quote("key") + ", state) VALUES (?, ?)")
        .text(key).bytes(state).build();
  }
}
