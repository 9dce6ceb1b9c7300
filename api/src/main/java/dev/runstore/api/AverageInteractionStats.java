package dev.runstore.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * Runs per distinct creator on one day.
 *
 * @param date the calendar day in the query's zone
 * @param interactions runs divided by distinct creators, rounded half-up to 2 decimals
 */
public record AverageInteractionStats(LocalDate date, double interactions) {

  /**
   * {@code runs / creators} rounded half-up to 2 decimals in exact decimal arithmetic
   * (201 runs by 200 creators gives 1.01).
   *
   * @throws IllegalArgumentException when {@code creators} is not positive
   */
  public static double average(long runs, long creators) {
    if (creators <= 0) {
      throw new IllegalArgumentException("creators must be positive, was " + creators);
    }
    return BigDecimal.valueOf(runs)
        .divide(BigDecimal.valueOf(creators), 2, RoundingMode.HALF_UP)
        .doubleValue();
  }
}
