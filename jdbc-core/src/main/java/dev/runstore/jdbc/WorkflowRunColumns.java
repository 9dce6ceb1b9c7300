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

  /**
   * The columns an upsert's update sets: all but {@code id}, {@code tenant_id} and {@code app_id}
   * (a run never moves), and without {@code created_at} when {@code keepCreatedAt}.
   */
  public static List<String> updated(boolean keepCreatedAt) {
    return ALL.stream()
        .filter(c -> !c.equals("id") && !c.equals("tenant_id") && !c.equals("app_id"))
        .filter(c -> !keepCreatedAt || !c.equals("created_at"))
        .toList();
  }

  /** {@link #ALL} joined with {@code ", "}, for select lists and insert column lists. */
  public static final String SELECT_LIST = String.join(", ", ALL);

  /** The marker column of paging statements: 1 on the cursor's own row, 0 on page rows. */
  public static final String IS_CURSOR = "is_cursor";

  /** The stored values of the ended statuses ({@link dev.runstore.api.WorkflowRunStatus#isEnded()}). */
  public static final List<String> ENDED_STATUSES = java.util.Arrays.stream(dev.runstore.api.WorkflowRunStatus.values())
      .filter(dev.runstore.api.WorkflowRunStatus::isEnded)
      .map(dev.runstore.api.WorkflowRunStatus::value)
      .toList();

  /**
   * {@link #ENDED_STATUSES} as a SQL list of string literals, e.g.
   * {@code 'succeeded', 'failed', ...}, for {@code status IN (...)} (constants, never user input).
   */
  public static final String ENDED_STATUSES_SQL = ENDED_STATUSES.stream()
      .map(s -> "'" + s + "'")
      .collect(java.util.stream.Collectors.joining(", "));

  /** Result column of {@link SqlDialect#countByStatus}: the stored status. */
  public static final String STATUS = "status";

  /** Result column of {@link SqlDialect#countByStatus} and {@link SqlDialect#selectDailyStatistics}: number of runs. */
  public static final String RUNS = "runs";

  /** Result column of {@link SqlDialect#selectDailyStatistics}: the calendar day. */
  public static final String DAY = "day";

  /** Result column of {@link SqlDialect#selectDailyStatistics}: distinct {@code created_by}. */
  public static final String CREATORS = "creators";

  /** Result column of {@link SqlDialect#selectDailyStatistics}: sum of {@code total_tokens}. */
  public static final String TOKENS = "tokens";

  /** Result column of {@link SqlDialect#selectCreatedAtRange}: the earliest {@code created_at}. */
  public static final String FIRST_CREATED_AT = "first_created_at";

  /** Result column of {@link SqlDialect#selectCreatedAtRange}: the latest {@code created_at}. */
  public static final String LAST_CREATED_AT = "last_created_at";

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
