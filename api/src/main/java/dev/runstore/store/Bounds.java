package dev.runstore.store;

import dev.runstore.api.Checks;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * Time bounds as the caller gives them turned into bounds a store compares with its column
 * directly. Stored instants have microsecond precision and lie within
 * {@link Checks#MIN_INSTANT}..{@link Checks#MAX_INSTANT}, so {@code createdAt >= t} equals
 * {@code createdAt >= ceil(t)}, {@code createdAt < t} equals {@code createdAt < ceil(t)}, a lower
 * bound before the range is no bound and an upper bound past it is none either.
 *
 * @param from inclusive lower bound, or null for none
 * @param to exclusive upper bound, or null for none
 */
public record Bounds(@Nullable Instant from, @Nullable Instant to) {

  /** No run at all can lie in these bounds. */
  private static final Bounds EMPTY = new Bounds(Checks.MAX_INSTANT, Checks.MAX_INSTANT);

  /**
   * The normalized form of {@code from <= createdAt < to} (either may be null); {@link #isEmpty()}
   * when no storable instant lies in it.
   */
  public static Bounds of(@Nullable Instant from, @Nullable Instant to) {
    Instant lower = from == null ? null : ceilClamped(from);
    Instant upper = to == null ? null : ceilClamped(to);
    if (lower != null && lower.isBefore(Checks.MIN_INSTANT)) {
      lower = null;
    }
    if (upper != null && upper.isAfter(Checks.MAX_INSTANT)) {
      upper = null;
    }
    if ((lower != null && lower.isAfter(Checks.MAX_INSTANT))
        || (upper != null && !upper.isAfter(Checks.MIN_INSTANT))
        || (lower != null && upper != null && !lower.isBefore(upper))) {
      return EMPTY;
    }
    return new Bounds(lower, upper);
  }

  /** Whether no storable instant lies within these bounds. */
  public boolean isEmpty() {
    return this == EMPTY;
  }

  /**
   * {@code instant} rounded up to a whole microsecond, or a second outside the storable range
   * when it lies outside (so that no arithmetic overflows near {@link Instant#MAX}).
   */
  static Instant ceilClamped(Instant instant) {
    if (instant.isBefore(Checks.MIN_INSTANT)) {
      return Checks.MIN_INSTANT.minusSeconds(1);
    }
    if (instant.isAfter(Checks.MAX_INSTANT)) {
      return Checks.MAX_INSTANT.plusSeconds(1);
    }
    return ceilToMicros(instant);
  }

  /** {@code instant} rounded up to the next whole microsecond (unchanged when already whole). */
  public static Instant ceilToMicros(Instant instant) {
    Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
    return truncated.equals(instant) ? instant : truncated.plus(1, ChronoUnit.MICROS);
  }
}
