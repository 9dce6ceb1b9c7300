package dev.runstore.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.runstore.api.DataAccessException;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.internal.observe.OwnedPools;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Builds the HikariCP pool a backend owns when the application passes no DataSource, and the
 * repository of a provider's {@code create} ({@link #repository}).
 */
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

  /** Builds a backend's repository (its constructor taking the pool it owns, if any). */
  @FunctionalInterface
  public interface RepositoryFactory<R> {
    /**
     * The repository.
     *
     * @param dataSource where connections come from
     * @param createSchema whether to apply the schema scripts now
     * @param owned the pool the repository owns and closes in {@code close()}, or null when the
     *     caller owns {@code dataSource}
     */
    R create(DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned);
  }

  /**
   * What a provider's {@code create} does: a repository over the application's
   * {@code dataSource} when given (the caller keeps owning it), else over a pool built from
   * {@code config} that the repository owns (see {@link #withPool}); the schema is created when
   * {@code config.schemaCreate()}.
   *
   * @throws IllegalArgumentException when {@code config} is null
   * @throws dev.runstore.api.RepositoryConfigurationException when a pool is needed and no JDBC URL is configured
   * @throws DataAccessException when the database cannot be reached
   */
  public static <R> R repository(
      RepositoryConfig config, @Nullable DataSource dataSource, String backend, RepositoryFactory<R> factory) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    if (dataSource != null) {
      // A caller's DataSource keeps its settings, but for the time limits explicitly configured.
      return factory.create(JdbcLimits.of(config, false).on(dataSource), config.schemaCreate(), null);
    }
    return withPool(config, backend,
        (pool, owner) -> factory.create(JdbcLimits.of(config, true).on(pool), config.schemaCreate(), owner));
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
   * The driver's own connect and socket timeouts for {@code url}, as connection properties
   * (settings in the URL itself win: the drivers read the URL last). The socket timeout is the
   * query timeout plus 30 s: the server-side cancel of a too-long statement comes first and says
   * {@code QUERY_TIMEOUT}; the socket timeout ends only a call whose server or network went silent
   * (a black-holed connection, where a cancel request cannot arrive either). H2 and unknown drivers
   * get nothing (H2 refuses unknown settings).
   */
  static java.util.Map<String, String> driverTimeouts(String url, RepositoryConfig config) {
    String scheme = url.strip().toLowerCase(java.util.Locale.ROOT);
    long connectMillis = config.connectTimeout().toMillis();
    long querySeconds = config.queryTimeout().toSeconds();
    java.util.Map<String, String> props = new java.util.LinkedHashMap<>();
    if (scheme.startsWith("jdbc:postgresql:")) {
      // pgjdbc: whole seconds; loginTimeout bounds the TCP connect plus the authentication.
      long seconds = Math.max(1, (connectMillis + 999) / 1000);
      props.put("connectTimeout", Long.toString(seconds));
      props.put("loginTimeout", Long.toString(seconds));
      if (querySeconds > 0) {
        props.put("socketTimeout", Long.toString(querySeconds + 30));
      }
    } else if (scheme.startsWith("jdbc:mysql:") || scheme.startsWith("jdbc:mariadb:")) {
      // Connector/J and MariaDB Connector/J: milliseconds (Connector/J waits forever by default).
      props.put("connectTimeout", Long.toString(connectMillis));
      if (querySeconds > 0) {
        props.put("socketTimeout", Long.toString((querySeconds + 30) * 1000));
      }
    }
    return props;
  }

  /**
   * A new HikariCP pool from {@code runstore.jdbc.url}, {@code .username}, {@code .password},
   * {@code .pool.max-size}, {@code .pool.acquire-timeout} and {@code .connect-timeout}. The caller owns it and closes it.
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
    long acquire = config.poolAcquireTimeout().toMillis();
    hikari.setConnectionTimeout(acquire);
    // Hikari needs validation to fit in the wait (and takes 250 ms at least).
    hikari.setValidationTimeout(Math.max(250, Math.min(5000, acquire)));
    driverTimeouts(url, config).forEach(hikari::addDataSourceProperty);
    hikari.setMinimumIdle(Math.min(2, config.poolMaxSize()));
    hikari.setPoolName("runstore-" + backend);
    hikari.setAutoCommit(true);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikari);
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
    // The observers of the factory call creating this repository may attach pool metrics.
    OwnedPools.created(pool);
    return pool;
  }
}
