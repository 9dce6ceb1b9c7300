/**
 * The runstore contract: domain records, repository interfaces, configuration, the factory
 * that selects a backend through {@link java.util.ServiceLoader}, and the provider SPI.
 */
module dev.runstore.api {
  requires static transitive org.jspecify;
  requires transitive java.sql;

  exports dev.runstore.api;
  exports dev.runstore.spi;
  // The contract front and the store SPI below it: for runstore's backends only.
  exports dev.runstore.store to
      dev.runstore.memory,
      dev.runstore.jdbc,
      dev.runstore.jdbc.postgres,
      dev.runstore.jdbc.mysql,
      dev.runstore.jdbc.h2;
  // Not public API: the observing decorator and the hooks of the modules that report through it
  // (the backends apply the decorator from their constructors taking RepositoryOptions).
  exports dev.runstore.internal.observe to
      dev.runstore.jdbc,
      dev.runstore.memory,
      dev.runstore.retention;

  uses dev.runstore.spi.WorkflowRunRepositoryProvider;
  uses dev.runstore.spi.SqlErrorClassifier;
  uses dev.runstore.spi.OperationObserver;
}
