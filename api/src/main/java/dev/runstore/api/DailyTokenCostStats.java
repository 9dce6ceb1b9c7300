package dev.runstore.api;

import java.time.LocalDate;

/**
 * The tokens used by runs created on one day.
 *
 * @param date the calendar day in the query's zone
 * @param tokenCount sum of {@code totalTokens} that day
 */
public record DailyTokenCostStats(LocalDate date, long tokenCount) {}
