package dev.runstore.retention;

/**
 * One batch a {@link RetentionJob} archived (and verified), then deleted.
 *
 * @param tenantId the batch's tenant
 * @param dataKey the data file's key
 * @param manifest the manifest written next to it
 * @param runsDeleted rows the delete removed
 */
public record ArchivedBatch(String tenantId, String dataKey, BatchManifest manifest, int runsDeleted) {}
