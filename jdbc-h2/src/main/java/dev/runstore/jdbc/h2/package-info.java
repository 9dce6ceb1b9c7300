/**
 * The H2 backend: {@link dev.runstore.jdbc.h2.H2WorkflowRunRepository}, its ServiceLoader
 * provider (short name {@code h2}) and its SQL dialect.
 */
@NullMarked
package dev.runstore.jdbc.h2;

import org.jspecify.annotations.NullMarked;
