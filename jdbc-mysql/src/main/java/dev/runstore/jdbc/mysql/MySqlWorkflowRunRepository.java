package dev.runstore.jdbc.mysql;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.jdbc.JdbcRunStore;
import dev.runstore.spi.DelegatingWorkflowRunRepository;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Workflow runs in MySQL 8.0+ or MariaDB 10.6+ (through Connector/J), in Dify's
 * {@code workflow_runs} table, so it can be pointed at an existing Dify database. Short name
 * {@code mysql} for {@link dev.runstore.api.WorkflowRunRepositories}.
 *
 * <pre>{@code
 * WorkflowRunRepository repo = new MySqlWorkflowRunRepository(dataSource);
 * }</pre>
 *
 * <p>Timestamps are stored in {@code DATETIME(6)} columns as UTC, whatever the JVM's and the
 * session's time zones; ids in {@code CHAR(36)}. The schema scripts ship in this jar as
 * {@code db/runstore/mysql/V1__workflow_runs.sql} (InnoDB, utf8mb4) and
 * {@code db/runstore/mysql/V2__v1_1_indexes.sql} (the indexes of the v1.1 queries); with
 * {@code createSchema} they are applied at construction, in order, idempotently, also over a table created by Dify's migration
 * (the missing indexes are added; its second-precision {@code DATETIME} columns are kept, and
 * sub-second instants written to them lose their fraction: MySQL rounds it, MariaDB truncates
 * it). Text is stored as the connection sends it: Connector/J sends
 * utf8mb4 unless the JDBC URL asks for another encoding. Thread-safe.
 */
public final class MySqlWorkflowRunRepository extends DelegatingWorkflowRunRepository {

  /** The short name, {@code mysql}. */
  public static final String NAME = "mysql";

  /**
   * A repository over the application's {@code dataSource}, on an existing {@code workflow_runs}
   * table. {@link #close()} leaves the DataSource open.
   *
   * @throws IllegalArgumentException when {@code dataSource} is null
   */
  public MySqlWorkflowRunRepository(DataSource dataSource) {
    this(dataSource, false);
  }

  /**
   * A repository over the application's {@code dataSource}.
   *
   * @param createSchema true: create the table and indexes if missing, now
   * @throws IllegalArgumentException when {@code dataSource} is null
   * @throws dev.runstore.api.DataAccessException when creating the schema fails
   */
  public MySqlWorkflowRunRepository(DataSource dataSource, boolean createSchema) {
    this(dataSource, createSchema, (AutoCloseable) null);
  }

  /**
   * A repository over the application's {@code dataSource} with options given in code (e.g. a
   * {@link dev.runstore.spi.PauseStateStore} on the object storage Dify reads, instead of the
   * table {@code workflow_pause_states}). {@link #close()} leaves the DataSource open.
   *
   * @param createSchema true: create the tables and indexes if missing, now
   * @throws IllegalArgumentException when {@code dataSource} or {@code options} is null
   * @throws dev.runstore.api.DataAccessException when creating the schema fails
   */
  public MySqlWorkflowRunRepository(DataSource dataSource, boolean createSchema, RepositoryOptions options) {
    this(dataSource, createSchema, (AutoCloseable) null, options);
  }

  /** A repository that owns {@code owned} (its pool) and closes it in {@link #close()}. */
  MySqlWorkflowRunRepository(DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned) {
    this(dataSource, createSchema, owned, RepositoryOptions.defaults());
  }

  /** A repository with options that owns {@code owned} (its pool) and closes it in {@link #close()}. */
  MySqlWorkflowRunRepository(
      DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned, RepositoryOptions options) {
    this(dataSource, createSchema, owned, options, RepositoryConfig.RelatedTables.AUTO);
  }

  /** The provider's repository: options, owned pool, {@code runstore.related.tables}. */
  MySqlWorkflowRunRepository(DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned,
      RepositoryOptions options, RepositoryConfig.RelatedTables relatedTables) {
    super(JdbcRunStore.repository(MySqlDialect.INSTANCE, dataSource, createSchema, owned, options, relatedTables));
  }
}
