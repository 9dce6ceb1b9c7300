package dev.runstore.api;

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
 *   <tr><td>{@code runstore.schema.create}</td><td>{@code RUNSTORE_SCHEMA_CREATE}</td>
 *       <td>{@code true}: create the table and indexes if missing at start; default false</td></tr>
 *   <tr><td>{@code runstore.related.tables}</td><td>{@code RUNSTORE_RELATED_TABLES}</td>
 *       <td>{@code auto} (default): the run-with-related-rows methods cover the related tables
 *       that exist; {@code none}: runs only</td></tr>
 * </table>
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
  /** Property {@code runstore.schema.create}. */
  public static final String SCHEMA_CREATE = "runstore.schema.create";
  /** Property {@code runstore.related.tables}. */
  public static final String RELATED_TABLES = "runstore.related.tables";

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

  private static final List<String> KEYS =
      List.of(REPOSITORY, JDBC_URL, JDBC_USERNAME, JDBC_PASSWORD, JDBC_POOL_MAX_SIZE, SCHEMA_CREATE, RELATED_TABLES);

  private final @Nullable String repository;
  private final @Nullable String jdbcUrl;
  private final @Nullable String jdbcUsername;
  private final @Nullable String jdbcPassword;
  private final int poolMaxSize;
  private final boolean schemaCreate;
  private final RelatedTables relatedTables;

  private RepositoryConfig(Builder b) {
    this.repository = b.repository;
    this.jdbcUrl = b.jdbcUrl;
    this.jdbcUsername = b.jdbcUsername;
    this.jdbcPassword = b.jdbcPassword;
    this.poolMaxSize = b.poolMaxSize;
    this.schemaCreate = b.schemaCreate;
    this.relatedTables = b.relatedTables;
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
    b.schemaCreate = schemaCreate;
    b.relatedTables = relatedTables;
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

  /** {@code runstore.schema.create}, default false. */
  public boolean schemaCreate() {
    return schemaCreate;
  }

  /** {@code runstore.related.tables}, default {@link RelatedTables#AUTO}. */
  public RelatedTables relatedTables() {
    return relatedTables;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RepositoryConfig c
        && Objects.equals(repository, c.repository)
        && Objects.equals(jdbcUrl, c.jdbcUrl)
        && Objects.equals(jdbcUsername, c.jdbcUsername)
        && Objects.equals(jdbcPassword, c.jdbcPassword)
        && poolMaxSize == c.poolMaxSize
        && schemaCreate == c.schemaCreate
        && relatedTables == c.relatedTables;
  }

  @Override
  public int hashCode() {
    return Objects.hash(repository, jdbcUrl, jdbcUsername, jdbcPassword, poolMaxSize, schemaCreate, relatedTables);
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
    parts.add(SCHEMA_CREATE + "=" + schemaCreate);
    parts.add(RELATED_TABLES + "=" + relatedTables.name().toLowerCase(Locale.ROOT));
    return "RepositoryConfig" + parts;
  }

  /** Builds a {@link RepositoryConfig}; each setter validates its value. */
  public static final class Builder {
    private @Nullable String repository;
    private @Nullable String jdbcUrl;
    private @Nullable String jdbcUsername;
    private @Nullable String jdbcPassword;
    private int poolMaxSize = DEFAULT_POOL_MAX_SIZE;
    private boolean schemaCreate;
    private RelatedTables relatedTables = RelatedTables.AUTO;

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

    private static @Nullable String blankToNull(@Nullable String value) {
      return value == null || value.isBlank() ? null : value;
    }
  }
}
