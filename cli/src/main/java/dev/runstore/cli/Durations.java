package dev.runstore.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations the tool accepts: {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s},
 * {@code 500ms}, combinations such as {@code 1d12h} or {@code 1h30m}, and ISO-8601
 * ({@code PT1H}, {@code P30D}). Days are 24 hours. Negative durations are rejected.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d{1,12})(ms|d|h|m|s)");

  private Durations() {}

  /**
   * The duration {@code text} denotes.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms when it is invalid
   */
  public static Duration parse(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      throw invalid(text);
    }
    String upper = t.toUpperCase(Locale.ROOT);
    if (upper.startsWith("P") || upper.startsWith("-P") || upper.startsWith("+P")) {
      Duration d;
      try {
        d = Duration.parse(upper);
      } catch (DateTimeParseException e) {
        throw invalid(text);
      }
      if (d.isNegative()) {
        throw new IllegalArgumentException("duration must not be negative, was '" + text + "'");
      }
      return d;
    }
    Matcher m = PART.matcher(t.toLowerCase(Locale.ROOT));
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        case "s" -> Duration.ofSeconds(n);
        default -> Duration.ofMillis(n);
      });
      end = m.end();
    }
    if (end == 0 || end != t.length()) {
      throw invalid(text);
    }
    return total;
  }

  /** A short human form: {@code 1.2 s}, {@code 3 min 4 s}, {@code 2 h 5 min}. */
  public static String format(Duration d) {
    if (d.getSeconds() >= 60) {
      long s = d.getSeconds();
      return s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + ((s % 3600) / 60) + " min";
    }
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid duration '" + text
        + "': use a number with a unit (30d, 12h, 90m, 45s, 500ms, or combined: 1h30m) or ISO-8601 (PT1H, P30D)");
  }
}
