package dev.runstore.jdbc;

import dev.runstore.api.CreatorRole;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads a row of {@code workflow_runs} (the columns of {@link WorkflowRunColumns#ALL}, by name) as a run. */
public final class RunRowMapper {

  private RunRowMapper() {}

  /**
   * The run of the current row. Nullable integer columns of Dify's table ({@code total_steps},
   * {@code exceptions_count}) read as 0 when NULL.
   *
   * @throws SQLException when a column cannot be read, or holds a value no run can have
   */
  @SuppressWarnings("NullAway") // the constructor rejects NULL in a required column, by name
  public static WorkflowRun map(ResultSet rs, JdbcTypes types) throws SQLException {
    try {
      return new WorkflowRun(
          types.readUuid(rs, "id"),
          types.readUuid(rs, "tenant_id"),
          types.readUuid(rs, "app_id"),
          types.readUuid(rs, "workflow_id"),
          WorkflowType.fromValue(rs.getString("type")),
          TriggeredFrom.fromValue(rs.getString("triggered_from")),
          rs.getString("version"),
          rs.getString("graph"),
          rs.getString("inputs"),
          WorkflowRunStatus.fromValue(rs.getString("status")),
          rs.getString("outputs"),
          rs.getString("error"),
          rs.getDouble("elapsed_time"),
          rs.getLong("total_tokens"),
          rs.getInt("total_steps"),
          CreatorRole.fromValue(rs.getString("created_by_role")),
          types.readUuid(rs, "created_by"),
          types.readInstant(rs, "created_at"),
          types.readInstant(rs, "finished_at"),
          rs.getInt("exceptions_count"));
    } catch (IllegalArgumentException e) {
      // A row written by someone else with a value outside the contract (e.g. an unknown status).
      throw new SQLException(
          "row of " + WorkflowRunColumns.TABLE + " cannot be read as a run: " + e.getMessage(), "22000", e);
    }
  }
}
