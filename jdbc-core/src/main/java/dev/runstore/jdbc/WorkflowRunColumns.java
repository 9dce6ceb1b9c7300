package dev.runstore.jdbc;

import java.util.List;

/** Column names of Dify's {@code workflow_runs} table, shared by every dialect. */
public final class WorkflowRunColumns {

  /** The table name. */
  public static final String TABLE = "workflow_runs";

  /** The 20 columns the repository writes and reads, in {@link dev.runstore.api.WorkflowRun} component order. */
  public static final List<String> ALL = List.of(
      "id", "tenant_id", "app_id", "workflow_id", "type", "triggered_from", "version", "graph",
      "inputs", "status", "outputs", "error", "elapsed_time", "total_tokens", "total_steps",
      "created_by_role", "created_by", "created_at", "finished_at", "exceptions_count");

  /** {@link #ALL} joined with {@code ", "}, for select lists and insert column lists. */
  public static final String SELECT_LIST = String.join(", ", ALL);

  /** The marker column of paging statements: 1 on the cursor's own row, 0 on page rows. */
  public static final String IS_CURSOR = "is_cursor";

  private WorkflowRunColumns() {}

  /** {@link #ALL} with each column prefixed by {@code alias.}. */
  public static String selectList(String alias) {
    StringBuilder sb = new StringBuilder();
    for (String column : ALL) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(alias).append('.').append(column);
    }
    return sb.toString();
  }
}
