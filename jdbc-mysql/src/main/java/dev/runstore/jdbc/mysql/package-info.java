/**
 * The MySQL/MariaDB backend: {@link dev.runstore.jdbc.mysql.MySqlWorkflowRunRepository}, its
 * ServiceLoader provider (short name {@code mysql}) and its SQL dialect.
 */
@NullMarked
package dev.runstore.jdbc.mysql;

import org.jspecify.annotations.NullMarked;
