package dev.runstore.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.runstore.api.DataAccessException;
import dev.runstore.api.RepositoryConfig;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Builds the HikariCP pool a backend owns when the application passes no DataSource. */
public final class JdbcPools {

  private JdbcPools() {}

  /** Builds a repository over a pool it will own. */
  @FunctionalInterface
  public interface PooledFactory<R> {
    /**
     * The repository.
     *
     * @param dataSource the pool
     * @param pool the same pool as a resource: the repository closes it in {@code close()}
     */
    R create(DataSource dataSource, AutoCloseable pool);
  }

  /**
   * A repository over a new pool built from {@code config} (see {@link #create}); the pool is
   * closed again when {@code factory} fails.
   *
   * @throws dev.runstore.api.RepositoryConfigurationException when no JDBC URL is configured
   * @throws DataAccessException when the database cannot be reached
   */
  public static <R> R withPool(RepositoryConfig config, String backend, PooledFactory<R> factory) {
    HikariDataSource pool = create(config, backend);
    try {
      return factory.create(pool, pool);
    } catch (RuntimeException | Error e) {
      pool.close();
      throw e;
    }
  }

  /**
   * A new HikariCP pool from {@code runstore.jdbc.url}, {@code .username}, {@code .password} and
   * {@code .pool.max-size}. The caller owns it and closes it.
   *
   * @param backend the backend's short name, for the pool name and messages
   * @throws dev.runstore.api.RepositoryConfigurationException when no JDBC URL is configured
   * @throws DataAccessException when the database cannot be reached (transient)
   */
  static HikariDataSource create(RepositoryConfig config, String backend) {
    String url = config.requireJdbcUrl(backend);
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    if (config.jdbcUsername() != null) {
      hikari.setUsername(config.jdbcUsername());
    }
    if (config.jdbcPassword() != null) {
      hikari.setPassword(config.jdbcPassword());
    }
    hikari.setMaximumPoolSize(config.poolMaxSize());
    hikari.setMinimumIdle(Math.min(2, config.poolMaxSize()));
    hikari.setPoolName("runstore-" + backend);
    hikari.setAutoCommit(true);
    try {
      return new HikariDataSource(hikari);
    } catch (HikariPool.PoolInitializationException e) {
      // The URL may carry credentials: the message names the setting, not its value.
      Throwable cause = e.getCause();
      String detail = "creating the " + backend + " connection pool from "
          + RepositoryConfig.describe(RepositoryConfig.JDBC_URL) + " failed";
      if (cause instanceof SQLException sql) {
        throw new DataAccessException(detail, sql);
      }
      throw new DataAccessException(detail, e, true);
    } catch (RuntimeException e) {
      // e.g. no driver accepts the URL
      throw new dev.runstore.api.RepositoryConfigurationException(
          "creating the " + backend + " connection pool from "
              + RepositoryConfig.describe(RepositoryConfig.JDBC_URL) + " failed (is the driver on the class path?)",
          e);
    }
  }
}
