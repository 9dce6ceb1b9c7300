/**
 * The MySQL/MariaDB backend of runstore: {@link dev.runstore.jdbc.mysql.MySqlWorkflowRunRepository}
 * (short name {@code mysql}) and its schema script under {@code db/runstore/mysql/}.
 */
module dev.runstore.jdbc.mysql {
  requires transitive dev.runstore.api;
  requires dev.runstore.jdbc;
  requires static org.jspecify;
  // The driver (an automatic module named after its jar), so that it is resolved when the
  // application runs on the module path.
  requires mysql.connector.j;

  exports dev.runstore.jdbc.mysql;

  provides dev.runstore.spi.WorkflowRunRepositoryProvider with
      dev.runstore.jdbc.mysql.MySqlWorkflowRunRepositoryProvider;
  provides dev.runstore.spi.SqlErrorClassifier with
      dev.runstore.jdbc.mysql.MySqlErrorCodes;
}
