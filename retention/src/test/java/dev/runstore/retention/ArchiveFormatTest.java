package dev.runstore.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.testkit.TestRuns;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ArchiveFormatTest {

  private static final List<String> DIFY_TO_DICT_FIELDS = List.of(
      "id", "tenant_id", "app_id", "workflow_id", "type", "triggered_from", "version", "graph",
      "inputs", "status", "outputs", "error", "elapsed_time", "total_tokens", "total_steps",
      "created_by_role", "created_by", "created_at", "finished_at", "exceptions_count");

  @Test
  void writesOneObjectPerLineWithDifyFieldNamesAndStoredValues() throws IOException {
    String tenant = TestRuns.newId();
    WorkflowRun finished = TestRuns.run(tenant, TestRuns.newId())
        .createdAt(Instant.parse("2025-06-01T12:00:00.100Z")).finishedAt(Instant.parse("2025-06-01T12:00:01.5Z"))
        .graph("{\"nodes\": [ ]}").build();
    WorkflowRun running = TestRuns.run(tenant, TestRuns.newId()).status(WorkflowRunStatus.RUNNING)
        .finishedAt(null).graph(null).outputs(null).build();

    String text = gunzip(ArchiveFormat.encode(List.of(finished, running)));

    assertThat(text).endsWith("\n");
    String[] lines = text.split("\n", -1);
    assertThat(lines).hasSize(3);
    assertThat(lines[2]).isEmpty();
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    List<String> names = new ArrayList<>();
    first.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyElementsOf(DIFY_TO_DICT_FIELDS);
    assertThat(first.get("graph").asText()).isEqualTo("{\"nodes\": [ ]}");
    assertThat(first.get("status").asText()).isEqualTo("succeeded");
    assertThat(first.get("triggered_from").asText()).isEqualTo("app-run");
    assertThat(first.get("created_at").asText()).isEqualTo("2025-06-01T12:00:00.100000Z");
    assertThat(first.get("finished_at").asText()).isEqualTo("2025-06-01T12:00:01.500000Z");
    assertThat(first.get("elapsed_time").isDouble()).isTrue();
    JsonNode second = new ObjectMapper().readTree(lines[1]);
    assertThat(second.get("finished_at").isNull()).isTrue();
    assertThat(second.get("graph").isNull()).isTrue();
    assertThat(second.get("status").asText()).isEqualTo("running");
  }

  @Test
  void randomRunsRoundTripExactlyAndEncodingIsDeterministic() {
    long seed = TestRuns.seed();
    Random random = new Random(seed);
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      runs.add(TestRuns.randomRun(random, TestRuns.newId(random), TestRuns.newId(random)));
    }
    runs.add(TestRuns.run(TestRuns.newId(), TestRuns.newId())
        .graph("\u2028\u2029\r\n\t\"\\ \ud83d\ude00 \u0001\u001f").inputs("").error("").build());

    byte[] encoded = ArchiveFormat.encode(runs);

    assertThat(ArchiveFormat.decode(encoded)).as("seed %s", seed).isEqualTo(runs);
    assertThat(ArchiveFormat.encode(runs)).isEqualTo(encoded);
  }

  @Test
  void readsRecordsWrittenByOthersIgnoringUnknownFieldsAndIntegralElapsedTime() throws IOException {
    WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).elapsedTime(3).build();
    String line = gunzip(ArchiveFormat.encode(List.of(run))).trim()
        .replace("\"elapsed_time\":3.0", "\"elapsed_time\":3")
        .replace("{\"id\"", "{\"sequence_number\":7,\"extra\":{\"a\":[1,2]},\"id\"");
    assertThat(line).contains("\"elapsed_time\":3,").contains("sequence_number");

    assertThat(ArchiveFormat.decode(gzip(line + "\n"))).containsExactly(run);
  }

  @Test
  void rejectsTruncatedCorruptedOrIncompleteData() throws IOException {
    List<WorkflowRun> runs = List.of(
        TestRuns.run(TestRuns.newId(), TestRuns.newId()).build(),
        TestRuns.run(TestRuns.newId(), TestRuns.newId()).build());
    byte[] encoded = ArchiveFormat.encode(runs);
    String text = gunzip(encoded);

    assertThatThrownBy(() -> ArchiveFormat.decode(Arrays.copyOf(encoded, encoded.length - 10)))
        .isInstanceOf(ArchiveException.class);
    assertThatThrownBy(() -> ArchiveFormat.decode("not gzip".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ArchiveException.class);
    assertThatThrownBy(() -> ArchiveFormat.decode(gzip(text.substring(0, text.length() - 20))))
        .isInstanceOf(ArchiveException.class);
    assertThatThrownBy(() -> ArchiveFormat.decode(gzip(text.replaceFirst(",\"status\":\"succeeded\"", ""))))
        .isInstanceOf(ArchiveException.class).hasMessageContaining("record 1").hasMessageContaining("status");
    assertThatThrownBy(() -> ArchiveFormat.decode(gzip(text.replaceFirst("\"total_steps\":3", "\"total_steps\":\"3\""))))
        .isInstanceOf(ArchiveException.class).hasMessageContaining("total_steps");
    assertThatThrownBy(() -> ArchiveFormat.decode(gzip(text.replaceFirst("\"status\":\"succeeded\"", "\"status\":\"done\""))))
        .isInstanceOf(ArchiveException.class).hasMessageContaining("done");
    assertThatThrownBy(() -> ArchiveFormat.decode(gzip("[1,2]\n")))
        .isInstanceOf(ArchiveException.class);
  }

  static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }


  @Test
  void relatedRowsOfEveryColumnTypeReadBackExactlyAfterTheRuns() throws IOException {
    String tenant = TestRuns.newId();
    WorkflowRun run = TestRuns.run(tenant, TestRuns.newId()).build();
    List<dev.runstore.api.RelatedRows.Column> columns = List.of(
        col("id", "UUID"), col("tenant_id", "TEXT"), col("workflow_run_id", "TEXT"), col("index", "INTEGER"),
        col("size", "BIGINT"), col("elapsed_time", "DOUBLE"), col("created_at", "TIMESTAMP"),
        col("flag", "BOOLEAN"), col("blob", "BINARY"), col("inputs", "TEXT"));
    List<List<Object>> rows = new ArrayList<>();
    double[] doubles = {0.1 + 0.2, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.NEGATIVE_INFINITY, 1e-300};
    for (int i = 0; i < doubles.length; i++) {
      rows.add(Arrays.asList(TestRuns.newId(), tenant, run.id(), i, Long.MAX_VALUE - i, doubles[i],
          Instant.parse("2024-02-29T23:59:59.999999Z").plusSeconds(i), i % 2 == 0, new byte[] {0, (byte) 255, (byte) i},
          "{\"k\": \"caf\u00e9 \\u00e9 \\n\", \"n\": 1.0}"));
    }
    rows.add(Arrays.asList(TestRuns.newId(), tenant, run.id(), null, null, null, null, null, null, null));
    List<List<@org.jspecify.annotations.Nullable Object>> nullableRows = new ArrayList<>(rows);
    dev.runstore.api.RelatedRows related = new dev.runstore.api.RelatedRows(
        List.of(new dev.runstore.api.RelatedRows.Table("workflow_node_executions", columns, nullableRows)),
        java.util.Map.of("workflow-state-1.json", new byte[] {1, 2, 3}));

    byte[] data = ArchiveFormat.encode(List.of(run), related);
    assertThat(ArchiveFormat.encode(List.of(run), related)).isEqualTo(data); // deterministic
    ArchiveFormat.Batch batch = ArchiveFormat.decodeBatch(data);
    assertThat(batch.runs()).containsExactly(run);
    assertThat(batch.related()).isEqualTo(related);
    List<Object> back = batch.related().tables().get(0).rows().get(1);
    assertThat(Double.doubleToRawLongBits((Double) back.get(5))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(ArchiveFormat.decode(data)).containsExactly(run);
    String text = gunzip(data);
    assertThat(text.lines()).hasSize(1 + 1 + rows.size() + 1);
    assertThat(text).contains("\"NaN\"").contains("\"-Infinity\"").contains("2024-02-29T23:59:59.999999Z");
    // A run after the related rows, or a row outside its table, is refused.
    assertThatThrownBy(() -> ArchiveFormat.readBatch(new ByteArrayInputStream(
        (text + text.lines().findFirst().orElseThrow() + "\n").getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ArchiveException.class).hasMessageContaining("a run after the related rows");
    String rowLine = text.lines().skip(2).findFirst().orElseThrow();
    assertThatThrownBy(() -> ArchiveFormat.readBatch(new ByteArrayInputStream(
        (text.lines().findFirst().orElseThrow() + "\n" + rowLine + "\n").getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ArchiveException.class).hasMessageContaining("outside its table's section");
  }

  private static dev.runstore.api.RelatedRows.Column col(String name, String type) {
    return new dev.runstore.api.RelatedRows.Column(name, dev.runstore.api.RelatedRows.ColumnType.valueOf(type));
  }
}
