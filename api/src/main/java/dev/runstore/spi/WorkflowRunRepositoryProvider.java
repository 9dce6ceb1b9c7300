package dev.runstore.spi;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepository;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * How a backend registers with {@link dev.runstore.api.WorkflowRunRepositories}: list the
 * implementation in {@code META-INF/services/dev.runstore.spi.WorkflowRunRepositoryProvider}
 * and as {@code provides} in {@code module-info.java}.
 *
 * <p>Declare {@link #implementationType()} with the concrete class as its return type (for
 * example {@code Class<PostgresWorkflowRunRepository>}): the factory then matches a configured
 * class name by reflection without instantiating providers it does not pick. Providers need a
 * public no-argument constructor that does no work.
 */
public interface WorkflowRunRepositoryProvider {

  /** The short name users may configure, e.g. {@code "postgres"}. */
  String name();

  /** The repository class this provider creates. */
  Class<? extends WorkflowRunRepository> implementationType();

  /**
   * A new repository.
   *
   * @param config the settings
   * @param dataSource the application's own pool, or null to build one from {@code config}
   *     (then owned, and closed, by the repository)
   * @throws dev.runstore.api.RepositoryConfigurationException when a needed setting is missing
   */
  WorkflowRunRepository create(RepositoryConfig config, @Nullable DataSource dataSource);

  /**
   * A new repository with options given in code. The default refuses a {@link PauseStateStore} (a
   * backend that supports one overrides this) and otherwise calls
   * {@link #create(RepositoryConfig, DataSource)}: the factory itself applies the options it knows
   * (observers) to whatever this returns.
   *
   * @throws dev.runstore.api.RepositoryConfigurationException when a needed setting is missing, or an
   *     option is one this backend does not take
   */
  default WorkflowRunRepository create(
      RepositoryConfig config, @Nullable DataSource dataSource, RepositoryOptions options) {
    if (options.pauseStateStore() != null) {
      throw new dev.runstore.api.RepositoryConfigurationException(
          "the " + name() + " backend does not take a PauseStateStore");
    }
    return create(config, dataSource);
  }

  /**
   * Whether this backend serves databases reached by {@code jdbcUrl}, judged by its scheme alone
   * (e.g. {@code jdbc:postgresql:}); tools use it to pick a backend when only a URL is configured.
   * It must not connect. The default accepts none.
   *
   * @param jdbcUrl a JDBC URL, as configured (may carry credentials: never log it)
   */
  default boolean acceptsJdbcUrl(String jdbcUrl) {
    return false;
  }

  /**
   * Whether this backend stores runs in a database that reports this product name
   * ({@link java.sql.DatabaseMetaData#getDatabaseProductName()}, e.g. {@code PostgreSQL}): lets
   * a framework pick the backend for an application's DataSource without naming vendors
   * itself. Default false.
   */
  default boolean supportsDatabaseProduct(String databaseProductName) {
    return false;
  }
}
