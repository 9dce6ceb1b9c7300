package dev.runstore.cli;

import dev.runstore.retention.ArchiveFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Number, size and time formatting for tables and summaries (locale-independent). */
final class Format {

  private Format() {}

  /** {@code 12,345}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 4.1 MB (4,312,345 bytes)}. */
  static String bytes(long n) {
    String human;
    if (n < 1024) {
      human = n + " B";
    } else if (n < 1024L * 1024) {
      human = String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    } else if (n < 1024L * 1024 * 1024) {
      human = String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    } else {
      human = String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
    }
    return n < 1024 ? human : human + " (" + count(n) + " bytes)";
  }

  /** {@code 4.1 MiB}, without the exact byte count. */
  static String bytesShort(long n) {
    return bytes(n).split(" \\(")[0];
  }

  /** {@code 3,858 runs/s}, or {@code -} for an instant job. */
  static String rate(long runs, Duration d) {
    long ms = d.toMillis();
    if (ms <= 0) {
      return "-";
    }
    return count(Math.round(runs * 1000.0 / ms)) + " runs/s";
  }

  /** {@code 2025-06-01T12:00:00.123456Z}, as in the archive. */
  static String instant(Instant instant) {
    return ArchiveFormat.TIMESTAMP.format(instant);
  }

  /** A summary line: {@code "  label        value"}. */
  static String row(String label, String value) {
    return String.format(Locale.ROOT, "  %-16s %s", label, value);
  }
}
