package dev.runstore.retention;

import dev.runstore.api.Checks;
import dev.runstore.api.RunPosition;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Where batches go in an archive:
 * {@code {prefix}/{tenantId}/workflow_runs/{yyyy-MM-dd}/{yyyyMMdd'T'HHmmss.SSSSSS'Z'}-{firstId}.jsonl.gz}
 * and {@code ...manifest.json} next to it. The date directory and the file name come from the
 * batch's first (oldest) run, in UTC; so keys are deterministic (a rerun that archives the same
 * batch overwrites the same files) and sort in time order within a tenant.
 */
public final class ArchiveLayout {

  /** The prefix used when none is configured. */
  public static final String DEFAULT_PREFIX = "runstore";

  /** The suffix of data files. */
  public static final String DATA_SUFFIX = ".jsonl.gz";

  /** The suffix of manifests. */
  public static final String MANIFEST_SUFFIX = ".manifest.json";

  private static final String TABLE = BatchManifest.TABLE;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final String prefix;

  /**
   * A layout under {@code prefix} (no leading or trailing slash; empty for the archive's root).
   *
   * @throws IllegalArgumentException when the prefix is not a valid key path
   */
  public ArchiveLayout(String prefix) {
    Checks.requireNonNull(prefix, "prefix");
    if (!prefix.isEmpty()) {
      RunArchive.checkKey(prefix);
    }
    this.prefix = prefix;
  }

  /** The layout under {@link #DEFAULT_PREFIX}. */
  public static ArchiveLayout defaults() {
    return new ArchiveLayout(DEFAULT_PREFIX);
  }

  /** The prefix. */
  public String prefix() {
    return prefix;
  }

  /** The key prefix of every tenant's files. */
  public String rootPrefix() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  /** The key prefix of one tenant's files. */
  public String tenantPrefix(String tenantId) {
    return rootPrefix() + Checks.requireUuid(tenantId, "tenantId") + "/" + TABLE + "/";
  }

  /** The key without suffix of the batch of {@code tenantId} whose first run is at {@code first}. */
  public String baseKey(String tenantId, RunPosition first) {
    return tenantPrefix(tenantId) + DAY.format(first.createdAt()) + "/"
        + STAMP.format(first.createdAt()) + "-" + first.id();
  }

  /** The data file key of a base key. */
  public static String dataKey(String baseKey) {
    return baseKey + DATA_SUFFIX;
  }

  /** The manifest key of a base key. */
  public static String manifestKey(String baseKey) {
    return baseKey + MANIFEST_SUFFIX;
  }

  /** The name of the last segment of a key. */
  static String fileName(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** The directory part of a key, with its trailing slash (empty for a top-level key). */
  static String directory(String key) {
    return key.substring(0, key.lastIndexOf('/') + 1);
  }

  /**
   * The tenant of a key of this layout, or null when the key is not one of this layout's batch
   * files ({@code {prefix}/{tenant}/workflow_runs/{day}/{file}}).
   */
  @Nullable String tenantOf(String key) {
    String root = rootPrefix();
    if (!key.startsWith(root)) {
      return null;
    }
    String[] parts = key.substring(root.length()).split("/", -1);
    if (parts.length != 4 || !TABLE.equals(parts[1])) {
      return null;
    }
    return Checks.canonicalUuid(parts[0]);
  }

  /** The day directory of a batch key, or null when it has none. */
  static @Nullable LocalDate dayOf(String key) {
    String dir = directory(key);
    if (dir.length() < 11) {
      return null;
    }
    try {
      return LocalDate.parse(dir.substring(dir.length() - 11, dir.length() - 1));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
