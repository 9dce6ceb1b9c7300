/**
 * JDBC machinery shared by the SQL backends, one class per job: {@link dev.runstore.jdbc.SqlDialect}
 * (what differs between databases: statement text, plus {@link dev.runstore.jdbc.JdbcTypes},
 * error codes, {@link dev.runstore.jdbc.Upsert} and {@link dev.runstore.jdbc.SchemaScripts}),
 * {@link dev.runstore.jdbc.PortableSql} (statements every database shares),
 * {@link dev.runstore.jdbc.JdbcRunStore} (runs the statements below the contract front),
 * {@link dev.runstore.jdbc.JdbcExecutor} (connections, transactions, error translation),
 * {@link dev.runstore.jdbc.StatementBinder}, {@link dev.runstore.jdbc.RunRowMapper}, the
 * statistics planning ({@link dev.runstore.jdbc.LocalDayWindows}), the
 * {@link dev.runstore.jdbc.SchemaRunner} and {@link dev.runstore.jdbc.JdbcPools}.
 */
@NullMarked
package dev.runstore.jdbc;

import org.jspecify.annotations.NullMarked;
