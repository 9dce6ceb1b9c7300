package dev.runstore.retention;

import dev.runstore.api.Checks;
import dev.runstore.api.RunPosition;
import dev.runstore.api.WorkflowRun;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads what {@link RetentionJob} wrote: lists the complete batches (those with a manifest) and
 * reads a batch's runs after verifying its data file against the manifest (size, SHA-256, row
 * count, tenant, first and last position, order).
 */
public final class ArchiveReader {

  private final RunArchive archive;
  private final ArchiveLayout layout;

  /** A reader of {@code archive} laid out as {@code layout}. */
  public ArchiveReader(RunArchive archive, ArchiveLayout layout) {
    this.archive = Checks.requireNonNull(archive, "archive");
    this.layout = Checks.requireNonNull(layout, "layout");
  }

  /**
   * What the archive holds for a tenant (or every tenant when {@code tenantId} is null).
   *
   * @param batches the complete batches, in key order
   * @param incompleteDataKeys data files without a manifest: batches interrupted before their
   *     manifest was written, whose runs were therefore never deleted
   */
  public record Listing(List<StoredBatch> batches, List<String> incompleteDataKeys) {
    /** Copies the lists. */
    public Listing {
      batches = List.copyOf(batches);
      incompleteDataKeys = List.copyOf(incompleteDataKeys);
    }
  }

  /**
   * Lists the batches of one tenant, or of every tenant when {@code tenantId} is null, whose
   * day directory is not after {@code to} (null: no bound). Manifests are read and parsed.
   *
   * @throws ArchiveException when listing fails or a manifest is invalid
   */
  public Listing list(@Nullable String tenantId, @Nullable LocalDate to) {
    String prefix = tenantId == null ? layout.rootPrefix() : layout.tenantPrefix(tenantId);
    List<String> keys = archive.list(prefix);
    Set<String> manifestBases = new HashSet<>();
    for (String key : keys) {
      if (key.endsWith(ArchiveLayout.MANIFEST_SUFFIX)) {
        manifestBases.add(key.substring(0, key.length() - ArchiveLayout.MANIFEST_SUFFIX.length()));
      }
    }
    List<StoredBatch> batches = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    for (String key : keys) {
      String tenant = layout.tenantOf(key);
      LocalDate day = ArchiveLayout.dayOf(key);
      if (tenant == null || day == null || (to != null && day.isAfter(to))) {
        continue;
      }
      if (key.endsWith(ArchiveLayout.DATA_SUFFIX)) {
        String base = key.substring(0, key.length() - ArchiveLayout.DATA_SUFFIX.length());
        if (!manifestBases.contains(base)) {
          incomplete.add(key);
        }
      } else if (key.endsWith(ArchiveLayout.MANIFEST_SUFFIX)) {
        BatchManifest manifest = readManifest(key);
        if (!manifest.tenantId().equals(tenant)) {
          throw new ArchiveException("manifest " + key + " names another tenant than its path");
        }
        batches.add(new StoredBatch(key, ArchiveLayout.directory(key) + manifest.dataFile(), manifest));
      }
    }
    return new Listing(batches, incomplete);
  }

  /**
   * The complete batches of these tenants (every tenant when {@code tenantIds} is null) holding
   * runs created on the UTC days {@code from}..{@code to} (both inclusive, null for no bound), in
   * key order per tenant, with the data files that lack a manifest. This is what
   * {@link RestoreJob} reads, and what a listing of the archive shows.
   *
   * @throws ArchiveException when listing fails or a manifest is invalid
   */
  public Listing select(@Nullable Collection<String> tenantIds, @Nullable LocalDate from, @Nullable LocalDate to) {
    List<StoredBatch> batches = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    for (@Nullable String tenant : tenantIds == null ? Collections.<@Nullable String>singletonList(null) : tenantIds) {
      Listing listing = list(tenant, to);
      batches.addAll(listing.batches());
      incomplete.addAll(listing.incompleteDataKeys());
    }
    batches.removeIf(b -> from != null && LocalDate.ofInstant(b.manifest().last().createdAt(), ZoneOffset.UTC).isBefore(from));
    return new Listing(batches, incomplete);
  }

  /**
   * The manifest stored under {@code key}.
   *
   * @throws ArchiveException when it is missing or invalid
   */
  public BatchManifest readManifest(String key) {
    byte[] json = archive.get(key).orElseThrow(() -> new ArchiveException("manifest " + key + " is missing"));
    try {
      return BatchManifest.fromJson(json);
    } catch (ArchiveException e) {
      throw new ArchiveException("manifest " + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * The runs of a batch, in file order, after verifying the data file against the manifest.
   *
   * @throws ArchiveException when the data file is missing or fails verification
   */
  public List<WorkflowRun> read(StoredBatch batch) {
    return readBatch(batch).runs();
  }

  /**
   * The runs and related rows of a batch (none in a batch of runs only), after verifying the data
   * file against the manifest.
   *
   * @throws ArchiveException when the data file is missing or fails verification
   */
  public ArchiveFormat.Batch readBatch(StoredBatch batch) {
    byte[] data = archive.get(batch.dataKey())
        .orElseThrow(() -> new ArchiveException("data file " + batch.dataKey() + " is missing"));
    return verify(batch.dataKey(), data, batch.manifest());
  }

  /**
   * The content of {@code data} if it matches {@code manifest} exactly: size, checksum, runs
   * (count, tenant, order, first and last), and in format version 2 the rows per related table,
   * the pause state objects, and every related row's tenant.
   *
   * @throws ArchiveException naming the key and the first mismatch
   */
  static ArchiveFormat.Batch verify(String dataKey, byte[] data, BatchManifest manifest) {
    if (data.length != manifest.sizeBytes()) {
      throw new ArchiveException("data file " + dataKey + " has " + data.length
          + " bytes, manifest says " + manifest.sizeBytes());
    }
    if (!Hashes.sha256Hex(data).equals(manifest.sha256())) {
      throw new ArchiveException("data file " + dataKey + " does not match its manifest's SHA-256");
    }
    ArchiveFormat.Batch batch;
    try {
      batch = ArchiveFormat.decodeBatch(data);
    } catch (ArchiveException e) {
      throw new ArchiveException("data file " + dataKey + ": " + e.getMessage(), e);
    }
    List<WorkflowRun> runs = batch.runs();
    if (runs.size() != manifest.rowCount()) {
      throw new ArchiveException("data file " + dataKey + " has " + runs.size()
          + " runs, manifest says " + manifest.rowCount());
    }
    RunPosition previous = null;
    for (WorkflowRun run : runs) {
      if (!run.tenantId().equals(manifest.tenantId())) {
        throw new ArchiveException("data file " + dataKey + " holds a run of another tenant");
      }
      RunPosition position = RunPosition.of(run);
      if (previous != null && previous.compareTo(position) >= 0) {
        throw new ArchiveException("data file " + dataKey + " is not in (created_at, id) order");
      }
      previous = position;
    }
    if (!RunPosition.of(runs.get(0)).equals(manifest.first())
        || !RunPosition.of(runs.get(runs.size() - 1)).equals(manifest.last())) {
      throw new ArchiveException("data file " + dataKey + " does not match its manifest's first/last run");
    }
    if (!manifest.related().equals(batch.related().counts())
        || manifest.pauseStates() != batch.related().pauseStates().size()) {
      throw new ArchiveException("data file " + dataKey + " holds " + batch.related()
          + " related rows, manifest says " + BatchManifest.relatedTableCounts(manifest.related())
          + " and " + manifest.pauseStates() + " pause states");
    }
    for (dev.runstore.api.RelatedRows.Table table : batch.related().tables()) {
      Integer tenantColumn = null;
      for (int i = 0; i < table.columns().size(); i++) {
        if (table.columns().get(i).name().equalsIgnoreCase("tenant_id")) {
          tenantColumn = i;
        }
      }
      if (tenantColumn != null) {
        for (List<@Nullable Object> row : table.rows()) {
          Object tenant = row.get(tenantColumn);
          if (tenant != null && !manifest.tenantId().equalsIgnoreCase(tenant.toString())) {
            throw new ArchiveException("data file " + dataKey + " holds a row of " + table.name() + " of another tenant");
          }
        }
      }
    }
    return batch;
  }
}
