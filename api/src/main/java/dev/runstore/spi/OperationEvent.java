package dev.runstore.spi;

import org.jspecify.annotations.Nullable;

/**
 * One observed operation, as it ended.
 *
 * @param operation what ran
 * @param backend the backend's short name (e.g. {@code postgres}), the tag identifying the store
 * @param outcome how it ended; {@link Outcome#of(Throwable) Outcome.of(failure)}
 * @param durationNanos wall-clock time of the call in nanoseconds, or {@code -1} when no
 *     observer asked for it ({@link OperationObserver#needsDuration()})
 * @param rows rows returned, written or deleted as {@link Operation} describes; {@code -1} where
 *     that does not apply or the operation failed
 * @param relatedRows rows of related tables (node executions, app logs, …) deleted along with the
 *     runs; 0 where it does not apply
 * @param bytes archive bytes written or read by a retention step; 0 elsewhere
 * @param failure what the operation threw, null when it returned; never rethrown or changed by
 *     observers
 */
public record OperationEvent(
    Operation operation,
    String backend,
    Outcome outcome,
    long durationNanos,
    long rows,
    long relatedRows,
    long bytes,
    @Nullable Throwable failure) {}
