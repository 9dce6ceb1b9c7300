/**
 * JDBC machinery shared by the SQL backends: {@link dev.runstore.jdbc.SqlDialect} (what differs
 * between databases: SQL text, value binding), {@link dev.runstore.jdbc.AbstractJdbcWorkflowRunRepository}
 * (what does not: loops, row mapping, chunking, retry, error translation), the
 * {@link dev.runstore.jdbc.SchemaRunner} and {@link dev.runstore.jdbc.JdbcPools}.
 */
@NullMarked
package dev.runstore.jdbc;

import org.jspecify.annotations.NullMarked;
