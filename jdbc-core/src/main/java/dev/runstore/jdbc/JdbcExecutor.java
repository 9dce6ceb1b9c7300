package dev.runstore.jdbc;

import dev.runstore.api.DataAccessException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Connections, transactions and error translation for one dialect over one DataSource: each call
 * borrows a connection for its whole duration, leaves it in the auto-commit state it had, and
 * turns any {@link SQLException} into a {@link DataAccessException} naming the operation and the
 * statement that failed (never bound values). Thread-safe.
 */
public final class JdbcExecutor {

  /** Work on one borrowed connection. */
  @FunctionalInterface
  public interface Work<T> {
    /** Does the work; SQLExceptions escape to be translated. */
    T run(Session session) throws SQLException;
  }

  /** Reads a result set. */
  @FunctionalInterface
  public interface Reader<T> {
    /** Reads {@code rs} (positioned before its first row). */
    T read(ResultSet rs) throws SQLException;
  }

  /** Decides the reason of a failure before the dialect's codes do, or returns null to leave it to them. */
  @FunctionalInterface
  public interface ReasonOverride {
    /** The reason of {@code e}, or null. */
    DataAccessException.@Nullable Reason reason(SQLException e);
  }

  private final DataSource dataSource;
  private final SqlDialect dialect;

  /** An executor running {@code dialect}'s statements on connections of {@code dataSource}. */
  public JdbcExecutor(DataSource dataSource, SqlDialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /** The dialect. */
  public SqlDialect dialect() {
    return dialect;
  }

  /** One query in auto-commit mode. */
  public <T> T query(String operation, Sql sql, Reader<T> reader) {
    return autoCommit(operation, sql, session -> session.query(sql, reader));
  }

  /** One update in auto-commit mode; its update count. */
  public int update(String operation, Sql sql) {
    return autoCommit(operation, sql, session -> session.update(sql));
  }

  /** {@code work} in auto-commit mode; {@code sql} is named in messages unless a statement of the session failed. */
  public <T> T autoCommit(String operation, Sql sql, Work<T> work) {
    return run(operation, sql, true, work, null);
  }

  /** {@link #autoCommit} with {@code override} deciding the reason of a failure first. */
  public <T> T autoCommit(String operation, Sql sql, Work<T> work, ReasonOverride override) {
    return run(operation, sql, true, work, override);
  }

  /** {@code work} in one transaction: committed when it returns, rolled back whole when it fails. */
  public <T> T transaction(String operation, Sql sql, Work<T> work) {
    return run(operation, sql, false, session -> {
      try {
        T result = work.run(session);
        session.connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          session.connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    }, null);
  }

  private <T> T run(String operation, Sql sql, boolean autoCommit, Work<T> work, @Nullable ReasonOverride override) {
    try (Connection connection = dataSource.getConnection()) {
      boolean original = connection.getAutoCommit();
      if (original != autoCommit) {
        connection.setAutoCommit(autoCommit);
      }
      boolean done = false;
      try {
        T result = work.run(new Session(connection));
        done = true;
        return result;
      } finally {
        restore(connection, original, autoCommit, done);
      }
    } catch (FailedStatement e) {
      throw translate(operation, e.sql, e.failure, override);
    } catch (SQLException e) {
      throw translate(operation, sql, e, override);
    }
  }

  private DataAccessException translate(String operation, Sql sql, SQLException e, @Nullable ReasonOverride override) {
    DataAccessException.Reason reason = override == null ? null : override.reason(e);
    return reason != null
        ? JdbcErrors.translate(operation, sql.text(), e, reason)
        : JdbcErrors.translate(operation, sql.text(), e, dialect.errors());
  }

  private static void restore(Connection connection, boolean original, boolean current, boolean done)
      throws SQLException {
    if (original == current) {
      return;
    }
    if (!done) {
      // The connection may be dead (that is often why we are here): do not mask the failure.
      try {
        if (!current) {
          connection.rollback();
        }
        connection.setAutoCommit(original);
      } catch (SQLException ignored) {
        // the pool discards broken connections
      }
      return;
    }
    connection.setAutoCommit(original);
  }

  /** A borrowed connection; statements run through it name themselves when they fail. */
  public final class Session {
    private final Connection connection;

    private Session(Connection connection) {
      this.connection = connection;
    }

    /** Runs a query and reads its result. */
    public <T> T query(Sql sql, Reader<T> reader) throws SQLException {
      try (PreparedStatement statement = StatementBinder.prepare(connection, dialect, sql, false);
          ResultSet rs = statement.executeQuery()) {
        return reader.read(rs);
      } catch (FailedStatement e) {
        throw e;
      } catch (SQLException e) {
        throw new FailedStatement(sql, e);
      }
    }

    /** Runs an update; its update count. */
    public int update(Sql sql) throws SQLException {
      try (PreparedStatement statement = StatementBinder.prepare(connection, dialect, sql, false)) {
        return statement.executeUpdate();
      } catch (SQLException e) {
        throw new FailedStatement(sql, e);
      }
    }

    /** The borrowed connection (for metadata; statements go through the methods above). */
    Connection connection() {
      return connection;
    }

    /** Prepares {@code sql} with its parameters bound; the caller runs and closes it. */
    public PreparedStatement prepare(Sql sql, boolean generatedKeys) throws SQLException {
      return StatementBinder.prepare(connection, dialect, sql, generatedKeys);
    }
  }

  /** Carries the statement that failed out of the work, to name it in the message. */
  private static final class FailedStatement extends SQLException {
    private static final long serialVersionUID = 1L;
    private final transient Sql sql;
    private final SQLException failure;

    FailedStatement(Sql sql, SQLException cause) {
      super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
      this.sql = sql;
      this.failure = cause;
    }
  }
}
