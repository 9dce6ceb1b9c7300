/**
 * The PostgreSQL backend: {@link dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository}, its
 * ServiceLoader provider (short name {@code postgres}) and its SQL dialect.
 */
@NullMarked
package dev.runstore.jdbc.postgres;

import org.jspecify.annotations.NullMarked;
