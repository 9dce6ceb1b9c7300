package dev.runstore.jdbc;

import dev.runstore.api.WorkflowRun;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A database's upsert of a run, as one object: the statement that inserts the run or updates the
 * row with its id in place only when that row belongs to the same tenant and app, and how to
 * tell from the executed statement whether it wrote. Part of a {@link SqlDialect}.
 */
public interface Upsert {

  /**
   * The call that saves {@code run}; with {@code keepCreatedAt}, an update leaves the stored
   * {@code created_at} as it is (an engine's re-save).
   */
  Call call(WorkflowRun run, boolean keepCreatedAt);

  /**
   * Whether a failure of the statement means it lost a race with a concurrent insert of the same
   * id, so that running it again finds the row and updates it (H2's MERGE). Default: never.
   */
  default boolean lostRace(SQLException e) {
    return false;
  }

  /** One upsert statement, ready to run; runs alone in auto-commit mode. */
  @FunctionalInterface
  interface Call {

    /** The statement. */
    Sql sql();

    /** Whether the statement is prepared to return generated keys (read by {@link #applied}). */
    default boolean returnsGeneratedKeys() {
      return false;
    }

    /**
     * Whether the executed statement wrote the row (false: the id belongs to another tenant or
     * app and the row is unchanged). Default: a positive update count.
     */
    default boolean applied(PreparedStatement executed, int updateCount) throws SQLException {
      return updateCount > 0;
    }
  }
}
