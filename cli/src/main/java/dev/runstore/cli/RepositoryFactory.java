package dev.runstore.cli;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;

/**
 * Opens the repository a command works on. The tool uses {@link #SERVICE_LOADER}; tests pass one
 * that hands out a shared repository, so several invocations see the same data.
 */
@FunctionalInterface
public interface RepositoryFactory {

  /** {@link WorkflowRunRepositories#create(RepositoryConfig)}: the backend named by the config. */
  RepositoryFactory SERVICE_LOADER = WorkflowRunRepositories::create;

  /**
   * A repository for {@code config}; the command closes it when done.
   *
   * @throws dev.runstore.api.RepositoryConfigurationException when the config names no usable backend
   */
  WorkflowRunRepository open(RepositoryConfig config);
}
