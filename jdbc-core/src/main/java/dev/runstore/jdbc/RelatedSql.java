package dev.runstore.jdbc;

import dev.runstore.api.RelatedRows;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The statements of runs with their related rows ({@link JdbcRelated}), the same on every
 * supported database: lookups by {@code workflow_run_id} (offloads through their node execution,
 * pause reasons through their pause), each served by an index Dify ships.
 */
final class RelatedSql {

  /** Column names that are reserved words somewhere (Dify's node executions have {@code index}). */
  private static final Set<String> RESERVED = Set.of("index", "key");

  private RelatedSql() {}

  /** The ids among {@code runIds} of the tenant's runs, in id order, locked when {@code forUpdate}. */
  static Sql ownedRuns(String tenantId, List<String> runIds, boolean forUpdate) {
    Sql.Composer sql = Sql.compose().sql("SELECT id FROM workflow_runs WHERE tenant_id = ?").uuid(tenantId);
    in(sql, " AND id IN (", runIds);
    return sql.sql(forUpdate ? " ORDER BY id FOR UPDATE" : " ORDER BY id").build();
  }

  /** {@code SELECT columns FROM table WHERE workflow_run_id IN (runs)}. */
  static Sql byRun(String table, String columns, List<String> runIds) {
    return in(Sql.compose().sql("SELECT " + columns + " FROM " + table), " WHERE workflow_run_id IN (", runIds).build();
  }

  /** The offloads of the runs' node executions. */
  static Sql offloads(String columns, List<String> runIds) {
    return in(Sql.compose().sql("SELECT " + columns + " FROM workflow_node_execution_offload WHERE node_execution_id IN"
        + " (SELECT id FROM workflow_node_executions"), " WHERE workflow_run_id IN (", runIds).sql(")").build();
  }

  /** The reasons of the runs' pauses. */
  static Sql reasons(String columns, List<String> runIds) {
    return in(Sql.compose().sql("SELECT " + columns + " FROM workflow_pause_reasons WHERE pause_id IN"
        + " (SELECT id FROM workflow_pauses"), " WHERE workflow_run_id IN (", runIds).sql(")").build();
  }

  /** The offloads of these node executions (ids read first: see {@link JdbcRelated}). */
  static Sql deleteOffloadsOf(List<String> nodeExecutionIds) {
    return in(Sql.compose().sql("DELETE FROM workflow_node_execution_offload"), " WHERE node_execution_id IN (",
        nodeExecutionIds).build();
  }

  /** The reasons of these pauses. */
  static Sql deleteReasonsOf(List<String> pauseIds) {
    return in(Sql.compose().sql("DELETE FROM workflow_pause_reasons"), " WHERE pause_id IN (", pauseIds).build();
  }

  static Sql deleteByRun(String table, List<String> runIds) {
    return in(Sql.compose().sql("DELETE FROM " + table), " WHERE workflow_run_id IN (", runIds).build();
  }

  static Sql deleteRuns(String tenantId, List<String> runIds) {
    return in(Sql.compose().sql("DELETE FROM workflow_runs WHERE tenant_id = ?").uuid(tenantId), " AND id IN (", runIds)
        .build();
  }

  /** The ids among {@code ids} present in {@code table}. */
  static Sql existingIds(String table, Sql.Kind idKind, List<String> ids) {
    Sql.Composer sql = Sql.compose().sql("SELECT id FROM " + table + " WHERE id IN (").placeholders(ids.size()).sql(")");
    ids.forEach(id -> sql.param(idKind, id));
    return sql.build();
  }

  /** A multi-row INSERT of {@code rows} into {@code table}, every column bound by its type. */
  static Sql insert(SqlDialect dialect, RelatedRows.Table table, List<List<@Nullable Object>> rows) {
    StringBuilder columns = new StringBuilder();
    for (RelatedRows.Column column : table.columns()) {
      if (columns.length() > 0) {
        columns.append(", ");
      }
      columns.append(RESERVED.contains(column.name()) ? dialect.quote(column.name()) : column.name());
    }
    Sql.Composer sql = Sql.compose().sql("INSERT INTO " + table.name() + " (" + columns + ") VALUES ");
    for (int r = 0; r < rows.size(); r++) {
      sql.sql(r == 0 ? "(" : ", (").placeholders(table.columns().size()).sql(")");
      List<@Nullable Object> row = rows.get(r);
      for (int c = 0; c < table.columns().size(); c++) {
        bind(sql, table.columns().get(c), row.get(c));
      }
    }
    return sql.build();
  }

  private static void bind(Sql.Composer sql, RelatedRows.Column column, @Nullable Object value) {
    switch (column.type()) {
      case TEXT -> sql.param(Sql.Kind.TEXT, value == null ? null : value.toString());
      case UUID -> sql.param(Sql.Kind.UUID, value == null ? null : value.toString());
      case INTEGER -> sql.param(Sql.Kind.INT, value == null ? null : ((Number) value).intValue());
      case BIGINT -> sql.param(Sql.Kind.LONG, value == null ? null : ((Number) value).longValue());
      case DOUBLE -> sql.param(Sql.Kind.DOUBLE, value == null ? null : ((Number) value).doubleValue());
      case TIMESTAMP -> sql.param(Sql.Kind.INSTANT, value);
      case BOOLEAN -> sql.param(Sql.Kind.BOOLEAN, value);
      case BINARY -> sql.param(Sql.Kind.BYTES, value);
    }
  }

  private static Sql.Composer in(Sql.Composer sql, String opening, List<String> runIds) {
    sql.sql(opening).placeholders(runIds.size()).sql(")");
    runIds.forEach(sql::uuid);
    return sql;
  }
}
