package dev.runstore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The {@code --json} documents of the summaries: one compact JSON object on one line of standard
 * output, field names in {@code snake_case}, timestamps as in the archive
 * ({@code 2025-06-01T12:00:00.123456Z}), sizes in bytes, durations in milliseconds. The schemas
 * are documented in the README; fields are only ever added.
 */
final class Json {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  /** A new empty object. */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** {@code instant} as archive text, or JSON null. */
  static void put(ObjectNode node, String field, @Nullable Instant instant) {
    if (instant == null) {
      node.putNull(field);
    } else {
      node.put(field, Format.instant(instant));
    }
  }

  /** Prints {@code node} as one line. */
  static void print(PrintWriter out, ObjectNode node) {
    try {
      out.println(MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }
}
