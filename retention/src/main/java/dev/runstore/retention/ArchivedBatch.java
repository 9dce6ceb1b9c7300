package dev.runstore.retention;

import dev.runstore.api.RelatedCounts;

/**
 * One batch a {@link RetentionJob} archived (and verified), then deleted.
 *
 * @param tenantId the batch's tenant
 * @param dataKey the data file's key
 * @param manifest the manifest written next to it
 * @param runsDeleted rows the delete removed
 * @param related the rows the delete removed per table, runs included (related keys 0 for a
 *     batch of runs only)
 */
public record ArchivedBatch(
    String tenantId, String dataKey, BatchManifest manifest, int runsDeleted, RelatedCounts related) {

  /** A batch of runs only: {@code related} counts the deleted runs alone. */
  public ArchivedBatch(String tenantId, String dataKey, BatchManifest manifest, int runsDeleted) {
    this(tenantId, dataKey, manifest, runsDeleted, new RelatedCounts(runsDeleted, 0, 0, 0, 0, 0, 0));
  }
}
