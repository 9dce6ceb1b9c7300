package dev.runstore.memory;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.spi.WorkflowRunRepositoryProvider;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Registers {@link InMemoryWorkflowRunRepository} with
 * {@link dev.runstore.api.WorkflowRunRepositories} under the short name {@code in-memory}.
 */
public final class InMemoryWorkflowRunRepositoryProvider implements WorkflowRunRepositoryProvider {

  /** The short name: {@code in-memory}. */
  public static final String NAME = "in-memory";

  /** A provider; does no work (the factory may create it only to ask its names). */
  public InMemoryWorkflowRunRepositoryProvider() {}

  /** {@value #NAME}. */
  @Override
  public String name() {
    return NAME;
  }

  /** {@link InMemoryWorkflowRunRepository}, declared concretely so the factory can match it by reflection. */
  @Override
  public Class<InMemoryWorkflowRunRepository> implementationType() {
    return InMemoryWorkflowRunRepository.class;
  }

  /**
   * A new, empty repository. The in-memory backend uses neither JDBC settings nor a DataSource:
   * both are ignored.
   */
  @Override
  public InMemoryWorkflowRunRepository create(RepositoryConfig config, @Nullable DataSource dataSource) {
    return create(config, dataSource, RepositoryOptions.defaults());
  }

  /** A new, empty repository with these options; JDBC settings and a DataSource are ignored. */
  @Override
  public InMemoryWorkflowRunRepository create(
      RepositoryConfig config, @Nullable DataSource dataSource, RepositoryOptions options) {
    return new InMemoryWorkflowRunRepository(options, config.relatedTables() == RepositoryConfig.RelatedTables.AUTO);
  }
}
