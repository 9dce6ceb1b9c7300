package dev.runstore.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The rows related to some runs, as a backup holds them: every related table that exists, every
 * column with its type, plus the state objects of their pauses
 * ({@link WorkflowRunRepository#readRelatedRows}, {@link WorkflowRunRepository#restoreRelatedRows}).
 * Restoring them into the same kind of database puts back exactly the rows that were read.
 *
 * @param tables the tables in restore order (Dify's: app logs, node executions, offloads, pauses,
 *     pause reasons, trigger logs), only those with rows (unmodifiable)
 * @param pauseStates the state objects of the pauses, by key (unmodifiable; arrays not copied)
 */
public record RelatedRows(List<Table> tables, Map<String, byte[]> pauseStates) {

  /** No rows. */
  public static final RelatedRows NONE = new RelatedRows(List.of(), Map.of());

  /** The kinds of values a related column holds, and how each is kept in a backup. */
  public enum ColumnType {
    /** Text ({@code String}); also UUIDs in a {@code CHAR(36)} column. */
    TEXT,
    /** A native UUID column, as a canonical {@code String}. */
    UUID,
    /** A 32-bit integer ({@code Integer}). */
    INTEGER,
    /** A 64-bit integer ({@code Long}). */
    BIGINT,
    /** A floating-point number ({@code Double}; a 4-byte {@code FLOAT} widened exactly). */
    DOUBLE,
    /** A UTC timestamp ({@link Instant}, microseconds). */
    TIMESTAMP,
    /** A boolean ({@code Boolean}). */
    BOOLEAN,
    /** Binary content ({@code byte[]}). */
    BINARY
  }

  /**
   * A column of a related table.
   *
   * @param name the column's name as the database reports it
   * @param type how its values are held
   */
  public record Column(String name, ColumnType type) {
    /** Checks the components. */
    public Column {
      Checks.requireText(name, "name");
      Checks.requireNonNull(type, "type");
    }
  }

  /**
   * The rows of one table.
   *
   * @param name the table, e.g. {@code workflow_node_executions}
   * @param columns its columns, in the order of each row's values
   * @param rows the rows: one value per column, of the Java type its {@link ColumnType} names, or null
   */
  public record Table(String name, List<Column> columns, List<List<@Nullable Object>> rows) {
    /** Copies the lists (each row into an unmodifiable list that keeps nulls). */
    public Table {
      Checks.requireText(name, "name");
      columns = List.copyOf(columns);
      List<List<@Nullable Object>> copied = new ArrayList<>(rows.size());
      for (List<@Nullable Object> row : rows) {
        if (row.size() != columns.size()) {
          throw new IllegalArgumentException("a row of " + name + " has " + row.size() + " values for "
              + columns.size() + " columns");
        }
        copied.add(java.util.Collections.unmodifiableList(new ArrayList<>(row)));
      }
      rows = java.util.Collections.unmodifiableList(copied);
    }
  }

  /** Copies the collections. */
  public RelatedRows {
    tables = List.copyOf(tables);
    pauseStates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pauseStates));
  }

  /** The table with this name, or null. */
  public @Nullable Table table(String name) {
    for (Table table : tables) {
      if (table.name().equals(name)) {
        return table;
      }
    }
    return null;
  }

  /** Rows per table, as {@link RelatedCounts} (runs 0: runs travel as runs). */
  public RelatedCounts counts() {
    return new RelatedCounts(0, size("workflow_node_executions"), size("workflow_node_execution_offload"),
        size("workflow_app_logs"), size("workflow_trigger_logs"), size("workflow_pauses"),
        size("workflow_pause_reasons"));
  }

  private long size(String name) {
    Table table = table(name);
    return table == null ? 0 : table.rows().size();
  }

  /** Value equality that compares binary values and pause states by content. */
  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof RelatedRows other) || !sameTables(tables, other.tables)
        || !pauseStates.keySet().equals(other.pauseStates.keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> e : pauseStates.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.pauseStates.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameTables(List<Table> a, List<Table> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int t = 0; t < a.size(); t++) {
      Table x = a.get(t);
      Table y = b.get(t);
      if (!x.name().equals(y.name()) || !x.columns().equals(y.columns()) || x.rows().size() != y.rows().size()) {
        return false;
      }
      for (int r = 0; r < x.rows().size(); r++) {
        if (!Arrays.deepEquals(x.rows().get(r).toArray(), y.rows().get(r).toArray())) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return tables.size() * 31 + pauseStates.keySet().hashCode();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("RelatedRows[");
    for (Table table : tables) {
      s.append(table.name()).append('=').append(table.rows().size()).append(' ');
    }
    return s.append("pauseStates=").append(pauseStates.size()).append(']').toString();
  }

  /** A binary value as text (base64), as backups write it. */
  public static String encode(byte[] value) {
    return Base64.getEncoder().encodeToString(value);
  }
}
