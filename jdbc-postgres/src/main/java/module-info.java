/**
 * The PostgreSQL backend of runstore: {@link dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository}
 * (short name {@code postgres}) and its schema scripts under {@code db/runstore/postgres/}.
 */
module dev.runstore.jdbc.postgres {
  requires transitive dev.runstore.api;
  requires dev.runstore.jdbc;
  requires static org.jspecify;
  // The driver, so that it is resolved when the application runs on the module path.
  requires org.postgresql.jdbc;

  exports dev.runstore.jdbc.postgres;

  provides dev.runstore.spi.WorkflowRunRepositoryProvider with
      dev.runstore.jdbc.postgres.PostgresWorkflowRunRepositoryProvider;
  provides dev.runstore.spi.SqlErrorClassifier with
      dev.runstore.jdbc.postgres.PostgresErrorCodes;
}
