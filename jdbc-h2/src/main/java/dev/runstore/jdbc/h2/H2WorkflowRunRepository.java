package dev.runstore.jdbc.h2;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.jdbc.JdbcRunStore;
import dev.runstore.spi.DelegatingWorkflowRunRepository;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Workflow runs in an embedded H2 database (a local file, or memory): the zero-setup storage a
 * newcomer can try every command with, no server needed. Short name {@code h2} for
 * {@link dev.runstore.api.WorkflowRunRepositories}; see {@link H2WorkflowRunRepositoryProvider}
 * for the connection URL to use.
 *
 * <pre>{@code
 * JdbcDataSource dataSource = new org.h2.jdbcx.JdbcDataSource();
 * dataSource.setURL("jdbc:h2:file:./runstore-data/runstore");
 * WorkflowRunRepository repo = new H2WorkflowRunRepository(dataSource, true);
 * }</pre>
 *
 * <p>The table has Dify's column names with H2's own types ({@code UUID}, {@code TIMESTAMP(6)}
 * holding UTC, {@code CHARACTER LARGE OBJECT} for JSON texts); the schema scripts ship in this
 * jar as {@code db/runstore/h2/V1__workflow_runs.sql} and {@code V2__v1_1_indexes.sql}, and with
 * {@code createSchema} they are applied at construction, idempotently. H2 is no stand-in for
 * PostgreSQL or MySQL: this backend runs its own SQL and its own run of the contract suite.
 * Thread-safe.
 */
public final class H2WorkflowRunRepository extends DelegatingWorkflowRunRepository {

  /** The short name, {@code h2}. */
  public static final String NAME = "h2";

  /**
   * A repository over the application's {@code dataSource}, on an existing {@code workflow_runs}
   * table. {@link #close()} leaves the DataSource open.
   *
   * @param dataSource where connections come from (the caller's; never closed here)
   * @throws IllegalArgumentException when {@code dataSource} is null
   */
  public H2WorkflowRunRepository(DataSource dataSource) {
    this(dataSource, false);
  }

  /**
   * A repository over the application's {@code dataSource}. {@link #close()} leaves the
   * DataSource open.
   *
   * @param dataSource where connections come from (the caller's; never closed here)
   * @param createSchema true: create the table and indexes if missing, now
   * @throws IllegalArgumentException when {@code dataSource} is null
   * @throws dev.runstore.api.DataAccessException when creating the schema fails
   */
  public H2WorkflowRunRepository(DataSource dataSource, boolean createSchema) {
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
  public H2WorkflowRunRepository(DataSource dataSource, boolean createSchema, RepositoryOptions options) {
    this(dataSource, createSchema, (AutoCloseable) null, options);
  }

  /** A repository that owns {@code owned} (its pool) and closes it in {@link #close()}. */
  H2WorkflowRunRepository(DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned) {
    this(dataSource, createSchema, owned, RepositoryOptions.defaults());
  }

  /** A repository with options that owns {@code owned} (its pool) and closes it in {@link #close()}. */
  H2WorkflowRunRepository(
      DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned, RepositoryOptions options) {
    this(dataSource, createSchema, owned, options, RepositoryConfig.RelatedTables.AUTO);
  }

  /** The provider's repository: options, owned pool, {@code runstore.related.tables}. */
  H2WorkflowRunRepository(DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned,
      RepositoryOptions options, RepositoryConfig.RelatedTables relatedTables) {
    super(JdbcRunStore.repository(H2Dialect.INSTANCE, dataSource, createSchema, owned, options, relatedTables));
  }
}
