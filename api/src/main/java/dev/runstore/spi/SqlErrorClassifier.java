package dev.runstore.spi;

import dev.runstore.api.DataAccessException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * A database's own error codes, for {@link DataAccessException.Reason#of}: each SQL backend
 * registers one with {@link java.util.ServiceLoader} ({@code META-INF/services} and
 * {@code provides} in its module), so that vendor codes — a MySQL deadlock 1213, a PostgreSQL
 * {@code 55P03} lock timeout — live in the backend's module and the SQL standard's classes in
 * {@code api}. Classifiers look at codes only (not at the driver's exception classes), so codes
 * must not collide between databases: PostgreSQL's are SQLStates, MySQL's four-digit and H2's
 * five-digit vendor error codes.
 */
public interface SqlErrorClassifier {

  /**
   * The reason of this one exception (not its chain), or null when it carries no code this
   * database defines; the caller walks the chain.
   */
  DataAccessException.@Nullable Reason classify(SQLException e);
}
