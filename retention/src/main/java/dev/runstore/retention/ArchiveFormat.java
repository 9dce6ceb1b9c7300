package dev.runstore.retention;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.runstore.api.CreatorRole;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.RelatedRows.ColumnType;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The archive's data format: gzip'd JSON Lines, one {@link WorkflowRun} per line, with the field
 * names of Dify's {@code WorkflowRun.to_dict()}: {@code id, tenant_id, app_id, workflow_id, type,
 * triggered_from, version, graph, inputs, status, outputs, error, elapsed_time, total_tokens,
 * total_steps, created_by_role, created_by, created_at, finished_at, exceptions_count}.
 *
 * <p>{@code graph}, {@code inputs} and {@code outputs} are kept as JSON strings holding the stored
 * text, not parsed, so a restore gives the text back byte for byte. Enums are their stored values
 * ({@code "succeeded"}, {@code "app-run"}); timestamps are ISO-8601 UTC with six fraction digits
 * ({@code 2025-06-01T12:00:00.123456Z}); absent values are JSON {@code null}. The gzip stream has
 * no file name and mtime 0, so the same runs always give the same bytes.
 *
 * <p><b>Related rows (format version 2).</b> A batch archived with its related rows holds, after
 * its runs, each related table that has rows ({@link #RELATED_TABLES} order): one header line
 * {@code {"table":"workflow_node_executions","columns":[["id","UUID"],["index","INTEGER"],...]}}
 * naming every column with its {@link ColumnType}, then one line per row
 * {@code {"row":"workflow_node_executions","values":[...]}} with the values in column order; then
 * one line per pause state object {@code {"pause_state":"<key>","base64":"..."}}. Values keep
 * their type: text and UUIDs as strings, integers as JSON integers, doubles as the shortest
 * decimal that reads back to the same double ({@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"} as strings), timestamps as above, booleans as JSON booleans, binary as
 * base64 strings, SQL NULL as JSON {@code null}. A file without such lines (format version 1)
 * holds runs only.
 */
public final class ArchiveFormat {

  /** Timestamps in the data and manifest files: always six fraction digits, UTC. */
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  static final JsonFactory JSON = new JsonFactoryBuilder()
      // Graphs can be large: never refuse a long string we wrote ourselves.
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxStringLength(Integer.MAX_VALUE).maxDocumentLength(-1L).build())
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .rootValueSeparator((String) null)
      .build();

  /** The related tables of runs, in the order a batch file holds them and a restore inserts them. */
  public static final List<String> RELATED_TABLES = List.of(
      "workflow_app_logs", "workflow_node_executions", "workflow_node_execution_offload",
      "workflow_pauses", "workflow_pause_reasons", "workflow_trigger_logs");

  /**
   * The content of a batch file: its runs and (format version 2) their related rows.
   *
   * @param runs the runs, in file order
   * @param related the related rows and pause state objects ({@link RelatedRows#NONE} in a file of runs only)
   */
  public record Batch(List<WorkflowRun> runs, RelatedRows related) {
    /** Copies the run list. */
    public Batch {
      runs = List.copyOf(runs);
      java.util.Objects.requireNonNull(related, "related");
    }
  }

  private ArchiveFormat() {}

  /**
   * The gzip'd JSON Lines bytes of {@code runs} followed by their {@code related} rows (format
   * version 2), in the given order. The same content always gives the same bytes.
   *
   * @throws IllegalArgumentException when a related table is not one of {@link #RELATED_TABLES}
   *     or a value does not have the Java type of its column
   */
  public static byte[] encode(List<WorkflowRun> runs, RelatedRows related) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, runs.size() * 2048));
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024)) {
      writeJsonLines(runs, gzip);
      writeRelated(related, gzip);
    } catch (IOException e) {
      throw new ArchiveException("cannot encode runs", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The runs and related rows of gzip'd JSON Lines bytes of either format version.
   *
   * @throws ArchiveException when the bytes are not a complete, valid file of this format
   */
  public static Batch decodeBatch(byte[] gzipped) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped), 64 * 1024)) {
      return readBatch(in);
    } catch (IOException e) {
      throw new ArchiveException("archive data is not valid gzip'd JSON Lines: " + e.getMessage(), e);
    }
  }

  /** The gzip'd JSON Lines bytes of {@code runs}, in the given order. */
  public static byte[] encode(List<WorkflowRun> runs) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, runs.size() * 512));
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024)) {
      writeJsonLines(runs, gzip);
    } catch (IOException e) {
      throw new ArchiveException("cannot encode runs", e);
    }
    return bytes.toByteArray();
  }

  /** Writes {@code runs} as JSON Lines (uncompressed) to {@code out}, leaving it open. */
  public static void writeJsonLines(List<WorkflowRun> runs, OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      for (WorkflowRun run : runs) {
        g.writeStartObject();
        g.writeStringField("id", run.id());
        g.writeStringField("tenant_id", run.tenantId());
        g.writeStringField("app_id", run.appId());
        g.writeStringField("workflow_id", run.workflowId());
        g.writeStringField("type", run.type().value());
        g.writeStringField("triggered_from", run.triggeredFrom().value());
        g.writeStringField("version", run.version());
        writeNullable(g, "graph", run.graph());
        writeNullable(g, "inputs", run.inputs());
        g.writeStringField("status", run.status().value());
        writeNullable(g, "outputs", run.outputs());
        writeNullable(g, "error", run.error());
        g.writeNumberField("elapsed_time", run.elapsedTime());
        g.writeNumberField("total_tokens", run.totalTokens());
        g.writeNumberField("total_steps", run.totalSteps());
        g.writeStringField("created_by_role", run.createdByRole().value());
        g.writeStringField("created_by", run.createdBy());
        g.writeStringField("created_at", Timestamps.format(run.createdAt()));
        writeNullable(g, "finished_at", run.finishedAt() == null ? null : Timestamps.format(run.finishedAt()));
        g.writeNumberField("exceptions_count", run.exceptionsCount());
        g.writeEndObject();
        g.writeRaw('\n');
      }
    }
  }

  /**
   * The runs of gzip'd JSON Lines bytes, in file order.
   *
   * @throws ArchiveException when the bytes are not a complete, valid file of this format
   */
  public static List<WorkflowRun> decode(byte[] gzipped) {
    return decodeBatch(gzipped).runs();
  }

  /**
   * The runs of an uncompressed JSON Lines stream. Unknown fields are ignored (forward
   * compatibility); missing required fields and wrong types are errors.
   *
   * @throws ArchiveException naming the line and field of the first invalid record
   */
  public static List<WorkflowRun> readJsonLines(InputStream in) throws IOException {
    return readBatch(in).runs();
  }

  /**
   * The runs and related rows of an uncompressed JSON Lines stream of either format version: runs
   * first, then related tables (each header before its rows, tables not repeated), then pause
   * states.
   *
   * @throws ArchiveException naming the line of the first invalid record
   */
  public static Batch readBatch(InputStream in) throws IOException {
    List<WorkflowRun> runs = new ArrayList<>();
    Map<String, RelatedTableBuilder> tables = new LinkedHashMap<>();
    Map<String, byte[]> states = new LinkedHashMap<>();
    @Nullable RelatedTableBuilder current = null;
    int record = 0;
    try (JsonParser p = JSON.createParser(in)) {
      JsonToken token;
      while ((token = p.nextToken()) != null) {
        record++;
        if (token != JsonToken.START_OBJECT) {
          throw corrupt(record, "expected a JSON object, found " + token);
        }
        JsonToken first = p.nextToken();
        String name = first == JsonToken.FIELD_NAME ? p.currentName() : "";
        switch (name) {
          case "table" -> {
            if (!states.isEmpty()) {
              throw corrupt(record, "a table header after pause states");
            }
            current = readTableHeader(p, record);
            if (tables.putIfAbsent(current.name, current) != null) {
              throw corrupt(record, "table " + current.name + " appears twice");
            }
          }
          case "row" -> {
            p.nextToken();
            String table = nullableText(p, "row", record);
            if (current == null || !current.name.equals(table) || !states.isEmpty()) {
              throw corrupt(record, "a row of " + table + " outside its table's section");
            }
            current.rows.add(readRow(p, current.columns, record));
          }
          case "pause_state" -> {
            current = null;
            p.nextToken();
            String key = text(p, "pause_state", record);
            expectField(p, "base64", record);
            byte[] state = base64(text(p, "base64", record), record);
            expectEnd(p, record);
            if (states.put(key, state) != null) {
              throw corrupt(record, "pause state " + key + " appears twice");
            }
          }
          default -> {
            if (!tables.isEmpty() || !states.isEmpty()) {
              throw corrupt(record, "a run after the related rows");
            }
            runs.add(readRun(p, record, first));
          }
        }
      }
    }
    List<RelatedRows.Table> related = new ArrayList<>();
    for (RelatedTableBuilder t : tables.values()) {
      related.add(new RelatedRows.Table(t.name, t.columns, t.rows));
    }
    return new Batch(runs, related.isEmpty() && states.isEmpty() ? RelatedRows.NONE : new RelatedRows(related, states));
  }

  private static final class RelatedTableBuilder {
    final String name;
    final List<RelatedRows.Column> columns;
    final List<List<@Nullable Object>> rows = new ArrayList<>();

    RelatedTableBuilder(String name, List<RelatedRows.Column> columns) {
      this.name = name;
      this.columns = columns;
    }
  }

  private static RelatedTableBuilder readTableHeader(JsonParser p, int record) throws IOException {
    p.nextToken();
    String name = text(p, "table", record);
    if (!RELATED_TABLES.contains(name)) {
      throw corrupt(record, "unknown related table " + name);
    }
    expectField(p, "columns", record);
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw corrupt(record, "columns must be an array");
    }
    List<RelatedRows.Column> columns = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_ARRAY) {
      p.nextToken();
      String column = text(p, "column name", record);
      p.nextToken();
      String type = text(p, "column type", record);
      if (p.nextToken() != JsonToken.END_ARRAY) {
        throw corrupt(record, "a column must be [name, type]");
      }
      try {
        columns.add(new RelatedRows.Column(column, ColumnType.valueOf(type)));
      } catch (IllegalArgumentException e) {
        throw corrupt(record, "column " + column + " has an unknown type " + type);
      }
    }
    if (p.currentToken() != JsonToken.END_ARRAY || columns.isEmpty()) {
      throw corrupt(record, "columns must be a non-empty array of [name, type]");
    }
    expectEnd(p, record);
    return new RelatedTableBuilder(name, List.copyOf(columns));
  }

  private static List<@Nullable Object> readRow(JsonParser p, List<RelatedRows.Column> columns, int record)
      throws IOException {
    expectField(p, "values", record);
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw corrupt(record, "values must be an array");
    }
    List<@Nullable Object> row = new ArrayList<>(columns.size());
    for (RelatedRows.Column column : columns) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.END_ARRAY) {
        throw corrupt(record, "a row has fewer values than its table has columns");
      }
      row.add(readValue(p, column, record));
    }
    if (p.nextToken() != JsonToken.END_ARRAY) {
      throw corrupt(record, "a row has more values than its table has columns");
    }
    expectEnd(p, record);
    return row;
  }

  private static @Nullable Object readValue(JsonParser p, RelatedRows.Column column, int record) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    String field = column.name();
    try {
      return switch (column.type()) {
        case TEXT, UUID -> text(p, field, record);
        case INTEGER -> Math.toIntExact(integral(p, field, record));
        case BIGINT -> integral(p, field, record);
        case DOUBLE -> t == JsonToken.VALUE_STRING ? special(p.getText(), field, record) : number(p, field, record).doubleValue();
        case TIMESTAMP -> Timestamps.parse(text(p, field, record));
        case BOOLEAN -> {
          if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw corrupt(record, field + " must be a boolean, found " + t);
          }
          yield t == JsonToken.VALUE_TRUE;
        }
        case BINARY -> base64(text(p, field, record), record);
      };
    } catch (DateTimeParseException | ArithmeticException e) {
      throw corrupt(record, "invalid " + field + ": " + e.getMessage());
    }
  }

  private static double special(String value, String field, int record) {
    return switch (value) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> throw corrupt(record, field + " must be a number, found the string " + value);
    };
  }

  private static byte[] base64(String value, int record) {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw corrupt(record, "invalid base64: " + e.getMessage());
    }
  }

  private static void expectField(JsonParser p, String name, int record) throws IOException {
    if (p.nextToken() != JsonToken.FIELD_NAME || !name.equals(p.currentName())) {
      throw corrupt(record, "expected field " + name);
    }
    p.nextToken();
  }

  private static void expectEnd(JsonParser p, int record) throws IOException {
    if (p.nextToken() != JsonToken.END_OBJECT) {
      throw corrupt(record, "unexpected field after the record's last one");
    }
  }

  private static void writeRelated(RelatedRows related, OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      for (RelatedRows.Table table : related.tables()) {
        if (!RELATED_TABLES.contains(table.name())) {
          throw new IllegalArgumentException("table " + table.name() + " is not a related table of runs");
        }
        g.writeStartObject();
        g.writeStringField("table", table.name());
        g.writeArrayFieldStart("columns");
        for (RelatedRows.Column column : table.columns()) {
          g.writeStartArray();
          g.writeString(column.name());
          g.writeString(column.type().name());
          g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
        for (List<@Nullable Object> row : table.rows()) {
          g.writeStartObject();
          g.writeStringField("row", table.name());
          g.writeArrayFieldStart("values");
          for (int i = 0; i < row.size(); i++) {
            writeValue(g, table.name(), table.columns().get(i), row.get(i));
          }
          g.writeEndArray();
          g.writeEndObject();
          g.writeRaw('\n');
        }
      }
      for (Map.Entry<String, byte[]> state : related.pauseStates().entrySet()) {
        g.writeStartObject();
        g.writeStringField("pause_state", state.getKey());
        g.writeStringField("base64", Base64.getEncoder().encodeToString(state.getValue()));
        g.writeEndObject();
        g.writeRaw('\n');
      }
    }
  }

  private static void writeValue(JsonGenerator g, String table, RelatedRows.Column column, @Nullable Object value)
      throws IOException {
    if (value == null) {
      g.writeNull();
      return;
    }
    try {
      switch (column.type()) {
        case TEXT, UUID -> g.writeString((String) value);
        case INTEGER -> g.writeNumber((Integer) value);
        case BIGINT -> g.writeNumber((Long) value);
        case DOUBLE -> {
          double d = (Double) value;
          if (Double.isFinite(d)) {
            g.writeNumber(d);
          } else {
            g.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
          }
        }
        case TIMESTAMP -> g.writeString(Timestamps.format((Instant) value));
        case BOOLEAN -> g.writeBoolean((Boolean) value);
        case BINARY -> g.writeString(Base64.getEncoder().encodeToString((byte[]) value));
      }
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("a value of " + table + "." + column.name() + " is a "
          + value.getClass().getSimpleName() + ", not a value of type " + column.type());
    }
  }

  private static WorkflowRun readRun(JsonParser p, int record, @Nullable JsonToken firstToken) throws IOException {
    WorkflowRun.Builder b = WorkflowRun.builder();
    Set<String> seen = new HashSet<>();
    for (JsonToken token = firstToken; token == JsonToken.FIELD_NAME; token = p.nextToken()) {
      String field = p.currentName();
      p.nextToken();
      if (!seen.add(field)) {
        throw corrupt(record, "duplicate field " + field);
      }
      try {
        switch (field) {
          case "id" -> b.id(text(p, field, record));
          case "tenant_id" -> b.tenantId(text(p, field, record));
          case "app_id" -> b.appId(text(p, field, record));
          case "workflow_id" -> b.workflowId(text(p, field, record));
          case "type" -> b.type(WorkflowType.fromValue(text(p, field, record)));
          case "triggered_from" -> b.triggeredFrom(TriggeredFrom.fromValue(text(p, field, record)));
          case "version" -> b.version(text(p, field, record));
          case "graph" -> b.graph(nullableText(p, field, record));
          case "inputs" -> b.inputs(nullableText(p, field, record));
          case "status" -> b.status(WorkflowRunStatus.fromValue(text(p, field, record)));
          case "outputs" -> b.outputs(nullableText(p, field, record));
          case "error" -> b.error(nullableText(p, field, record));
          case "elapsed_time" -> b.elapsedTime(number(p, field, record).doubleValue());
          case "total_tokens" -> b.totalTokens(integral(p, field, record));
          case "total_steps" -> b.totalSteps(Math.toIntExact(integral(p, field, record)));
          case "created_by_role" -> b.createdByRole(CreatorRole.fromValue(text(p, field, record)));
          case "created_by" -> b.createdBy(text(p, field, record));
          case "created_at" -> b.createdAt(Timestamps.parse(text(p, field, record)));
          case "finished_at" -> {
            String finished = nullableText(p, field, record);
            b.finishedAt(finished == null ? null : Timestamps.parse(finished));
          }
          case "exceptions_count" -> b.exceptionsCount(Math.toIntExact(integral(p, field, record)));
          default -> p.skipChildren();
        }
      } catch (DateTimeParseException | ArithmeticException e) {
        throw corrupt(record, "invalid " + field + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw corrupt(record, e.getMessage());
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw corrupt(record, "truncated record");
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw corrupt(record, e.getMessage());
    }
  }

  private static String text(JsonParser p, String field, int record) throws IOException {
    String value = nullableText(p, field, record);
    if (value == null) {
      throw corrupt(record, field + " must not be null");
    }
    return value;
  }

  private static @Nullable String nullableText(JsonParser p, String field, int record) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw corrupt(record, field + " must be a string, found " + t);
    }
    return p.getText();
  }

  private static Number number(JsonParser p, String field, int record) throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw corrupt(record, field + " must be a number, found " + t);
    }
    return t == JsonToken.VALUE_NUMBER_FLOAT ? p.getDoubleValue() : p.getNumberValue();
  }

  private static long integral(JsonParser p, String field, int record) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw corrupt(record, field + " must be an integer, found " + p.currentToken());
    }
    return p.getLongValue();
  }

  private static void writeNullable(JsonGenerator g, String field, @Nullable String value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }

  private static ArchiveException corrupt(int record, @Nullable String problem) {
    return new ArchiveException("archive record " + record + " is invalid: " + problem);
  }
}
