package dev.runstore.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runstore.api.RunPosition;
import dev.runstore.testkit.TestRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchManifestTest {

  private final BatchManifest manifest = new BatchManifest(1, TestRuns.newId(), "x-1.jsonl.gz", 3, 1234,
      "0".repeat(63) + "f",
      new RunPosition(Instant.parse("2024-01-01T00:00:00.000001Z"), TestRuns.newId()),
      new RunPosition(Instant.parse("2024-01-02T00:00:00Z"), TestRuns.newId()),
      Instant.parse("2026-01-01T03:04:05.123456Z"), Instant.parse("2025-01-01T00:00:00Z"));

  @Test
  void roundTripsThroughJsonWithSnakeCaseFields() throws IOException {
    byte[] json = manifest.toJson();
    JsonNode node = new ObjectMapper().readTree(json);

    assertThat(BatchManifest.fromJson(json)).isEqualTo(manifest);
    assertThat(node.get("format").asText()).isEqualTo(BatchManifest.FORMAT);
    assertThat(node.get("row_count").asInt()).isEqualTo(3);
    assertThat(node.get("sha256").asText()).hasSize(64);
    assertThat(node.get("first").get("created_at").asText()).isEqualTo("2024-01-01T00:00:00.000001Z");
    assertThat(node.get("archived_at").asText()).isEqualTo("2026-01-01T03:04:05.123456Z");
  }

  @Test
  void rejectsUnknownVersionsAndBrokenManifests() {
    String json = new String(manifest.toJson(), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> BatchManifest.fromJson(json.replace("\"format_version\" : 1", "\"format_version\" : 2")
            .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ArchiveException.class).hasMessageContaining("format_version 2");
    assertThatThrownBy(() -> BatchManifest.fromJson(json.replace("\"row_count\" : 3", "\"row_count\" : \"3\"")
            .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ArchiveException.class).hasMessageContaining("row_count");
    assertThatThrownBy(() -> BatchManifest.fromJson("{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ArchiveException.class);
    assertThatThrownBy(() -> BatchManifest.fromJson(json.replace("\"data_file\" : \"x-1.jsonl.gz\"", "\"data_file\" : \"../x\"")
            .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ArchiveException.class);
  }
}
