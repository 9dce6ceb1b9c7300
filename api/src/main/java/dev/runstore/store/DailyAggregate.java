package dev.runstore.store;

import java.time.LocalDate;

/**
 * One calendar day's aggregates of a statistics query, as a store computes them.
 *
 * @param date the day in the query's zone
 * @param runs runs created that day
 * @param creators distinct {@code createdBy} that day
 * @param tokens sum of {@code totalTokens} that day
 */
public record DailyAggregate(LocalDate date, long runs, long creators, long tokens) {}
