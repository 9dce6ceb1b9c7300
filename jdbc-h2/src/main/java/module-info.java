/**
 * The H2 backend of runstore: {@link dev.runstore.jdbc.h2.H2WorkflowRunRepository} (short name
 * {@code h2}), an embedded database in a local file (or in memory) that needs no server, and its
 * schema scripts under {@code db/runstore/h2/}.
 */
module dev.runstore.jdbc.h2 {
  requires transitive dev.runstore.api;
  requires dev.runstore.jdbc;
  requires static org.jspecify;
  // The engine and its driver, so that they are resolved when the application runs on the module path.
  requires com.h2database;

  exports dev.runstore.jdbc.h2;

  provides dev.runstore.spi.WorkflowRunRepositoryProvider with
      dev.runstore.jdbc.h2.H2WorkflowRunRepositoryProvider;
  provides dev.runstore.spi.SqlErrorClassifier with
      dev.runstore.jdbc.h2.H2ErrorCodes;
}
