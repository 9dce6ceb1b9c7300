package dev.runstore.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by the records and every backend, so that all of them reject the same
 * input with the same {@link IllegalArgumentException} message, before any database access.
 */
public final class Checks {

  /** The earliest instant every backend stores: MySQL's {@code DATETIME} starts at year 1000. */
  public static final Instant MIN_INSTANT = Instant.parse("1000-01-01T00:00:00Z");

  /** The latest instant every backend stores ({@code DATETIME(6)} ends in year 9999). */
  public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

  /** Dify's {@code varchar(255)} columns. */
  public static final int MAX_VARCHAR = 255;

  private Checks() {}

  /**
   * The canonical lower-case form of a UUID string ({@code 8-4-4-4-12} hex digits), or null when
   * {@code value} is null or not such a string. Upper-case hex digits are accepted and lowered.
   */
  public static @Nullable String canonicalUuid(@Nullable String value) {
    if (value == null || value.length() != 36) {
      return null;
    }
    for (int i = 0; i < 36; i++) {
      char c = value.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
        return null;
      }
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /**
   * The canonical form of a required UUID.
   *
   * @throws IllegalArgumentException naming {@code name} when the value is null or malformed
   */
  public static String requireUuid(@Nullable String value, String name) {
    String canonical = canonicalUuid(value);
    if (canonical == null) {
      throw new IllegalArgumentException(
          name + (value == null ? " must not be null" : " must be a UUID string, was '" + clip(value) + "'"));
    }
    return canonical;
  }

  /**
   * A required, non-blank identifier (tenant or app id) as given.
   *
   * @throws IllegalArgumentException naming {@code name} when null or blank
   */
  public static String requireText(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be null or blank");
    }
    return value;
  }

  /**
   * A required reference.
   *
   * @throws IllegalArgumentException naming {@code name} when null
   */
  public static <T> T requireNonNull(@Nullable T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }

  /**
   * {@code value} if it lies in {@code [min, max]}.
   *
   * @throws IllegalArgumentException naming {@code name} and the range otherwise
   */
  public static int requireRange(int value, int min, int max, String name) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /**
   * {@code value} if it is not negative.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  public static long requireNotNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
    return value;
  }

  /**
   * A stored timestamp: truncated to microseconds (what every backend keeps) and within
   * {@link #MIN_INSTANT}..{@link #MAX_INSTANT}.
   *
   * @throws IllegalArgumentException naming {@code name} when null or out of range
   */
  public static Instant requireStorableInstant(@Nullable Instant value, String name) {
    Instant truncated = requireNonNull(value, name).truncatedTo(ChronoUnit.MICROS);
    if (truncated.isBefore(MIN_INSTANT) || truncated.isAfter(MAX_INSTANT)) {
      throw new IllegalArgumentException(
          name + " must be between " + MIN_INSTANT + " and " + MAX_INSTANT + ", was " + value);
    }
    return truncated;
  }

  /**
   * Text that every backend stores unchanged: no NUL character (PostgreSQL's {@code text} refuses
   * it) and no unpaired surrogate (it has no UTF-8 encoding).
   *
   * @throws IllegalArgumentException naming {@code name} and the offending position otherwise
   */
  public static @Nullable String requireStorableText(@Nullable String value, String name) {
    if (value == null) {
      return null;
    }
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c == 0) {
        throw new IllegalArgumentException(name + " must not contain U+0000 (at index " + i + ")");
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else {
          throw new IllegalArgumentException(
              name + " must not contain an unpaired surrogate (at index " + i + ")");
        }
      }
    }
    return value;
  }

  /**
   * The lower bound {@code now - timeRange} of a "created within the last ..." filter, or null
   * when there is no bound ({@code timeRange} null, or reaching before {@link #MIN_INSTANT}).
   *
   * @throws IllegalArgumentException when {@code timeRange} is negative
   */
  public static @Nullable Instant sinceNow(java.time.@Nullable Duration timeRange) {
    if (timeRange == null) {
      return null;
    }
    if (timeRange.isNegative()) {
      throw new IllegalArgumentException("timeRange must not be negative, was " + timeRange);
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    if (timeRange.compareTo(java.time.Duration.between(MIN_INSTANT, now)) >= 0) {
      return null;
    }
    return now.minus(timeRange);
  }

  private static String clip(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "...";
  }
}
