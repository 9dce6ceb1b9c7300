package dev.runstore.spring.boot;

import dev.runstore.api.RepositoryConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code runstore.*} properties: the keys of {@code RepositoryConfig} (API.md), plus
 * {@code runstore.metrics.*}, {@code runstore.observations.*} and {@code runstore.retention.*}
 * for the starter.
 */
@ConfigurationProperties(prefix = "runstore")
public class RunstoreProperties {

  /**
   * The backend: a short name (postgres, mysql, h2, in-memory) or an implementation class name.
   * Unset: inferred from the application's DataSource (its database product).
   */
  private @Nullable String repository;

  private final Jdbc jdbc = new Jdbc();
  private final Schema schema = new Schema();
  private final Related related = new Related();
  private final Metrics metrics = new Metrics();
  private final Observations observations = new Observations();
  private final Retention retention = new Retention();

  public @Nullable String getRepository() {
    return repository;
  }

  public void setRepository(@Nullable String repository) {
    this.repository = repository;
  }

  public Jdbc getJdbc() {
    return jdbc;
  }

  public Schema getSchema() {
    return schema;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public Observations getObservations() {
    return observations;
  }

  public Related getRelated() {
    return related;
  }

  public Retention getRetention() {
    return retention;
  }

  /** {@code runstore.jdbc.*}: a pool of runstore's own instead of the application's DataSource. */
  public static class Jdbc {
    /**
     * JDBC URL of a connection pool runstore creates and owns (HikariCP). Set it to keep runs in
     * another database than the application's DataSource; unset: the application's DataSource.
     */
    private @Nullable String url;

    /** User name for runstore.jdbc.url. */
    private @Nullable String username;

    /** Password for runstore.jdbc.url. */
    private @Nullable String password;

    private final Pool pool = new Pool();

    /** Longest wait for the database to accept a new connection of runstore's own pool, 1s..10m (default 10s). */
    private @Nullable Duration connectTimeout;

    /**
     * Longest a statement runs before the driver cancels it, whole seconds, 0 (none) or 1s..24h
     * (default 5m; on the application's DataSource only when set).
     */
    private @Nullable Duration queryTimeout;

    /**
     * Longest wait for a lock another transaction holds, whole seconds, 0 (the server's own) or
     * 1s..1h (default 10s; on the application's DataSource only when set).
     */
    private @Nullable Duration lockTimeout;

    /**
     * auto (default): statements ShardingSphere-JDBC parses and routes when the DataSource is its;
     * none; shardingsphere (always).
     */
    private RepositoryConfig.Sharding sharding = RepositoryConfig.Sharding.AUTO;

    public @Nullable Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(@Nullable Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public @Nullable Duration getQueryTimeout() {
      return queryTimeout;
    }

    public void setQueryTimeout(@Nullable Duration queryTimeout) {
      this.queryTimeout = queryTimeout;
    }

    public @Nullable Duration getLockTimeout() {
      return lockTimeout;
    }

    public void setLockTimeout(@Nullable Duration lockTimeout) {
      this.lockTimeout = lockTimeout;
    }

    public RepositoryConfig.Sharding getSharding() {
      return sharding;
    }

    public void setSharding(RepositoryConfig.Sharding sharding) {
      this.sharding = sharding;
    }

    public @Nullable String getUrl() {
      return url;
    }

    public void setUrl(@Nullable String url) {
      this.url = url;
    }

    public @Nullable String getUsername() {
      return username;
    }

    public void setUsername(@Nullable String username) {
      this.username = username;
    }

    public @Nullable String getPassword() {
      return password;
    }

    public void setPassword(@Nullable String password) {
      this.password = password;
    }

    public Pool getPool() {
      return pool;
    }
  }

  /** {@code runstore.jdbc.pool.*}. */
  public static class Pool {
    /** Maximum size of runstore's own pool, 1..1000. */
    private int maxSize = 10;

    /** Longest wait for a free connection of runstore's own pool, 250ms..10m (default 10s). */
    private @Nullable Duration acquireTimeout;

    public @Nullable Duration getAcquireTimeout() {
      return acquireTimeout;
    }

    public void setAcquireTimeout(@Nullable Duration acquireTimeout) {
      this.acquireTimeout = acquireTimeout;
    }

    public int getMaxSize() {
      return maxSize;
    }

    public void setMaxSize(int maxSize) {
      this.maxSize = maxSize;
    }
  }

  /** {@code runstore.related.*}. */
  public static class Related {
    /** auto (default): the runs-with-related-rows methods cover the related tables that exist; none: runs only. */
    private RepositoryConfig.RelatedTables tables = RepositoryConfig.RelatedTables.AUTO;

    public RepositoryConfig.RelatedTables getTables() {
      return tables;
    }

    public void setTables(RepositoryConfig.RelatedTables tables) {
      this.tables = tables;
    }
  }

  /** {@code runstore.schema.*}. */
  public static class Schema {
    /** Create the workflow_runs table and its indexes if missing, at start. */
    private boolean create;

    public boolean isCreate() {
      return create;
    }

    public void setCreate(boolean create) {
      this.create = create;
    }
  }

  /** {@code runstore.metrics.*}. */
  public static class Metrics {
    /** Record runstore meters in the application's MeterRegistry (when there is one). */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** {@code runstore.observations.*}. */
  public static class Observations {
    /**
     * One Observation (span) per operation in the application's ObservationRegistry (when there
     * is one); the runstore.operation timer then comes from the observation.
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** {@code runstore.retention.*}: a scheduled purge with backup (needs runstore-retention). */
  public static class Retention {
    /** Run the retention job on a schedule. */
    private boolean enabled;

    /** When to run: a Spring cron expression (second minute hour day month weekday), in the server's time zone. */
    private String cron = "0 15 3 * * *";

    /** Purge ended runs created more than this long before each run, e.g. 30d. */
    private Duration cutoff = Duration.ofDays(30);

    /** Directory the batches are archived to (unset: a RunArchive bean must be defined). */
    private @Nullable Path archive;

    /** Runs per batch file and per delete transaction, 1..10000. */
    private int batchSize = 1000;

    /** Start no new batch after this long; the next scheduled run continues. */
    private Duration maxDuration = Duration.ofHours(1);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getCron() {
      return cron;
    }

    public void setCron(String cron) {
      this.cron = cron;
    }

    public Duration getCutoff() {
      return cutoff;
    }

    public void setCutoff(Duration cutoff) {
      this.cutoff = cutoff;
    }

    public @Nullable Path getArchive() {
      return archive;
    }

    public void setArchive(@Nullable Path archive) {
      this.archive = archive;
    }

    public int getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(int batchSize) {
      this.batchSize = batchSize;
    }

    public Duration getMaxDuration() {
      return maxDuration;
    }

    public void setMaxDuration(Duration maxDuration) {
      this.maxDuration = maxDuration;
    }
  }
}
