package dev.runstore.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runstore.api.Checks;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RunPosition;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The manifest written next to each data file, as {@code <base>.manifest.json}. It is written
 * after its data file has been stored and verified, and before any run of it is deleted: a data
 * file without a manifest is an interrupted batch whose runs were never deleted.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param tenantId the tenant every run of the batch belongs to
 * @param dataFile the data file's name, in the manifest's directory
 * @param rowCount how many runs (lines) the data file holds
 * @param sizeBytes the data file's size
 * @param sha256 lower-case hex SHA-256 of the data file's bytes (the gzip stream)
 * @param first the {@code (createdAt, id)} of the file's first run (the smallest)
 * @param last the {@code (createdAt, id)} of the file's last run (the largest)
 * @param archivedAt when the batch was archived
 * @param cutoff the job's cutoff (runs created before it were expired)
 * @param related format version 2: the related rows the data file holds after its runs, per
 *     table ({@code runs} 0), and {@code pauseStates} the pause state objects; version 1 (runs
 *     only): {@link RelatedCounts#ZERO}
 * @param pauseStates format version 2: pause state objects the data file holds; version 1: 0
 */
public record BatchManifest(
    int formatVersion,
    String tenantId,
    String dataFile,
    int rowCount,
    long sizeBytes,
    String sha256,
    RunPosition first,
    RunPosition last,
    Instant archivedAt,
    Instant cutoff,
    RelatedCounts related,
    int pauseStates) {

  /** The format identifier in every manifest. */
  public static final String FORMAT = "runstore.workflow_runs.jsonl.gz";

  /** The table of the runs themselves. */
  public static final String TABLE = "workflow_runs";

  /** The format version of a batch of runs only (what runstore wrote before related rows). */
  public static final int FORMAT_VERSION = 1;

  /** The format version of a batch of runs with their related rows. */
  public static final int FORMAT_VERSION_RELATED = 2;

  /**
   * A manifest of runs only (format version {@value #FORMAT_VERSION}).
   *
   * @throws IllegalArgumentException naming the first invalid component
   */
  public BatchManifest(int formatVersion, String tenantId, String dataFile, int rowCount, long sizeBytes,
      String sha256, RunPosition first, RunPosition last, Instant archivedAt, Instant cutoff) {
    this(formatVersion, tenantId, dataFile, rowCount, sizeBytes, sha256, first, last, archivedAt, cutoff,
        RelatedCounts.ZERO, 0);
  }

  private static final ObjectMapper MAPPER =
      new ObjectMapper(ArchiveFormat.JSON).enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException naming the first invalid component
   */
  public BatchManifest {
    tenantId = Checks.requireUuid(tenantId, "tenantId");
    RunArchive.checkKey(Checks.requireNonNull(dataFile, "dataFile"));
    if (dataFile.contains("/")) {
      throw new IllegalArgumentException("dataFile must be a file name, was " + dataFile);
    }
    if (rowCount < 1) {
      throw new IllegalArgumentException("rowCount must be positive, was " + rowCount);
    }
    Checks.requireNotNegative(sizeBytes, "sizeBytes");
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
    Checks.requireNonNull(first, "first");
    Checks.requireNonNull(last, "last");
    Checks.requireNonNull(archivedAt, "archivedAt");
    Checks.requireNonNull(cutoff, "cutoff");
    Checks.requireNonNull(related, "related");
    if (formatVersion != FORMAT_VERSION && formatVersion != FORMAT_VERSION_RELATED) {
      throw new IllegalArgumentException("formatVersion must be " + FORMAT_VERSION + " or "
          + FORMAT_VERSION_RELATED + ", was " + formatVersion);
    }
    if (related.runs() != 0) {
      throw new IllegalArgumentException("related.runs must be 0 (runs are counted by rowCount), was " + related.runs());
    }
    if (pauseStates < 0) {
      throw new IllegalArgumentException("pauseStates must not be negative, was " + pauseStates);
    }
    if (formatVersion == FORMAT_VERSION && (related.total() != 0 || pauseStates != 0)) {
      throw new IllegalArgumentException("a format version 1 manifest holds runs only");
    }
  }

  /** True when the batch was archived with its related rows (format version 2). */
  public boolean withRelated() {
    return formatVersion == FORMAT_VERSION_RELATED;
  }

  /**
   * The rows of the batch per table, in the order the batch file holds them: {@code workflow_runs},
   * then (format version 2) every related table, 0 where the batch has none. Readers (the CLI's
   * {@code archive list}) print whatever tables this names.
   */
  public Map<String, Long> tableCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(TABLE, (long) rowCount);
    if (withRelated()) {
      counts.putAll(relatedTableCounts(related));
    }
    return Collections.unmodifiableMap(counts);
  }

  /** The six related tables' counts of {@code counts}, by table name, in the batch file's order. */
  static Map<String, Long> relatedTableCounts(RelatedCounts counts) {
    Map<String, Long> map = new LinkedHashMap<>();
    map.put("workflow_app_logs", counts.appLogs());
    map.put("workflow_node_executions", counts.nodeExecutions());
    map.put("workflow_node_execution_offload", counts.offloads());
    map.put("workflow_pauses", counts.pauses());
    map.put("workflow_pause_reasons", counts.pauseReasons());
    map.put("workflow_trigger_logs", counts.triggerLogs());
    return map;
  }

  /** This manifest as pretty-printed UTF-8 JSON. */
  public byte[] toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", formatVersion);
    root.put("tenant_id", tenantId);
    root.put("data_file", dataFile);
    root.put("row_count", rowCount);
    root.put("size_bytes", sizeBytes);
    root.put("sha256", sha256);
    position(root.putObject("first"), first);
    position(root.putObject("last"), last);
    root.put("archived_at", ArchiveFormat.TIMESTAMP.format(archivedAt));
    root.put("cutoff", ArchiveFormat.TIMESTAMP.format(cutoff));
    if (withRelated()) {
      ObjectNode tables = root.putObject("tables");
      tables.put(TABLE, rowCount);
      relatedTableCounts(related).forEach(tables::put);
      root.put("pause_states", pauseStates);
    }
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new ArchiveException("cannot encode manifest", e);
    }
  }

  /**
   * The manifest in {@code json}.
   *
   * @throws ArchiveException when it is not a valid manifest of a supported version
   */
  public static BatchManifest fromJson(byte[] json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || !root.isObject()) {
        throw new ArchiveException("manifest is not a JSON object");
      }
      if (!FORMAT.equals(root.path("format").asText(null))) {
        throw new ArchiveException("manifest format is not " + FORMAT);
      }
      int version = root.path("format_version").asInt(-1);
      if (version != FORMAT_VERSION && version != FORMAT_VERSION_RELATED) {
        throw new ArchiveException("manifest format_version " + version + " is not supported");
      }
      int rowCount = Math.toIntExact(integral(root, "row_count"));
      RelatedCounts related = RelatedCounts.ZERO;
      int pauseStates = 0;
      if (version == FORMAT_VERSION_RELATED) {
        JsonNode tables = root.get("tables");
        if (tables == null || !tables.isObject()) {
          throw new IllegalArgumentException("tables must be an object");
        }
        if (integral(tables, TABLE) != rowCount) {
          throw new IllegalArgumentException("tables." + TABLE + " differs from row_count");
        }
        related = new RelatedCounts(0, integral(tables, "workflow_node_executions"),
            integral(tables, "workflow_node_execution_offload"), integral(tables, "workflow_app_logs"),
            integral(tables, "workflow_trigger_logs"), integral(tables, "workflow_pauses"),
            integral(tables, "workflow_pause_reasons"));
        pauseStates = Math.toIntExact(integral(root, "pause_states"));
      }
      return new BatchManifest(
          version,
          text(root, "tenant_id"),
          text(root, "data_file"),
          rowCount,
          integral(root, "size_bytes"),
          text(root, "sha256"),
          position(root, "first"),
          position(root, "last"),
          Instant.parse(text(root, "archived_at")),
          Instant.parse(text(root, "cutoff")),
          related,
          pauseStates);
    } catch (IOException | IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
      throw new ArchiveException("manifest is invalid: " + e.getMessage(), e);
    }
  }

  private static void position(ObjectNode node, RunPosition position) {
    node.put("created_at", ArchiveFormat.TIMESTAMP.format(position.createdAt()));
    node.put("id", position.id());
  }

  private static RunPosition position(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(field + " must be an object");
    }
    return new RunPosition(Instant.parse(text(node, "created_at")), text(node, "id"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.asText();
  }

  private static long integral(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToExactIntegral() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(field + " must be an integer");
    }
    return value.asLong();
  }

}
