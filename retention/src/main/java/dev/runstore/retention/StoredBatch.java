package dev.runstore.retention;

/**
 * A complete batch in an archive: a manifest and the data file it describes.
 *
 * @param manifestKey the manifest's key
 * @param dataKey the data file's key
 * @param manifest the parsed manifest
 */
public record StoredBatch(String manifestKey, String dataKey, BatchManifest manifest) {}
