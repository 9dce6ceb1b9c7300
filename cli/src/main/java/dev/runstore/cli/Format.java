package dev.runstore.cli;

import dev.runstore.retention.ArchiveFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Number, size and time formatting for tables and summaries (locale-independent). */
final class Format {

  private Format() {}

  /** {@code 12,345}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 4.1 MB (4,312,345 bytes)}. */
  static String bytes(long n) {
    String human;
    if (n < 1024) {
      human = n + " B";
    } else if (n < 1024L * 1024) {
      human = String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    } else if (n < 1024L * 1024 * 1024) {
      human = String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    } else {
      human = String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
    }
    return n < 1024 ? human : human + " (" + count(n) + " bytes)";
  }

  /** {@code 4.1 MiB}, without the exact byte count. */
  static String bytesShort(long n) {
    return bytes(n).split(" \\(")[0];
  }

  /** {@code 3,858 runs/s}, or {@code -} for an instant job. */
  static String rate(long runs, Duration d) {
    long ms = d.toMillis();
    if (ms <= 0) {
      return "-";
    }
    return count(Math.round(runs * 1000.0 / ms)) + " runs/s";
  }

  /** {@code 2025-06-01T12:00:00.123456Z}, as in the archive. */
  static String instant(Instant instant) {
    return ArchiveFormat.TIMESTAMP.format(instant);
  }

  /** A summary line: {@code "  label        value"}. */
  static String row(String label, String value) {
    return String.format(Locale.ROOT, "  %-16s %s", label, value);
  }

  /**
   * The seven counts of {@code counts} by table name, runs first, then in Dify's delete order
   * reversed to read parent before child: node executions, offloads, app logs, trigger logs,
   * pauses, pause reasons.
   */
  static java.util.Map<String, Long> perTable(dev.runstore.api.RelatedCounts counts) {
    java.util.Map<String, Long> map = new java.util.LinkedHashMap<>();
    map.put("workflow_runs", counts.runs());
    map.put("workflow_node_executions", counts.nodeExecutions());
    map.put("workflow_node_execution_offload", counts.offloads());
    map.put("workflow_app_logs", counts.appLogs());
    map.put("workflow_trigger_logs", counts.triggerLogs());
    map.put("workflow_pauses", counts.pauses());
    map.put("workflow_pause_reasons", counts.pauseReasons());
    return map;
  }

  /** Prints {@code heading} and one indented line per table of {@code counts}. */
  static void tables(java.io.PrintWriter out, String heading, dev.runstore.api.RelatedCounts counts) {
    out.println("  " + heading);
    perTable(counts).forEach((table, n) -> out.println(String.format(Locale.ROOT, "    %-33s %s", table, count(n))));
  }

  /** {@code counts} per table as a JSON object. */
  static com.fasterxml.jackson.databind.node.ObjectNode tablesJson(dev.runstore.api.RelatedCounts counts) {
    com.fasterxml.jackson.databind.node.ObjectNode node = Json.object();
    perTable(counts).forEach(node::put);
    return node;
  }
}
