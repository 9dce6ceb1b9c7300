package dev.runstore.store;

import dev.runstore.api.RelatedRows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Related tables' names and order, and the merge of rows read chunk by chunk. */
public final class RelatedRowsMerger {

  /**
   * The related tables of runs in the order a restore inserts them (Dify's bundle-archive order,
   * parents before children): app logs, node executions, offloads, pauses, pause reasons, trigger logs.
   */
  public static final List<String> RESTORE_ORDER = List.of(
      "workflow_app_logs", "workflow_node_executions", "workflow_node_execution_offload",
      "workflow_pauses", "workflow_pause_reasons", "workflow_trigger_logs");

  private RelatedRowsMerger() {}

  /** The rows of {@code parts}, table by table (in restore order), states merged. */
  public static RelatedRows merge(List<RelatedRows> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    Map<String, RelatedRows.Table> byName = new LinkedHashMap<>();
    Map<String, byte[]> states = new LinkedHashMap<>();
    for (RelatedRows part : parts) {
      for (RelatedRows.Table table : part.tables()) {
        RelatedRows.Table earlier = byName.get(table.name());
        if (earlier == null) {
          byName.put(table.name(), table);
        } else {
          List<List<@Nullable Object>> rows = new ArrayList<>(earlier.rows());
          rows.addAll(table.rows());
          byName.put(table.name(), new RelatedRows.Table(table.name(), earlier.columns(), rows));
        }
      }
      states.putAll(part.pauseStates());
    }
    List<RelatedRows.Table> tables = new ArrayList<>();
    for (String name : RESTORE_ORDER) {
      RelatedRows.Table table = byName.get(name);
      if (table != null) {
        tables.add(table);
      }
    }
    return new RelatedRows(tables, states);
  }

  /**
   * The index of {@code column} in {@code table} (case-insensitive).
   *
   * @throws IllegalArgumentException when the table has no such column
   */
  public static int column(RelatedRows.Table table, String column) {
    for (int i = 0; i < table.columns().size(); i++) {
      if (table.columns().get(i).name().equalsIgnoreCase(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException("table " + table.name() + " has no column " + column);
  }
}
