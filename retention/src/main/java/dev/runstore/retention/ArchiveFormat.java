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
import java.util.HashSet;
import java.util.List;
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

  private ArchiveFormat() {}

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
        g.writeStringField("created_at", TIMESTAMP.format(run.createdAt()));
        writeNullable(g, "finished_at", run.finishedAt() == null ? null : TIMESTAMP.format(run.finishedAt()));
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
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped), 64 * 1024)) {
      return readJsonLines(in);
    } catch (IOException e) {
      throw new ArchiveException("archive data is not valid gzip'd JSON Lines: " + e.getMessage(), e);
    }
  }

  /**
   * The runs of an uncompressed JSON Lines stream. Unknown fields are ignored (forward
   * compatibility); missing required fields and wrong types are errors.
   *
   * @throws ArchiveException naming the line and field of the first invalid record
   */
  public static List<WorkflowRun> readJsonLines(InputStream in) throws IOException {
    List<WorkflowRun> runs = new ArrayList<>();
    try (JsonParser p = JSON.createParser(in)) {
      JsonToken token;
      while ((token = p.nextToken()) != null) {
        if (token != JsonToken.START_OBJECT) {
          throw corrupt(runs.size() + 1, "expected a JSON object, found " + token);
        }
        runs.add(readRun(p, runs.size() + 1));
      }
    }
    return runs;
  }

  private static WorkflowRun readRun(JsonParser p, int record) throws IOException {
    WorkflowRun.Builder b = WorkflowRun.builder();
    Set<String> seen = new HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
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
          case "created_at" -> b.createdAt(Instant.parse(text(p, field, record)));
          case "finished_at" -> {
            String finished = nullableText(p, field, record);
            b.finishedAt(finished == null ? null : Instant.parse(finished));
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
