package dev.runstore.cli;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.runstore.api.WorkflowRun;
import dev.runstore.retention.ArchiveFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * How runs are printed: a table, JSON Lines (exactly the archive's record format, so
 * {@code list --json} output and archive files read alike), or one pretty-printed JSON object.
 */
final class RunOutput {

  private static final String TABLE_FORMAT = "%-36s  %-17s  %-22s  %-27s  %10s  %10s%n";

  private static final ObjectMapper PRETTY = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  static {
    // Graphs can be large: print what we stored, however long.
    PRETTY.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).maxDocumentLength(-1L).build());
  }

  private RunOutput() {}

  static void tableHeader(PrintWriter out) {
    out.printf(Locale.ROOT, TABLE_FORMAT, "ID", "STATUS", "TRIGGER", "CREATED_AT (UTC)", "ELAPSED_S", "TOKENS");
  }

  static void tableRow(PrintWriter out, WorkflowRun run) {
    out.printf(Locale.ROOT, TABLE_FORMAT, run.id(), run.status().value(), run.triggeredFrom().value(),
        Format.instant(run.createdAt()), String.format(Locale.ROOT, "%.3f", run.elapsedTime()),
        Format.count(run.totalTokens()));
  }

  /** One JSON object per line. */
  static void jsonLines(PrintWriter out, List<WorkflowRun> runs) {
    out.print(jsonLines(runs));
  }

  /** One run as indented JSON. */
  static String pretty(WorkflowRun run) {
    try {
      JsonNode node = PRETTY.readTree(jsonLines(List.of(run)));
      return PRETTY.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String jsonLines(List<WorkflowRun> runs) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ArchiveFormat.writeJsonLines(runs, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
