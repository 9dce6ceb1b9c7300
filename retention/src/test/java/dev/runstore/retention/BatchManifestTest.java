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
    assertThatThrownBy(() -> BatchManifest.fromJson(json.replace("\"format_version\" : 1", "\"format_version\" : 3")
            .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ArchiveException.class).hasMessageContaining("format_version 3");
    // Version 2 needs its counts per table.
    assertThatThrownBy(() -> BatchManifest.fromJson(json.replace("\"format_version\" : 1", "\"format_version\" : 2")
            .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ArchiveException.class).hasMessageContaining("tables");
    assertThatThrownBy(() -> BatchManifest.fromJson(json.replace("\"row_count\" : 3", "\"row_count\" : \"3\"")
            .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ArchiveException.class).hasMessageContaining("row_count");
    assertThatThrownBy(() -> BatchManifest.fromJson("{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ArchiveException.class);
    assertThatThrownBy(() -> BatchManifest.fromJson(json.replace("\"data_file\" : \"x-1.jsonl.gz\"", "\"data_file\" : \"../x\"")
            .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ArchiveException.class);
  }

  @Test
  void aManifestWithRelatedRowsCountsEveryTableAndReadsBackEqual() {
    BatchManifest v2 = new BatchManifest(2, manifest.tenantId(), "x-1.jsonl.gz", 3, 1234, manifest.sha256(),
        manifest.first(), manifest.last(), manifest.archivedAt(), manifest.cutoff(),
        new dev.runstore.api.RelatedCounts(0, 30, 4, 3, 2, 1, 2), 1);
    assertThat(BatchManifest.fromJson(v2.toJson())).isEqualTo(v2);
    assertThat(v2.tableCounts()).containsExactly(
        java.util.Map.entry("workflow_runs", 3L), java.util.Map.entry("workflow_app_logs", 3L),
        java.util.Map.entry("workflow_node_executions", 30L), java.util.Map.entry("workflow_node_execution_offload", 4L),
        java.util.Map.entry("workflow_pauses", 1L), java.util.Map.entry("workflow_pause_reasons", 2L),
        java.util.Map.entry("workflow_trigger_logs", 2L));
    String json = new String(v2.toJson(), StandardCharsets.UTF_8);
    assertThat(json).contains("\"workflow_node_executions\" : 30").contains("\"pause_states\" : 1");
    assertThatThrownBy(() -> BatchManifest.fromJson(json.replace("\"workflow_runs\" : 3", "\"workflow_runs\" : 4")
            .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ArchiveException.class).hasMessageContaining("row_count");
    assertThatThrownBy(() -> new BatchManifest(1, manifest.tenantId(), "x-1.jsonl.gz", 3, 1234, manifest.sha256(),
        manifest.first(), manifest.last(), manifest.archivedAt(), manifest.cutoff(),
        new dev.runstore.api.RelatedCounts(0, 1, 0, 0, 0, 0, 0), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 1");
  }
}
