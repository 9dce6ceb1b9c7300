package dev.runstore.cli;

import dev.runstore.api.Checks;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Checks of option values that name the flag the user typed, never the library's parameter
 * ({@code --batch-size}, not {@code batchSize}): they run before any database access, and their
 * {@link IllegalArgumentException} is a usage error (exit 2).
 */
final class Flags {

  private Flags() {}

  /**
   * {@code value} if it lies in {@code [min, max]}.
   *
   * @throws IllegalArgumentException naming {@code flag} and the range otherwise
   */
  static int range(int value, int min, int max, String flag) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /**
   * {@code value} if it is at least 1.
   *
   * @throws IllegalArgumentException naming {@code flag} otherwise
   */
  static long positive(long value, String flag) {
    if (value < 1) {
      throw new IllegalArgumentException(flag + " must be at least 1, was " + value);
    }
    return value;
  }

  /**
   * The instant {@code ago} before {@code now}, truncated to microseconds (what databases keep).
   *
   * @throws IllegalArgumentException naming {@code flag} when it reaches before the earliest
   *     time a database stores ({@link Checks#MIN_INSTANT})
   */
  static Instant before(Instant now, Duration ago, String flag, String typed) {
    try {
      Instant cutoff = now.minus(ago).truncatedTo(ChronoUnit.MICROS);
      if (!cutoff.isBefore(Checks.MIN_INSTANT)) {
        return cutoff;
      }
    } catch (DateTimeException | ArithmeticException tooLong) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " " + typed + " reaches back before " + Checks.MIN_INSTANT
        + ", the earliest time a database stores runs: give a shorter duration");
  }

  /**
   * {@code duration} if {@code now + duration} is a representable time.
   *
   * @throws IllegalArgumentException naming {@code flag} otherwise
   */
  static Duration budget(Instant now, Duration duration, String flag, String typed) {
    try {
      if (!now.plus(duration).isAfter(Checks.MAX_INSTANT)) {
        return duration;
      }
    } catch (DateTimeException | ArithmeticException tooLong) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " " + typed + " is too long: it ends after "
        + Checks.MAX_INSTANT + "; leave it out for no limit");
  }

  /**
   * A point in time typed as an ISO-8601 instant ({@code 2025-06-01T00:00:00Z}), a UTC day
   * ({@code 2025-06-01}, its midnight) or a duration before {@code now} ({@code 30d}, {@code PT12H}).
   *
   * @throws IllegalArgumentException naming {@code flag} and the accepted forms when it is none
   */
  static Instant when(Instant now, String typed, String flag) {
    String text = typed.strip();
    try {
      return Instant.parse(text).truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeException notAnInstant) {
      // try the other forms
    }
    try {
      return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    } catch (DateTimeException notADay) {
      // try a duration
    }
    Duration ago;
    try {
      ago = Durations.parse(text);
    } catch (IllegalArgumentException notADuration) {
      throw new IllegalArgumentException(flag + " '" + typed + "' is not a time: give an instant"
          + " (2025-06-01T00:00:00Z), a UTC day (2025-06-01) or a duration before now (30d, 12h, PT1H)");
    }
    return before(now, ago, flag, typed);
  }
}
