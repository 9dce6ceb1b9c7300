package dev.runstore.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.runstore.api.DataAccessException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Connections, transactions and error translation for one dialect over one DataSource: each call
 * borrows a connection for its whole duration, leaves it in the auto-commit state it had, and
 * turns any {@link SQLException} into a {@link DataAccessException} naming the operation and the
 * statement that failed (never bound values). Thread-safe.
 *
 * <p>Time limits ({@link JdbcLimits}, carried by the DataSource {@link JdbcPools} hands over):
 * every statement gets the query timeout ({@link Statement#setQueryTimeout}: the driver's own
 * cancel, the same on every database and with any pool, and no session state left behind); each
 * physical session gets the dialect's lock timeout once, the first time it is borrowed.
 *
 * <p>Connection health: when a call fails because its connection broke (reason
 * {@link DataAccessException.Reason#CONNECTION_FAILURE}: SQLState class 08, 57P01, MySQL 2013 ...)
 * and the DataSource is a HikariCP pool, that connection is evicted and the pool's other idle
 * connections are soft-evicted before the exception is thrown: a server restart or a
 * {@code pg_terminate_backend} kills them all, and HikariCP hands out a connection used in the
 * last 500 ms without checking it. A pool timeout is reported as such
 * ({@link DataAccessException.Reason#POOL_TIMEOUT}), naming the pool, its size and its wait.
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
  private final JdbcLimits limits;
  private final @Nullable HikariDataSource pool;
  /** The physical sessions whose lock timeout is set (weak: the pool decides when they go). */
  private final Map<Connection, Boolean> configured = Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * An executor running {@code dialect}'s statements on connections of {@code dataSource}, with
   * the time limits it carries when {@link JdbcPools} built it (none otherwise).
   */
  public JdbcExecutor(DataSource dataSource, SqlDialect dialect) {
    if (dataSource instanceof JdbcLimits.Limited limited) {
      this.dataSource = limited.delegate();
      this.limits = limited.limits();
    } else {
      this.dataSource = dataSource;
      this.limits = JdbcLimits.NONE;
    }
    this.dialect = dialect;
    this.pool = this.dataSource instanceof HikariDataSource h ? h : null;
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
    Connection connection = borrow(operation);
    try (connection) {
      configure(connection);
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
      throw evictIfBroken(connection, translate(operation, e.sql, e.failure, override));
    } catch (SQLException e) {
      throw evictIfBroken(connection, translate(operation, sql, e, override));
    }
  }

  /** A connection, or the failure to get one, said as such (not as the statement that never ran). */
  private Connection borrow(String operation) {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      HikariDataSource hikari = pool;
      if (hikari == null) {
        throw JdbcErrors.translate(operation, null, e, dialect.errors());
      }
      HikariPoolMXBean state = hikari.getHikariPoolMXBean();
      String counts = state == null ? ""
          : "; " + state.getActiveConnections() + " in use, " + state.getIdleConnections() + " idle, "
              + state.getThreadsAwaitingConnection() + " waiting";
      String where = "pool '" + hikari.getPoolName() + "' (maximum size " + hikari.getMaximumPoolSize() + counts + ")";
      // HikariCP's timeout carries the last failure to open a connection, if any: then the
      // database is unreachable, else every connection was busy for the whole wait.
      if (e instanceof SQLTransientConnectionException && e.getCause() == null && e.getSQLState() == null) {
        throw new DataAccessException(operation + " failed: no connection of " + where + " became free within "
            + hikari.getConnectionTimeout() + " ms (runstore.jdbc.pool.acquire-timeout)", e,
            DataAccessException.Reason.POOL_TIMEOUT);
      }
      throw new DataAccessException(operation + " failed: " + where + " could not open a connection within "
          + hikari.getConnectionTimeout() + " ms" + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]"),
          e, DataAccessException.Reason.of(e, dialect.errors()));
    }
  }

  /** Sets the lock timeout on a physical session the first time it is borrowed. */
  private void configure(Connection connection) throws SQLException {
    int lockSeconds = limits.lockSeconds();
    if (lockSeconds <= 0) {
      return;
    }
    Connection physical = connection.isWrapperFor(Connection.class) ? connection.unwrap(Connection.class) : connection;
    if (configured.containsKey(physical)) {
      return;
    }
    for (String statementText : dialect.lockTimeoutStatements(lockSeconds)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(statementText);
      } catch (SQLException e) {
        throw new FailedStatement(Sql.of(statementText).build(), e);
      }
    }
    if (!connection.getAutoCommit()) {
      connection.commit(); // PostgreSQL: a SET rolled back with the work would be undone
    }
    configured.put(physical, Boolean.TRUE);
  }

  /** Evicts a broken connection and the pool's idle ones (see the class comment); returns {@code e}. */
  private DataAccessException evictIfBroken(Connection connection, DataAccessException e) {
    HikariDataSource hikari = pool;
    if (hikari != null && e.reason() == DataAccessException.Reason.CONNECTION_FAILURE) {
      try {
        hikari.evictConnection(connection);
        HikariPoolMXBean state = hikari.getHikariPoolMXBean();
        if (state != null) {
          state.softEvictConnections();
        }
      } catch (RuntimeException evict) {
        e.addSuppressed(evict);
      }
    }
    return e;
  }

  /** The statement's time limit. */
  private PreparedStatement limited(PreparedStatement statement) throws SQLException {
    if (limits.querySeconds() > 0) {
      statement.setQueryTimeout(limits.querySeconds());
    }
    return statement;
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
      try (PreparedStatement statement = limited(StatementBinder.prepare(connection, dialect, sql, false));
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
      try (PreparedStatement statement = limited(StatementBinder.prepare(connection, dialect, sql, false))) {
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
      return limited(StatementBinder.prepare(connection, dialect, sql, generatedKeys));
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
