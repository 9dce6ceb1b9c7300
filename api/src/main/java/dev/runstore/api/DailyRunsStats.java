package dev.runstore.api;

import java.time.LocalDate;

/**
 * The number of runs created on one day.
 *
 * @param date the calendar day in the query's zone
 * @param runs runs created that day (every status)
 */
public record DailyRunsStats(LocalDate date, long runs) {}
