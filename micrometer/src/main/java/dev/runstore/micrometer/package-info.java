/**
 * Micrometer metrics and observations for runstore, as {@link dev.runstore.spi.OperationObserver}s:
 * pass them to {@link dev.runstore.api.RepositoryOptions.Builder#observer} and to the retention
 * jobs' builders.
 */
@NullMarked
package dev.runstore.micrometer;

import org.jspecify.annotations.NullMarked;
