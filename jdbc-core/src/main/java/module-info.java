/**
 * JDBC machinery shared by runstore's SQL backends: the {@link dev.runstore.jdbc.SqlDialect} a
 * backend implements, and {@link dev.runstore.jdbc.JdbcRunStore}, which runs its statements
 * below the contract front. Not for applications: exported only to the backend modules.
 */
module dev.runstore.jdbc {
  requires transitive dev.runstore.api;
  requires com.zaxxer.hikari;
  requires static org.jspecify;

  exports dev.runstore.jdbc to
      dev.runstore.jdbc.postgres,
      dev.runstore.jdbc.mysql,
      dev.runstore.jdbc.h2;
}
