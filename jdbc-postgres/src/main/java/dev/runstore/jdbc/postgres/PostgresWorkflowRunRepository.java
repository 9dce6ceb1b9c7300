package dev.runstore.jdbc.postgres;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.jdbc.JdbcRunStore;
import dev.runstore.spi.DelegatingWorkflowRunRepository;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Workflow runs in PostgreSQL, in Dify's {@code workflow_runs} table (so it can be pointed at
 * an existing Dify database). Short name {@code postgres} for
 * {@link dev.runstore.api.WorkflowRunRepositories}.
 *
 * <pre>{@code
 * WorkflowRunRepository repo = new PostgresWorkflowRunRepository(dataSource);
 * }</pre>
 *
 * <p>The schema scripts ship in this jar as {@code db/runstore/postgres/V1__workflow_runs.sql}
 * and {@code V2__v1_1_indexes.sql} (usable by Flyway or Liquibase as they are); with
 * {@code createSchema} they are applied in order at construction, idempotently. Thread-safe.
 */
public final class PostgresWorkflowRunRepository extends DelegatingWorkflowRunRepository {

  /** The short name, {@code postgres}. */
  public static final String NAME = "postgres";

  /**
   * A repository over the application's {@code dataSource}, on an existing {@code workflow_runs}
   * table. {@link #close()} leaves the DataSource open.
   *
   * @throws IllegalArgumentException when {@code dataSource} is null
   */
  public PostgresWorkflowRunRepository(DataSource dataSource) {
    this(dataSource, false);
  }

  /**
   * A repository over the application's {@code dataSource}.
   *
   * @param createSchema true: create the table and indexes if missing, now
   * @throws IllegalArgumentException when {@code dataSource} is null
   * @throws dev.runstore.api.DataAccessException when creating the schema fails
   */
  public PostgresWorkflowRunRepository(DataSource dataSource, boolean createSchema) {
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
  public PostgresWorkflowRunRepository(DataSource dataSource, boolean createSchema, RepositoryOptions options) {
    this(dataSource, createSchema, (AutoCloseable) null, options);
  }

  /** A repository that owns {@code owned} (its pool) and closes it in {@link #close()}. */
  PostgresWorkflowRunRepository(DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned) {
    this(dataSource, createSchema, owned, RepositoryOptions.defaults());
  }

  /** A repository with options that owns {@code owned} (its pool) and closes it in {@link #close()}. */
  PostgresWorkflowRunRepository(
      DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned, RepositoryOptions options) {
    this(dataSource, createSchema, owned, options, RepositoryConfig.RelatedTables.AUTO);
  }

  /** The provider's repository: options, owned pool, {@code runstore.related.tables}. */
  PostgresWorkflowRunRepository(DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned,
      RepositoryOptions options, RepositoryConfig.RelatedTables relatedTables) {
    super(JdbcRunStore.repository(PostgresDialect.INSTANCE, dataSource, createSchema, owned, options, relatedTables));
  }
}
