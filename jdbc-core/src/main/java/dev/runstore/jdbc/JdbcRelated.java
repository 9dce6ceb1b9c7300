package dev.runstore.jdbc;

import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.RelatedRows.ColumnType;
import dev.runstore.store.RelatedDeletion;
import dev.runstore.store.RelatedRowsMerger;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs with their related rows, for {@link JdbcRunStore}: Dify's node executions (and their
 * offloads), app logs, trigger logs, pauses (and their reasons), found by {@code workflow_run_id}
 * (offloads by {@code node_execution_id}, reasons by {@code pause_id}). Which of these tables exist
 * is read from the database's catalog once, at the first call that needs it; an absent table
 * counts 0. Every statement names the run ids it works on, never a tenant-less scan: runs of
 * another tenant are filtered out first, under a row lock when deleting.
 */
final class JdbcRelated {

  private static final String NODE_EXECUTIONS = "workflow_node_executions";
  private static final String OFFLOADS = "workflow_node_execution_offload";
  private static final String APP_LOGS = "workflow_app_logs";
  private static final String TRIGGER_LOGS = "workflow_trigger_logs";
  private static final String PAUSES = "workflow_pauses";
  private static final String REASONS = "workflow_pause_reasons";

  /** Rows per restoring INSERT (23 columns for node executions: far below 65,535 parameters). */
  private static final int ROWS_PER_INSERT = 500;

  private final JdbcExecutor executor;
  private final boolean enabled;
  private volatile @Nullable Set<String> present;

  /** Related rows through {@code executor}; none at all when {@code enabled} is false (runs only). */
  JdbcRelated(JdbcExecutor executor, boolean enabled) {
    this.executor = executor;
    this.enabled = enabled;
  }

  // ---------------------------------------------------------------- count and delete

  RelatedCounts count(String tenantId, List<String> runIds) {
    Sql owned = RelatedSql.ownedRuns(tenantId, runIds, false);
    return executor.transaction("countRunsWithRelated", owned, session -> {
      List<String> runs = session.query(owned, this::ids);
      if (runs.isEmpty()) {
        return RelatedCounts.ZERO;
      }
      Set<String> tables = tables(session);
      lookupSettings(session);
      return new RelatedCounts(runs.size(),
          count(session, tables, NODE_EXECUTIONS, RelatedSql.byRun(NODE_EXECUTIONS, "COUNT(*)", runs)),
          count(session, tables, OFFLOADS, RelatedSql.offloads("COUNT(*)", runs), NODE_EXECUTIONS),
          count(session, tables, APP_LOGS, RelatedSql.byRun(APP_LOGS, "COUNT(*)", runs)),
          count(session, tables, TRIGGER_LOGS, RelatedSql.byRun(TRIGGER_LOGS, "COUNT(*)", runs)),
          count(session, tables, PAUSES, RelatedSql.byRun(PAUSES, "COUNT(*)", runs)),
          count(session, tables, REASONS, RelatedSql.reasons("COUNT(*)", runs), PAUSES));
    });
  }

  RelatedDeletion delete(String tenantId, List<String> runIds) {
    Sql lock = RelatedSql.ownedRuns(tenantId, runIds, true);
    return executor.transaction("deleteRunsWithRelated", lock, session -> {
      // Locked in id order (the front sorts the ids): concurrent deleters wait instead of counting twice.
      List<String> runs = session.query(lock, this::ids);
      if (runs.isEmpty()) {
        return new RelatedDeletion(RelatedCounts.ZERO, List.of());
      }
      Set<String> tables = tables(session);
      lookupSettings(session);
      // Offloads and reasons are deleted by the ids of their parents, read first (as Dify reads
      // pause ids): MariaDB runs DELETE ... WHERE x IN (SELECT ...) as a dependent subquery,
      // a full scan of the table per chunk; by ids it is a lookup in Dify's index.
      List<String> nodeExecutionIds = has(tables, OFFLOADS, NODE_EXECUTIONS)
          ? session.query(RelatedSql.byRun(NODE_EXECUTIONS, "id", runs), JdbcRelated.this::ids)
          : List.of();
      List<String> pauseIds = new ArrayList<>();
      List<String> stateKeys = new ArrayList<>();
      if (tables.contains(PAUSES)) {
        session.query(RelatedSql.byRun(PAUSES, "id, state_object_key", runs), rs -> {
          while (rs.next()) {
            String pauseId = executor.dialect().types().readUuid(rs, rs.getMetaData().getColumnLabel(1));
            String key = rs.getString(2);
            if (pauseId != null && key != null) { // both NOT NULL in Dify's DDL
              pauseIds.add(pauseId);
              stateKeys.add(key);
            }
          }
          return pauseIds.size();
        });
      }
      // Dify's order: offloads, node executions, app logs, pause reasons, pauses, trigger logs, runs.
      long offloads = 0;
      for (List<String> batch : batches(nodeExecutionIds)) {
        offloads += session.update(RelatedSql.deleteOffloadsOf(batch));
      }
      long nodeExecutions = delete(session, tables, NODE_EXECUTIONS, RelatedSql.deleteByRun(NODE_EXECUTIONS, runs));
      long appLogs = delete(session, tables, APP_LOGS, RelatedSql.deleteByRun(APP_LOGS, runs));
      long reasons = 0;
      if (tables.contains(REASONS)) {
        for (List<String> batch : batches(pauseIds)) {
          reasons += session.update(RelatedSql.deleteReasonsOf(batch));
        }
      }
      long pauses = delete(session, tables, PAUSES, RelatedSql.deleteByRun(PAUSES, runs));
      long triggerLogs = delete(session, tables, TRIGGER_LOGS, RelatedSql.deleteByRun(TRIGGER_LOGS, runs));
      long deletedRuns = session.update(RelatedSql.deleteRuns(tenantId, runs));
      return new RelatedDeletion(
          new RelatedCounts(deletedRuns, nodeExecutions, offloads, appLogs, triggerLogs, pauses, reasons), stateKeys);
    });
  }

  /** The dialect's settings for lookups by run ids, for the rest of this transaction. */
  private void lookupSettings(JdbcExecutor.Session session) throws SQLException {
    for (String setting : executor.dialect().relatedLookupSettings()) {
      session.update(Sql.of(setting).build());
    }
  }

  /** {@code ids} in lists of at most {@value #ROWS_PER_INSERT} (bind parameters per statement stay few). */
  private static List<List<String>> batches(List<String> ids) {
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += ROWS_PER_INSERT) {
      batches.add(ids.subList(from, Math.min(ids.size(), from + ROWS_PER_INSERT)));
    }
    return batches;
  }

  private static long count(JdbcExecutor.Session session, Set<String> tables, String table, Sql sql, String... needs)
      throws SQLException {
    if (!has(tables, table, needs)) {
      return 0;
    }
    return session.query(sql, rs -> rs.next() ? rs.getLong(1) : 0L);
  }

  private static long delete(JdbcExecutor.Session session, Set<String> tables, String table, Sql sql, String... needs)
      throws SQLException {
    return has(tables, table, needs) ? session.update(sql) : 0;
  }

  private static boolean has(Set<String> tables, String table, String... needs) {
    if (!tables.contains(table)) {
      return false;
    }
    for (String need : needs) {
      if (!tables.contains(need)) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- read and restore (backups)

  RelatedRows read(String tenantId, List<String> runIds) {
    Sql owned = RelatedSql.ownedRuns(tenantId, runIds, false);
    return executor.transaction("readRelatedRows", owned, session -> {
      List<String> runs = session.query(owned, this::ids);
      if (runs.isEmpty()) {
        return RelatedRows.NONE;
      }
      Set<String> tables = tables(session);
      lookupSettings(session);
      List<RelatedRows.Table> read = new ArrayList<>();
      for (String table : RelatedRowsMerger.RESTORE_ORDER) {
        Sql sql = switch (table) {
          case OFFLOADS -> has(tables, OFFLOADS, NODE_EXECUTIONS) ? RelatedSql.offloads("*", runs) : null;
          case REASONS -> has(tables, REASONS, PAUSES) ? RelatedSql.reasons("*", runs) : null;
          default -> tables.contains(table) ? RelatedSql.byRun(table, "*", runs) : null;
        };
        if (sql != null) {
          RelatedRows.Table rows = byId(session.query(sql, rs -> table(table, rs)));
          if (!rows.rows().isEmpty()) {
            read.add(rows);
          }
        }
      }
      return new RelatedRows(read, java.util.Map.of());
    });
  }

  /**
   * The rows in id order, for a deterministic backup: sorted here, not by an ORDER BY, which
   * PostgreSQL without statistics (and with sequential scans off) may serve by walking the whole
   * primary key instead of the {@code workflow_run_id} index plus a sort of a few thousand rows.
   * Ids are canonical lower-case UUIDs, so this is the order the databases' ORDER BY id gave.
   */
  private static RelatedRows.Table byId(RelatedRows.Table table) {
    int id = RelatedRowsMerger.column(table, "id");
    List<List<@Nullable Object>> rows = new ArrayList<>(table.rows());
    rows.sort(java.util.Comparator.comparing(row -> String.valueOf(row.get(id)), String.CASE_INSENSITIVE_ORDER));
    return new RelatedRows.Table(table.name(), table.columns(), rows);
  }

  /** Every row of {@code rs} with its columns typed from the result's metadata. */
  private RelatedRows.Table table(String name, ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<RelatedRows.Column> columns = new ArrayList<>(meta.getColumnCount());
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.add(new RelatedRows.Column(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), typeOf(meta, i)));
    }
    JdbcTypes types = executor.dialect().types();
    List<List<@Nullable Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<@Nullable Object> row = new ArrayList<>(columns.size());
      for (int i = 0; i < columns.size(); i++) {
        row.add(value(rs, i + 1, columns.get(i), types));
      }
      rows.add(row);
    }
    return new RelatedRows.Table(name, columns, rows);
  }

  private static ColumnType typeOf(ResultSetMetaData meta, int column) throws SQLException {
    if ("uuid".equalsIgnoreCase(meta.getColumnTypeName(column))) {
      return ColumnType.UUID;
    }
    return switch (meta.getColumnType(column)) {
      case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> ColumnType.INTEGER;
      case Types.BIGINT -> ColumnType.BIGINT;
      case Types.DOUBLE, Types.FLOAT, Types.REAL, Types.DECIMAL, Types.NUMERIC -> ColumnType.DOUBLE;
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE -> ColumnType.TIMESTAMP;
      case Types.BOOLEAN, Types.BIT -> ColumnType.BOOLEAN;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> ColumnType.BINARY;
      default -> ColumnType.TEXT;
    };
  }

  private static @Nullable Object value(ResultSet rs, int index, RelatedRows.Column column, JdbcTypes types)
      throws SQLException {
    Object value = switch (column.type()) {
      case TEXT -> rs.getString(index);
      case UUID -> {
        String uuid = rs.getString(index);
        yield uuid == null ? null : uuid.toLowerCase(Locale.ROOT);
      }
      case INTEGER -> rs.getInt(index);
      case BIGINT -> rs.getLong(index);
      case DOUBLE -> rs.getDouble(index);
      case TIMESTAMP -> types.readInstant(rs, rs.getMetaData().getColumnLabel(index));
      case BOOLEAN -> rs.getBoolean(index);
      case BINARY -> rs.getBytes(index);
    };
    return rs.wasNull() ? null : value;
  }

  RelatedCounts restore(String tenantId, RelatedRows rows) {
    if (!enabled) {
      return RelatedCounts.ZERO;
    }
    Sql first = Sql.of("SELECT 1").build();
    return executor.transaction("restoreRelatedRows", first, session -> {
      Set<String> tables = tables(session);
      RelatedRestore restore = new RelatedRestore(session, tenantId);
      long[] written = new long[RelatedRowsMerger.RESTORE_ORDER.size()];
      for (RelatedRows.Table table : rows.tables()) {
        if (!tables.contains(table.name())) {
          throw new IllegalArgumentException("cannot restore rows of " + table.name() + ": this database has no such table");
        }
        written[RelatedRowsMerger.RESTORE_ORDER.indexOf(table.name())] = restore.table(table);
      }
      return new RelatedCounts(0, written[1], written[2], written[0], written[5], written[3], written[4]);
    });
  }

  /** One restore transaction: owned runs, pauses and node executions seen so far, and the inserts. */
  private final class RelatedRestore {
    private final JdbcExecutor.Session session;
    private final String tenantId;
    /** Pauses restored now or present already with the same id: their reasons may be restored. */
    private final Set<String> pausesPresent = new HashSet<>();
    private final Set<String> pausesSkipped = new HashSet<>();

    RelatedRestore(JdbcExecutor.Session session, String tenantId) {
      this.session = session;
      this.tenantId = tenantId;
    }

    long table(RelatedRows.Table table) throws SQLException {
      checkOwnership(table);
      int idColumn = RelatedRowsMerger.column(table, "id");
      List<List<@Nullable Object>> missing = new ArrayList<>();
      for (int from = 0; from < table.rows().size(); from += ROWS_PER_INSERT) {
        List<List<@Nullable Object>> chunk = table.rows().subList(from, Math.min(table.rows().size(), from + ROWS_PER_INSERT));
        Set<String> existing = new HashSet<>(session.query(
            RelatedSql.existingIds(table.name(), idKind(table, idColumn), ids(chunk, idColumn)), JdbcRelated.this::ids));
        for (List<@Nullable Object> row : chunk) {
          String id = String.valueOf(row.get(idColumn));
          if (existing.contains(id)) {
            // Left as it is; a pause that is there already (a repeated restore) still takes its reasons.
            if (table.name().equals(PAUSES)) {
              pausesPresent.add(id);
            }
          } else if (!skipped(table, row)) {
            missing.add(row);
          }
        }
      }
      if (table.name().equals(PAUSES)) {
        missing.forEach(row -> pausesPresent.add(String.valueOf(row.get(idColumn))));
      }
      long written = 0;
      for (int from = 0; from < missing.size(); from += ROWS_PER_INSERT) {
        written += session.update(RelatedSql.insert(executor.dialect(), table, missing.subList(from, Math.min(missing.size(), from + ROWS_PER_INSERT))));
      }
      return written;
    }

    /** A pause of a run that has another pause now is left out (one pause per run), with its reasons. */
    private boolean skipped(RelatedRows.Table table, List<@Nullable Object> row) throws SQLException {
      if (table.name().equals(PAUSES)) {
        String runId = String.valueOf(row.get(RelatedRowsMerger.column(table, "workflow_run_id")));
        boolean taken = session.query(RelatedSql.byRun(PAUSES, "id", List.of(runId)), rs -> rs.next());
        if (taken) {
          pausesSkipped.add(String.valueOf(row.get(RelatedRowsMerger.column(table, "id"))));
        }
        return taken;
      }
      if (table.name().equals(REASONS)) {
        return pausesSkipped.contains(String.valueOf(row.get(RelatedRowsMerger.column(table, "pause_id"))));
      }
      return false;
    }

    /** Every row must belong to the tenant: by its tenant_id, and its run must be the tenant's. */
    private void checkOwnership(RelatedRows.Table table) throws SQLException {
      Integer tenantColumn = optionalColumn(table, "tenant_id");
      Integer runColumn = optionalColumn(table, "workflow_run_id");
      Set<String> runs = new java.util.TreeSet<>();
      for (List<@Nullable Object> row : table.rows()) {
        if (tenantColumn != null && !tenantId.equalsIgnoreCase(String.valueOf(row.get(tenantColumn)))) {
          throw new IllegalArgumentException("a row of " + table.name() + " belongs to tenant " + row.get(tenantColumn)
              + ", not to " + tenantId);
        }
        if (runColumn != null && row.get(runColumn) != null) {
          runs.add(String.valueOf(row.get(runColumn)).toLowerCase(Locale.ROOT));
        }
      }
      List<String> all = new ArrayList<>(runs);
      for (int from = 0; from < all.size(); from += ROWS_PER_INSERT) {
        List<String> chunk = all.subList(from, Math.min(all.size(), from + ROWS_PER_INSERT));
        List<String> owned = session.query(RelatedSql.ownedRuns(tenantId, chunk, false), JdbcRelated.this::ids);
        if (owned.size() != chunk.size()) {
          throw new IllegalArgumentException("rows of " + table.name() + " belong to runs that are not runs of tenant "
              + tenantId + " (restore the runs first)");
        }
      }
      if (table.name().equals(REASONS)) {
        int pauseColumn = RelatedRowsMerger.column(table, "pause_id");
        for (List<@Nullable Object> row : table.rows()) {
          String pauseId = String.valueOf(row.get(pauseColumn));
          if (!pausesPresent.contains(pauseId) && !pausesSkipped.contains(pauseId)) {
            throw new IllegalArgumentException("a pause reason of pause " + pauseId
                + " comes without its pause among the rows restored");
          }
        }
      }
    }

    private Sql.Kind idKind(RelatedRows.Table table, int idColumn) {
      return table.columns().get(idColumn).type() == ColumnType.UUID ? Sql.Kind.UUID : Sql.Kind.TEXT;
    }
  }

  private static @Nullable Integer optionalColumn(RelatedRows.Table table, String column) {
    for (int i = 0; i < table.columns().size(); i++) {
      if (table.columns().get(i).name().equalsIgnoreCase(column)) {
        return i;
      }
    }
    return null;
  }

  private static List<String> ids(List<List<@Nullable Object>> rows, int column) {
    List<String> ids = new ArrayList<>(rows.size());
    rows.forEach(row -> ids.add(String.valueOf(row.get(column)).toLowerCase(Locale.ROOT)));
    return ids;
  }

  private List<String> ids(ResultSet rs) throws SQLException {
    List<String> ids = new ArrayList<>();
    while (rs.next()) {
      String id = executor.dialect().types().readUuid(rs, rs.getMetaData().getColumnLabel(1));
      if (id != null) {
        ids.add(id);
      }
    }
    return ids;
  }

  // ---------------------------------------------------------------- catalog

  /** The related tables that exist (lower-case names), read once; empty when related rows are off. */
  private Set<String> tables(JdbcExecutor.Session session) throws SQLException {
    Set<String> known = present;
    if (known == null) {
      known = enabled ? catalog(session.connection()) : Set.of();
      present = known;
    }
    return known;
  }

  private static Set<String> catalog(Connection connection) throws SQLException {
    Set<String> wanted = new HashSet<>(RelatedRowsMerger.RESTORE_ORDER);
    Set<String> found = new HashSet<>();
    DatabaseMetaData meta = connection.getMetaData();
    try (ResultSet rs = meta.getTables(connection.getCatalog(), connection.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
        if (wanted.contains(name)) {
          found.add(name);
        }
      }
    }
    return Set.copyOf(found);
  }
}
