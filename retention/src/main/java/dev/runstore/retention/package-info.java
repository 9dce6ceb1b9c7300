/**
 * Purging expired workflow runs with a verified backup first, and restoring them.
 *
 * <p>{@link dev.runstore.retention.RetentionJob} finds a tenant's runs older than a cutoff, writes
 * them to a {@link dev.runstore.retention.RunArchive} as one gzip'd JSON Lines file per batch plus
 * a manifest, re-reads and verifies both, and only then deletes exactly those ids.
 * {@link dev.runstore.retention.RestoreJob} reads the archive back and upserts the runs.
 * Archives: {@link dev.runstore.retention.LocalDirectoryArchive} and
 * {@link dev.runstore.retention.S3Archive}.
 */
@NullMarked
package dev.runstore.retention;

import org.jspecify.annotations.NullMarked;
