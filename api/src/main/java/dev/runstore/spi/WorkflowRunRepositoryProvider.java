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
   * A new repository with options given in code. The default takes no option: it refuses a
   * {@link PauseStateStore} (a backend that supports one overrides this) and otherwise calls
   * {@link #create(RepositoryConfig, DataSource)}.
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
}
