package dev.runstore.retention;

import java.util.List;
import java.util.Optional;

/**
 * Where {@link RetentionJob} puts the runs it purges: a flat key space of immutable-by-convention
 * files (a local directory, an S3 bucket, ...). Keys are {@code /}-separated paths whose segments
 * use only {@code [A-Za-z0-9._-]}, never start with a dot and are never {@code .} or {@code ..}
 * ({@link #checkKey(String)}).
 *
 * <p>Implementations must be safe for use by one job at a time; they need not verify what they
 * wrote: the job re-reads every file through {@link #get(String)} and checks its SHA-256 and
 * contents before deleting anything.
 */
public interface RunArchive extends AutoCloseable {

  /**
   * Stores {@code content} under {@code key}, replacing any previous content, and returns only
   * once it is durable (synced to disk, or acknowledged by the object store). A reader never sees
   * a partly written file under {@code key}: it sees the old content, or none, or all the new.
   *
   * @throws IllegalArgumentException for an invalid key
   * @throws ArchiveException when storing fails
   */
  void put(String key, byte[] content);

  /**
   * The content stored under {@code key}, or empty when there is none.
   *
   * @throws IllegalArgumentException for an invalid key
   * @throws ArchiveException when reading fails
   */
  Optional<byte[]> get(String key);

  /**
   * Every key that starts with {@code prefix}, in ascending order ({@link String#compareTo}).
   * An empty prefix lists everything.
   *
   * @throws ArchiveException when listing fails
   */
  List<String> list(String prefix);

  /** A short human-readable description for logs and reports (no credentials). */
  String describe();

  /** Releases what the archive owns; the default does nothing. */
  @Override
  default void close() {}

  /**
   * {@code key} if it is a valid archive key.
   *
   * @throws IllegalArgumentException naming the problem otherwise
   */
  static String checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("archive key must not be null or empty");
    }
    if (key.length() > 1024) {
      throw new IllegalArgumentException("archive key must be at most 1024 characters");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.charAt(0) == '.') {
        throw new IllegalArgumentException(
            "archive key segments must be non-empty and must not start with '.': " + key);
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '_' || c == '-';
        if (!ok) {
          throw new IllegalArgumentException(
              "archive key may only use [A-Za-z0-9._-] and '/': " + key);
        }
      }
    }
    return key;
  }
}
