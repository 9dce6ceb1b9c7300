package dev.runstore.jdbc;

import dev.runstore.api.RepositoryConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The per-statement and per-session time limits a {@link JdbcExecutor} applies:
 * {@code runstore.jdbc.query-timeout} (every statement, {@link java.sql.Statement#setQueryTimeout})
 * and {@code runstore.jdbc.lock-timeout} (set once on each physical session, see
 * {@link SqlDialect#lockTimeoutStatements}). Zero means "do not touch". Also carries
 * {@code runstore.jdbc.sharding} to the store that picks its statements
 * ({@link ShardingSphereDialect#forDataSource}).
 *
 * @param querySeconds the statement time limit in seconds, 0 for none
 * @param lockSeconds the lock wait in seconds, 0 to keep the session's own
 * @param sharding {@code runstore.jdbc.sharding}
 */
record JdbcLimits(int querySeconds, int lockSeconds, RepositoryConfig.Sharding sharding) {

  /** No limits: a caller's DataSource keeps its own settings; ShardingSphere recognised by class. */
  static final JdbcLimits NONE = new JdbcLimits(0, 0, RepositoryConfig.Sharding.AUTO);

  /**
   * The limits of {@code config}: every one for a pool runstore built ({@code owned}), only those
   * given explicitly for a caller's DataSource.
   */
  static JdbcLimits of(RepositoryConfig config, boolean owned) {
    int query = owned || config.isSet(RepositoryConfig.JDBC_QUERY_TIMEOUT)
        ? (int) config.queryTimeout().toSeconds() : 0;
    int lock = owned || config.isSet(RepositoryConfig.JDBC_LOCK_TIMEOUT)
        ? (int) config.lockTimeout().toSeconds() : 0;
    return new JdbcLimits(query, lock, config.sharding());
  }

  /** {@code dataSource} carrying these limits to the executor that will use it. */
  DataSource on(DataSource dataSource) {
    return this.equals(NONE) ? dataSource : new Limited(dataSource, this);
  }

  /**
   * A DataSource that carries limits to {@link JdbcExecutor}: connections come from the wrapped
   * one unchanged (the executor applies the limits, and evicts broken connections from it).
   */
  record Limited(DataSource delegate, JdbcLimits limits) implements DataSource {

    @Override
    public Connection getConnection() throws SQLException {
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return delegate.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return iface.isInstance(delegate) ? iface.cast(delegate) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }
  }
}
