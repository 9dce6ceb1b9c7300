/**
 * The runstore contract: domain records, repository interfaces, configuration, the factory
 * that selects a backend through {@link java.util.ServiceLoader}, and the provider SPI.
 */
module dev.runstore.api {
  requires static transitive org.jspecify;
  requires transitive java.sql;

  exports dev.runstore.api;
  exports dev.runstore.spi;

  uses dev.runstore.spi.WorkflowRunRepositoryProvider;
}
