package dev.runstore.jdbc;

import dev.runstore.api.CreatorRole;
import dev.runstore.api.RunRef;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a row of {@code workflow_runs} (the columns of {@link WorkflowRunColumns#ALL}, by name) as
 * a run. A value that no enum knows (a Dify newer than this library, a hand-written row) fails
 * the whole read with a {@link UnreadableValueException} naming the column, the run and the
 * value: a page is never silently shortened by dropping the row.
 */
public final class RunRowMapper {

  private RunRowMapper() {}

  /**
   * The run of the current row. Nullable integer columns of Dify's table ({@code total_steps},
   * {@code exceptions_count}) read as 0 when NULL; Dify's legacy creator role {@code end-user}
   * reads as {@link CreatorRole#END_USER}, as Dify reads it.
   *
   * @throws SQLException when a column cannot be read, or holds a value no run can have
   */
  @SuppressWarnings("NullAway") // the constructor rejects NULL in a required column, by name
  public static WorkflowRun map(ResultSet rs, JdbcTypes types) throws SQLException {
    String id = types.readUuid(rs, "id");
    String shownId = id == null ? "?" : id;
    try {
      return new WorkflowRun(
          id,
          types.readUuid(rs, "tenant_id"),
          types.readUuid(rs, "app_id"),
          types.readUuid(rs, "workflow_id"),
          decode(rs, "type", shownId, WorkflowType::fromValue),
          decode(rs, "triggered_from", shownId, TriggeredFrom::fromValue),
          rs.getString("version"),
          rs.getString("graph"),
          rs.getString("inputs"),
          decode(rs, "status", shownId, WorkflowRunStatus::fromValue),
          rs.getString("outputs"),
          rs.getString("error"),
          rs.getDouble("elapsed_time"),
          rs.getLong("total_tokens"),
          rs.getInt("total_steps"),
          decode(rs, "created_by_role", shownId, RunRowMapper::creatorRole),
          types.readUuid(rs, "created_by"),
          types.readInstant(rs, "created_at"),
          types.readInstant(rs, "finished_at"),
          rs.getInt("exceptions_count"));
    } catch (IllegalArgumentException e) {
      // A row written by someone else outside the contract (a NULL where a run has a value, ...).
      throw new UnreadableValueException(
          "row of " + WorkflowRunColumns.TABLE + " with id " + shownId + " cannot be read as a run: " + e.getMessage(), e);
    }
  }

  /** The id, tenant and creation time of the current row (the columns of a cleanup-refs scan). */
  @SuppressWarnings("NullAway") // the constructor rejects NULL by name
  public static RunRef mapRef(ResultSet rs, JdbcTypes types) throws SQLException {
    try {
      return new RunRef(types.readUuid(rs, "id"), types.readUuid(rs, "tenant_id"), types.readInstant(rs, "created_at"));
    } catch (IllegalArgumentException e) {
      throw new UnreadableValueException("row of " + WorkflowRunColumns.TABLE + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static CreatorRole creatorRole(String value) {
    return "end-user".equals(value) ? CreatorRole.END_USER : CreatorRole.fromValue(value);
  }

  /**
   * The enum constant stored in {@code column} of the run {@code runId}.
   *
   * @throws UnreadableValueException naming the column, the run and the value when no constant has it
   */
  static <E> E decode(ResultSet rs, String column, String runId, Function<String, E> fromValue) throws SQLException {
    String value = rs.getString(column);
    try {
      return fromValue.apply(value);
    } catch (IllegalArgumentException e) {
      throw new UnreadableValueException(WorkflowRunColumns.TABLE + "." + column + " of run " + runId + " holds "
          + (value == null ? "NULL" : "'" + clip(value) + "'") + ", which runstore does not know", e);
    }
  }

  private static String clip(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "...";
  }

  /**
   * A stored value that cannot be read; its message (column, run, value) is carried into the
   * {@link dev.runstore.api.DataAccessException}'s message.
   */
  public static final class UnreadableValueException extends SQLException {
    private static final long serialVersionUID = 1L;

    /** A value of a row that no run can have. */
    public UnreadableValueException(String message, @Nullable Throwable cause) {
      super(message, "22000", cause);
    }
  }
}
