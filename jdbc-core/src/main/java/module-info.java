/**
 * JDBC machinery shared by runstore's SQL backends: the {@link dev.runstore.jdbc.SqlDialect}
 * a backend implements, and {@link dev.runstore.jdbc.AbstractJdbcWorkflowRunRepository}, which
 * runs the repository's methods through it.
 */
module dev.runstore.jdbc {
  requires transitive dev.runstore.api;
  requires com.zaxxer.hikari;
  requires static org.jspecify;

  exports dev.runstore.jdbc;
}
