package dev.runstore.api;

import java.time.LocalDate;

/**
 * The number of distinct creators ({@code createdBy}) of runs on one day.
 *
 * @param date the calendar day in the query's zone
 * @param terminalCount distinct creators that day
 */
public record DailyTerminalsStats(LocalDate date, long terminalCount) {}
