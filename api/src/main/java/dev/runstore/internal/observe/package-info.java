/**
 * Not public API: the decorator that reports a repository's operations to
 * {@link dev.runstore.spi.OperationObserver}s, and the hooks shared with the modules that report
 * too. Exported only to those modules ({@code exports ... to} in {@code module-info.java}).
 */
@NullMarked
package dev.runstore.internal.observe;

import org.jspecify.annotations.NullMarked;
