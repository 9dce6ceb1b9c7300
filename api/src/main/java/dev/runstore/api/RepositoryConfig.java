package dev.runstore.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The settings that pick and configure a backend: from {@link Properties}, from environment
 * variables, or from a {@link #builder()}. Immutable.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>property</th><th>environment variable</th><th>meaning</th></tr>
 *   <tr><td>{@code runstore.repository}</td><td>{@code RUNSTORE_REPOSITORY}</td>
 *       <td>the implementation's class name or short name; required by the factory</td></tr>
 *   <tr><td>{@code runstore.jdbc.url}</td><td>{@code RUNSTORE_JDBC_URL}</td>
 *       <td>JDBC URL, when no DataSource is passed</td></tr>
 *   <tr><td>{@code runstore.jdbc.username}</td><td>{@code RUNSTORE_JDBC_USERNAME}</td>
 *       <td>user</td></tr>
 *   <tr><td>{@code runstore.jdbc.password}</td><td>{@code RUNSTORE_JDBC_PASSWORD}</td>
 *       <td>password</td></tr>
 *   <tr><td>{@code runstore.jdbc.pool.max-size}</td><td>{@code RUNSTORE_JDBC_POOL_MAX_SIZE}</td>
 *       <td>the most connections in the pool a JDBC backend builds when no DataSource is given, 1..1000, default 10</td></tr>
 *   <tr><td>{@code runstore.jdbc.connect-timeout}</td><td>{@code RUNSTORE_JDBC_CONNECT_TIMEOUT}</td>
 *       <td>the longest wait for the database to accept a new connection (the driver's own
 *       connect timeout), 1s..10m, default 10s; the pool runstore builds only</td></tr>
 *   <tr><td>{@code runstore.jdbc.pool.acquire-timeout}</td><td>{@code RUNSTORE_JDBC_POOL_ACQUIRE_TIMEOUT}</td>
 *       <td>the longest wait for a free connection of the pool, 250ms..10m, default 10s; the pool
 *       runstore builds only</td></tr>
 *   <tr><td>{@code runstore.jdbc.query-timeout}</td><td>{@code RUNSTORE_JDBC_QUERY_TIMEOUT}</td>
 *       <td>the longest a statement may run before it is cancelled ({@code Statement.setQueryTimeout}),
 *       whole seconds, 0 (none) or 1s..24h, default 5m; on a caller's DataSource only when set</td></tr>
 *   <tr><td>{@code runstore.jdbc.lock-timeout}</td><td>{@code RUNSTORE_JDBC_LOCK_TIMEOUT}</td>
 *       <td>the longest a statement waits for a row lock held by another transaction (PostgreSQL
 *       {@code lock_timeout}, MySQL/MariaDB {@code innodb_lock_wait_timeout}, set per session),
 *       whole seconds, 0 (the server's own setting) or 1s..1h, default 10s; on a caller's
 *       DataSource only when set</td></tr>
 *   <tr><td>{@code runstore.schema.create}</td><td>{@code RUNSTORE_SCHEMA_CREATE}</td>
 *       <td>{@code true}: create the table and indexes if missing at start; default false</td></tr>
 *   <tr><td>{@code runstore.related.tables}</td><td>{@code RUNSTORE_RELATED_TABLES}</td>
 *       <td>{@code auto} (default): the run-with-related-rows methods cover the related tables
 *       that exist; {@code none}: runs only</td></tr>
 *   <tr><td>{@code runstore.jdbc.sharding}</td><td>{@code RUNSTORE_JDBC_SHARDING}</td>
 *       <td>{@code auto} (default): statements ShardingSphere-JDBC parses and routes when the
 *       DataSource is ShardingSphere's; {@code none}: never; {@code shardingsphere}: always</td></tr>
 * </table>
 *
 * <p>Durations are written {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or in ISO-8601
 * ({@code PT10S}); {@code 0} turns an optional limit off. A bare number other than 0 is refused:
 * its unit would be a guess.
 *
 * <p>Invalid values throw {@link RepositoryConfigurationException} naming the property, its
 * environment variable and the allowed values. {@link #toString()} never shows the password.
 */
public final class RepositoryConfig {

  /** Property {@code runstore.repository}. */
  public static final String REPOSITORY = "runstore.repository";
  /** Property {@code runstore.jdbc.url}. */
  public static final String JDBC_URL = "runstore.jdbc.url";
  /** Property {@code runstore.jdbc.username}. */
  public static final String JDBC_USERNAME = "runstore.jdbc.username";
  /** Property {@code runstore.jdbc.password}. */
  public static final String JDBC_PASSWORD = "runstore.jdbc.password";
  /** Property {@code runstore.jdbc.pool.max-size}. */
  public static final String JDBC_POOL_MAX_SIZE = "runstore.jdbc.pool.max-size";
  /** Property {@code runstore.jdbc.connect-timeout}. */
  public static final String JDBC_CONNECT_TIMEOUT = "runstore.jdbc.connect-timeout";
  /** Property {@code runstore.jdbc.pool.acquire-timeout}. */
  public static final String JDBC_POOL_ACQUIRE_TIMEOUT = "runstore.jdbc.pool.acquire-timeout";
  /** Property {@code runstore.jdbc.query-timeout}. */
  public static final String JDBC_QUERY_TIMEOUT = "runstore.jdbc.query-timeout";
  /** Property {@code runstore.jdbc.lock-timeout}. */
  public static final String JDBC_LOCK_TIMEOUT = "runstore.jdbc.lock-timeout";
  /** Property {@code runstore.schema.create}. */
  public static final String SCHEMA_CREATE = "runstore.schema.create";
  /** Property {@code runstore.related.tables}. */
  public static final String RELATED_TABLES = "runstore.related.tables";

  /** Property {@code runstore.jdbc.sharding}. */
  public static final String JDBC_SHARDING = "runstore.jdbc.sharding";

  /** The values of {@code runstore.jdbc.sharding}. */
  public enum Sharding {
    /** ShardingSphere's statements when the DataSource is ShardingSphere-JDBC's (recognised by class). */
    AUTO,
    /** The plain statements, whatever the DataSource. */
    NONE,
    /** ShardingSphere's statements, e.g. behind a DataSource wrapper that hides the engine. */
    SHARDINGSPHERE
  }

  /** The values of {@code runstore.related.tables}. */
  public enum RelatedTables {
    /** The related tables that exist in the database (read from its catalog once). */
    AUTO,
    /** None: runs only; related tables, pauses included, are never read or deleted by those methods. */
    NONE
  }

  /** Default of {@code runstore.jdbc.pool.max-size}. */
  public static final int DEFAULT_POOL_MAX_SIZE = 10;
  /** Largest allowed {@code runstore.jdbc.pool.max-size}. */
  public static final int MAX_POOL_MAX_SIZE = 1000;

  /**
   * Default of {@code runstore.jdbc.connect-timeout}: long enough for a TLS handshake over a slow
   * link, short enough that a dead host fails the call instead of hanging it (pgjdbc's own default;
   * Connector/J's is to wait forever).
   */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Default of {@code runstore.jdbc.pool.acquire-timeout}: a call that waited 10 s for a free
   * connection is better failed (transient, the caller may retry or shed load) than queued
   * behind a stuck pool; HikariCP's own 30 s hides an exhausted pool for too long.
   */
  public static final Duration DEFAULT_POOL_ACQUIRE_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Default of {@code runstore.jdbc.query-timeout}: every statement bounded, with room for the
   * slowest legitimate one (statistics over a long range, a 10,000-row delete batch on a busy
   * server), which take seconds, not minutes.
   */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofMinutes(5);
  /**
   * Default of {@code runstore.jdbc.lock-timeout}: runstore's own transactions hold row locks for
   * milliseconds, so a 10 s wait means another session holds them (a stuck job, an open psql
   * transaction): fail with {@link DataAccessException.Reason#LOCK_TIMEOUT} instead of PostgreSQL's
   * wait forever or InnoDB's 50 s.
   */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration MIN_ACQUIRE_TIMEOUT = Duration.ofMillis(250); // HikariCP's minimum
  private static final Duration MAX_ACQUIRE_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration MAX_QUERY_TIMEOUT = Duration.ofHours(24);
  private static final Duration MAX_LOCK_TIMEOUT = Duration.ofHours(1);

  private static final List<String> KEYS = List.of(
      REPOSITORY, JDBC_URL, JDBC_USERNAME, JDBC_PASSWORD, JDBC_POOL_MAX_SIZE,
      JDBC_CONNECT_TIMEOUT, JDBC_POOL_ACQUIRE_TIMEOUT, JDBC_QUERY_TIMEOUT, JDBC_LOCK_TIMEOUT,
      SCHEMA_CREATE, RELATED_TABLES, JDBC_SHARDING);

  private final @Nullable String repository;
  private final @Nullable String jdbcUrl;
  private final @Nullable String jdbcUsername;
  private final @Nullable String jdbcPassword;
  private final int poolMaxSize;
  private final @Nullable Duration connectTimeout;
  private final @Nullable Duration acquireTimeout;
  private final @Nullable Duration queryTimeout;
  private final @Nullable Duration lockTimeout;
  private final boolean schemaCreate;
  private final RelatedTables relatedTables;
  private final Sharding sharding;

  private RepositoryConfig(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.acquireTimeout = b.acquireTimeout;
    this.queryTimeout = b.queryTimeout;
    this.lockTimeout = b.lockTimeout;
    this.repository = b.repository;
    this.jdbcUrl = b.jdbcUrl;
    this.jdbcUsername = b.jdbcUsername;
    this.jdbcPassword = b.jdbcPassword;
    this.poolMaxSize = b.poolMaxSize;
    this.schemaCreate = b.schemaCreate;
    this.relatedTables = b.relatedTables;
    this.sharding = b.sharding;
  }

  /** The environment variable of a property: {@code runstore.jdbc.pool.max-size} → {@code RUNSTORE_JDBC_POOL_MAX_SIZE}. */
  public static String environmentVariable(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** {@code "runstore.x (RUNSTORE_X)"}, as configuration messages name a setting. */
  public static String describe(String property) {
    return property + " (" + environmentVariable(property) + ")";
  }

  /**
   * Reads the {@code runstore.*} properties; other keys are ignored.
   *
   * @throws RepositoryConfigurationException naming an unknown {@code runstore.*} key or an
   *     invalid value
   */
  public static RepositoryConfig fromProperties(Properties properties) {
    Objects.requireNonNull(properties, "properties");
    TreeSet<String> unknown = new TreeSet<>();
    Builder builder = builder();
    for (String name : properties.stringPropertyNames()) {
      if (!name.startsWith("runstore.")) {
        continue;
      }
      if (!KEYS.contains(name)) {
        unknown.add(name);
        continue;
      }
      builder.set(name, properties.getProperty(name));
    }
    if (!unknown.isEmpty()) {
      throw new RepositoryConfigurationException(
          "unknown runstore properties " + unknown + "; known properties are " + KEYS);
    }
    return builder.build();
  }

  /**
   * Reads the {@code RUNSTORE_*} variables named in the table above (pass
   * {@code System.getenv()}). Other variables are ignored, also unknown {@code RUNSTORE_*} ones:
   * platforms inject variables of their own there (Kubernetes adds {@code RUNSTORE_PORT} and
   * the like for a service named runstore).
   *
   * @throws RepositoryConfigurationException naming the variable of an invalid value
   */
  public static RepositoryConfig fromEnvironment(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Builder builder = builder();
    for (String key : KEYS) {
      String value = environment.get(environmentVariable(key));
      if (value != null) {
        builder.set(key, value);
      }
    }
    return builder.build();
  }

  /** A builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.repository = repository;
    b.jdbcUrl = jdbcUrl;
    b.jdbcUsername = jdbcUsername;
    b.jdbcPassword = jdbcPassword;
    b.poolMaxSize = poolMaxSize;
    b.connectTimeout = connectTimeout;
    b.acquireTimeout = acquireTimeout;
    b.queryTimeout = queryTimeout;
    b.lockTimeout = lockTimeout;
    b.schemaCreate = schemaCreate;
    b.relatedTables = relatedTables;
    b.sharding = sharding;
    return b;
  }

  /** {@code runstore.repository}: a class name or short name, or null when not set. */
  public @Nullable String repository() {
    return repository;
  }

  /** {@code runstore.jdbc.url}, or null when not set. */
  public @Nullable String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * {@code runstore.jdbc.url}.
   *
   * @param backend names who needs it, for the message
   * @throws RepositoryConfigurationException naming the property and variable when not set
   */
  public String requireJdbcUrl(String backend) {
    if (jdbcUrl == null) {
      throw new RepositoryConfigurationException(
          describe(JDBC_URL) + " is required by " + backend + " when no DataSource is given");
    }
    return jdbcUrl;
  }

  /** {@code runstore.jdbc.username}, or null when not set. */
  public @Nullable String jdbcUsername() {
    return jdbcUsername;
  }

  /** {@code runstore.jdbc.password}, or null when not set. */
  public @Nullable String jdbcPassword() {
    return jdbcPassword;
  }

  /** {@code runstore.jdbc.pool.max-size}, 1..1000, default 10. */
  public int poolMaxSize() {
    return poolMaxSize;
  }

  /** {@code runstore.jdbc.connect-timeout}, 1s..10m, default {@link #DEFAULT_CONNECT_TIMEOUT}. */
  public Duration connectTimeout() {
    return connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
  }

  /** {@code runstore.jdbc.pool.acquire-timeout}, 250ms..10m, default {@link #DEFAULT_POOL_ACQUIRE_TIMEOUT}. */
  public Duration poolAcquireTimeout() {
    return acquireTimeout == null ? DEFAULT_POOL_ACQUIRE_TIMEOUT : acquireTimeout;
  }

  /**
   * {@code runstore.jdbc.query-timeout}: whole seconds, {@link Duration#ZERO} for none, default
   * {@link #DEFAULT_QUERY_TIMEOUT}.
   */
  public Duration queryTimeout() {
    return queryTimeout == null ? DEFAULT_QUERY_TIMEOUT : queryTimeout;
  }

  /**
   * {@code runstore.jdbc.lock-timeout}: whole seconds, {@link Duration#ZERO} to leave the server's
   * own setting, default {@link #DEFAULT_LOCK_TIMEOUT}.
   */
  public Duration lockTimeout() {
    return lockTimeout == null ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
  }

  /**
   * Whether {@code property} was given (by a builder setter, a property or a variable) rather
   * than left at its default: a JDBC backend applies the query and lock timeouts to a caller's
   * own DataSource only when they were given.
   */
  public boolean isSet(String property) {
    return switch (property) {
      case REPOSITORY -> repository != null;
      case JDBC_URL -> jdbcUrl != null;
      case JDBC_USERNAME -> jdbcUsername != null;
      case JDBC_PASSWORD -> jdbcPassword != null;
      case JDBC_CONNECT_TIMEOUT -> connectTimeout != null;
      case JDBC_POOL_ACQUIRE_TIMEOUT -> acquireTimeout != null;
      case JDBC_QUERY_TIMEOUT -> queryTimeout != null;
      case JDBC_LOCK_TIMEOUT -> lockTimeout != null;
      case JDBC_POOL_MAX_SIZE -> poolMaxSize != DEFAULT_POOL_MAX_SIZE;
      case SCHEMA_CREATE -> schemaCreate;
      case RELATED_TABLES -> relatedTables != RelatedTables.AUTO;
      case JDBC_SHARDING -> sharding != Sharding.AUTO;
      default -> throw new IllegalArgumentException("unknown runstore property '" + property + "'");
    };
  }

  /** {@code runstore.schema.create}, default false. */
  public boolean schemaCreate() {
    return schemaCreate;
  }

  /** {@code runstore.related.tables}, default {@link RelatedTables#AUTO}. */
  public RelatedTables relatedTables() {
    return relatedTables;
  }

  /** {@code runstore.jdbc.sharding}, default {@link Sharding#AUTO}. */
  public Sharding sharding() {
    return sharding;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RepositoryConfig c
        && Objects.equals(repository, c.repository)
        && Objects.equals(jdbcUrl, c.jdbcUrl)
        && Objects.equals(jdbcUsername, c.jdbcUsername)
        && Objects.equals(jdbcPassword, c.jdbcPassword)
        && poolMaxSize == c.poolMaxSize
        && Objects.equals(connectTimeout, c.connectTimeout)
        && Objects.equals(acquireTimeout, c.acquireTimeout)
        && Objects.equals(queryTimeout, c.queryTimeout)
        && Objects.equals(lockTimeout, c.lockTimeout)
        && schemaCreate == c.schemaCreate
        && relatedTables == c.relatedTables
        && sharding == c.sharding;
  }

  @Override
  public int hashCode() {
    return Objects.hash(repository, jdbcUrl, jdbcUsername, jdbcPassword, poolMaxSize,
        connectTimeout, acquireTimeout, queryTimeout, lockTimeout, schemaCreate, relatedTables, sharding);
  }

  /** The settings, with the password masked. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    parts.add(REPOSITORY + "=" + repository);
    parts.add(JDBC_URL + "=" + jdbcUrl);
    parts.add(JDBC_USERNAME + "=" + jdbcUsername);
    parts.add(JDBC_PASSWORD + "=" + (jdbcPassword == null ? null : "****"));
    parts.add(JDBC_POOL_MAX_SIZE + "=" + poolMaxSize);
    parts.add(JDBC_CONNECT_TIMEOUT + "=" + format(connectTimeout()));
    parts.add(JDBC_POOL_ACQUIRE_TIMEOUT + "=" + format(poolAcquireTimeout()));
    parts.add(JDBC_QUERY_TIMEOUT + "=" + format(queryTimeout()));
    parts.add(JDBC_LOCK_TIMEOUT + "=" + format(lockTimeout()));
    parts.add(SCHEMA_CREATE + "=" + schemaCreate);
    parts.add(RELATED_TABLES + "=" + relatedTables.name().toLowerCase(Locale.ROOT));
    parts.add(JDBC_SHARDING + "=" + sharding.name().toLowerCase(Locale.ROOT));
    return "RepositoryConfig" + parts;
  }

  /** A duration as the settings write it: {@code 0}, {@code 250ms}, {@code 10s}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    if (d.toMillis() % 1000 != 0 || d.getNano() % 1_000_000 != 0) {
      return d.toMillis() + "ms";
    }
    return d.toSeconds() + "s";
  }

  /** Builds a {@link RepositoryConfig}; each setter validates its value. */
  public static final class Builder {
    private @Nullable String repository;
    private @Nullable String jdbcUrl;
    private @Nullable String jdbcUsername;
    private @Nullable String jdbcPassword;
    private int poolMaxSize = DEFAULT_POOL_MAX_SIZE;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration acquireTimeout;
    private @Nullable Duration queryTimeout;
    private @Nullable Duration lockTimeout;
    private boolean schemaCreate;
    private RelatedTables relatedTables = RelatedTables.AUTO;
    private Sharding sharding = Sharding.AUTO;

    private Builder() {}

    /** {@code runstore.repository}: class name or short name; blank means not set. */
    public Builder repository(@Nullable String repository) {
      this.repository = blankToNull(repository);
      return this;
    }

    /** {@code runstore.jdbc.url}; blank means not set. */
    public Builder jdbcUrl(@Nullable String jdbcUrl) {
      this.jdbcUrl = blankToNull(jdbcUrl);
      return this;
    }

    /** {@code runstore.jdbc.username}. */
    public Builder jdbcUsername(@Nullable String jdbcUsername) {
      this.jdbcUsername = jdbcUsername;
      return this;
    }

    /** {@code runstore.jdbc.password}. */
    public Builder jdbcPassword(@Nullable String jdbcPassword) {
      this.jdbcPassword = jdbcPassword;
      return this;
    }

    /**
     * {@code runstore.jdbc.pool.max-size}.
     *
     * @throws RepositoryConfigurationException when not in 1..1000
     */
    public Builder poolMaxSize(int poolMaxSize) {
      if (poolMaxSize < 1 || poolMaxSize > MAX_POOL_MAX_SIZE) {
        throw new RepositoryConfigurationException(
            describe(JDBC_POOL_MAX_SIZE) + " must be between 1 and " + MAX_POOL_MAX_SIZE
                + ", was " + poolMaxSize);
      }
      this.poolMaxSize = poolMaxSize;
      return this;
    }

    /**
     * {@code runstore.jdbc.connect-timeout}; null restores the default.
     *
     * @throws RepositoryConfigurationException when not in 1s..10m
     */
    public Builder connectTimeout(@Nullable Duration timeout) {
      this.connectTimeout = timeout == null ? null
          : inRange(JDBC_CONNECT_TIMEOUT, timeout, MIN_CONNECT_TIMEOUT, MAX_CONNECT_TIMEOUT, false, false);
      return this;
    }

    /**
     * {@code runstore.jdbc.pool.acquire-timeout}; null restores the default.
     *
     * @throws RepositoryConfigurationException when not in 250ms..10m
     */
    public Builder poolAcquireTimeout(@Nullable Duration timeout) {
      this.acquireTimeout = timeout == null ? null
          : inRange(JDBC_POOL_ACQUIRE_TIMEOUT, timeout, MIN_ACQUIRE_TIMEOUT, MAX_ACQUIRE_TIMEOUT, false, false);
      return this;
    }

    /**
     * {@code runstore.jdbc.query-timeout}; {@link Duration#ZERO} for none, null restores the default.
     *
     * @throws RepositoryConfigurationException when not 0 or whole seconds in 1s..24h
     */
    public Builder queryTimeout(@Nullable Duration timeout) {
      this.queryTimeout = timeout == null ? null
          : inRange(JDBC_QUERY_TIMEOUT, timeout, Duration.ofSeconds(1), MAX_QUERY_TIMEOUT, true, true);
      return this;
    }

    /**
     * {@code runstore.jdbc.lock-timeout}; {@link Duration#ZERO} to keep the server's own setting,
     * null restores the default.
     *
     * @throws RepositoryConfigurationException when not 0 or whole seconds in 1s..1h
     */
    public Builder lockTimeout(@Nullable Duration timeout) {
      this.lockTimeout = timeout == null ? null
          : inRange(JDBC_LOCK_TIMEOUT, timeout, Duration.ofSeconds(1), MAX_LOCK_TIMEOUT, true, true);
      return this;
    }

    private static Duration inRange(
        String property, Duration value, Duration min, Duration max, boolean zeroAllowed, boolean wholeSeconds) {
      boolean ok = (zeroAllowed && value.isZero())
          || (value.compareTo(min) >= 0 && value.compareTo(max) <= 0
              && (!wholeSeconds || value.getNano() == 0));
      if (!ok) {
        throw new RepositoryConfigurationException(
            describe(property) + " must be " + range(min, max, zeroAllowed, wholeSeconds)
                + ", was " + format(value));
      }
      return value;
    }

    private static String range(Duration min, Duration max, boolean zeroAllowed, boolean wholeSeconds) {
      return (zeroAllowed ? "0 or " : "") + (wholeSeconds ? "whole seconds " : "a duration ")
          + "between " + format(min) + " and " + format(max);
    }

    /** {@code runstore.schema.create}. */
    public Builder schemaCreate(boolean schemaCreate) {
      this.schemaCreate = schemaCreate;
      return this;
    }

    /**
     * {@code runstore.related.tables}.
     *
     * @throws RepositoryConfigurationException when null
     */
    public Builder relatedTables(RelatedTables relatedTables) {
      if (relatedTables == null) {
        throw new RepositoryConfigurationException(describe(RELATED_TABLES) + " must be auto or none");
      }
      this.relatedTables = relatedTables;
      return this;
    }

    /**
     * {@code runstore.jdbc.sharding}.
     *
     * @throws RepositoryConfigurationException when null
     */
    public Builder sharding(Sharding sharding) {
      if (sharding == null) {
        throw new RepositoryConfigurationException(describe(JDBC_SHARDING) + " must be auto, none or shardingsphere");
      }
      this.sharding = sharding;
      return this;
    }

    /**
     * Sets a setting from its text form, as read from properties or the environment.
     *
     * @throws RepositoryConfigurationException for an unknown property or an invalid value
     */
    public Builder set(String property, @Nullable String value) {
      switch (property) {
        case REPOSITORY -> repository(value == null ? null : value.trim());
        case JDBC_URL -> jdbcUrl(value == null ? null : value.trim());
        case JDBC_USERNAME -> jdbcUsername(value);
        case JDBC_PASSWORD -> jdbcPassword(value);
        case JDBC_POOL_MAX_SIZE -> {
          if (value != null && !value.isBlank()) {
            poolMaxSize(parseInt(value.trim()));
          }
        }
        case JDBC_CONNECT_TIMEOUT -> connectTimeout(parseDuration(property, value));
        case JDBC_POOL_ACQUIRE_TIMEOUT -> poolAcquireTimeout(parseDuration(property, value));
        case JDBC_QUERY_TIMEOUT -> queryTimeout(parseDuration(property, value));
        case JDBC_LOCK_TIMEOUT -> lockTimeout(parseDuration(property, value));
        case RELATED_TABLES -> {
          if (value != null && !value.isBlank()) {
            relatedTables(parseRelatedTables(value.trim()));
          }
        }
        case SCHEMA_CREATE -> {
          if (value != null && !value.isBlank()) {
            schemaCreate(parseBoolean(value.trim()));
          }
        }
        case JDBC_SHARDING -> {
          if (value != null && !value.isBlank()) {
            sharding(parseSharding(value.trim()));
          }
        }
        default -> throw new RepositoryConfigurationException(
            "unknown runstore property '" + property + "'; known properties are " + KEYS);
      }
      return this;
    }

    /** The configuration. */
    public RepositoryConfig build() {
      return new RepositoryConfig(this);
    }

    private static int parseInt(String value) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new RepositoryConfigurationException(
            describe(JDBC_POOL_MAX_SIZE) + " must be an integer between 1 and " + MAX_POOL_MAX_SIZE
                + ", was '" + value + "'");
      }
    }

    /**
     * {@code 0}, {@code <n>ms}, {@code <n>s}, {@code <n>m}, {@code <n>h} or ISO-8601; blank means
     * the default (null).
     */
    private static @Nullable Duration parseDuration(String property, @Nullable String text) {
      if (text == null || text.isBlank()) {
        return null;
      }
      String value = text.trim().toLowerCase(Locale.ROOT);
      try {
        if (value.equals("0")) {
          return Duration.ZERO;
        }
        if (value.startsWith("pt") || value.startsWith("p")) {
          return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        int digits = 0;
        while (digits < value.length() && Character.isDigit(value.charAt(digits))) {
          digits++;
        }
        if (digits > 0 && digits <= 9) {
          long n = Long.parseLong(value.substring(0, digits));
          switch (value.substring(digits).trim()) {
            case "ms":
              return Duration.ofMillis(n);
            case "s":
              return Duration.ofSeconds(n);
            case "m":
            case "min":
              return Duration.ofMinutes(n);
            case "h":
              return Duration.ofHours(n);
            default:
              break;
          }
        }
      } catch (DateTimeParseException | ArithmeticException e) {
        // fall through to the message below
      }
      throw new RepositoryConfigurationException(
          describe(property) + " must be a duration such as 500ms, 10s, 5m, 1h or PT10S (0 where a"
              + " limit may be off), was '" + text.trim() + "'");
    }

    private static boolean parseBoolean(String value) {
      if (value.equalsIgnoreCase("true")) {
        return true;
      }
      if (value.equalsIgnoreCase("false")) {
        return false;
      }
      throw new RepositoryConfigurationException(
          describe(SCHEMA_CREATE) + " must be true or false, was '" + value + "'");
    }

    private static RelatedTables parseRelatedTables(String value) {
      for (RelatedTables v : RelatedTables.values()) {
        if (v.name().equalsIgnoreCase(value)) {
          return v;
        }
      }
      throw new RepositoryConfigurationException(
          describe(RELATED_TABLES) + " must be auto or none, was '" + value + "'");
    }

    private static Sharding parseSharding(String value) {
      for (Sharding v : Sharding.values()) {
        if (v.name().equalsIgnoreCase(value)) {
          return v;
        }
      }
      throw new RepositoryConfigurationException(
          describe(JDBC_SHARDING) + " must be auto, none or shardingsphere, was '" + value + "'");
    }

    private static @Nullable String blankToNull(@Nullable String value) {
      return value == null || value.isBlank() ? null : value;
    }
  }
}
