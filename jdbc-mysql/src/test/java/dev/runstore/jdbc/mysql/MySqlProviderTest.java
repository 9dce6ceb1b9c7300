package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.TestRuns;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ServiceLoader wiring: the factory finds the provider by short and class name and builds an owned pool. */
class MySqlProviderTest {

  /** API.md's isTransient() for MySQL's own codes, known through the registered MySqlErrorCodes. */
  @org.junit.jupiter.api.Test
  void mysqlCodesHaveTheirReasons() {
    assertThat(reason("40001", 1213)).isEqualTo(DataAccessException.Reason.DEADLOCK);
    // MariaDB reports a lock-wait timeout with the deadlock's SQLState: only the code tells them apart
    assertThat(reason("40001", 1205)).isEqualTo(DataAccessException.Reason.LOCK_TIMEOUT);
    assertThat(reason("HY000", 1205)).isEqualTo(DataAccessException.Reason.LOCK_TIMEOUT);
    assertThat(reason("HY000", 3024)).isEqualTo(DataAccessException.Reason.QUERY_TIMEOUT);
    assertThat(reason("70100", 1969)).isEqualTo(DataAccessException.Reason.QUERY_TIMEOUT);
    assertThat(reason("08S01", 1927)).isEqualTo(DataAccessException.Reason.CONNECTION_FAILURE);
    assertThat(reason("42000", 1213)).as("a 42xxx state wins over a vendor code").isEqualTo(DataAccessException.Reason.OTHER);
    assertThat(new DataAccessException("op", new java.sql.SQLException("x", "HY000", 1205)).isTransient()).isTrue();
    assertThat(DataAccessException.Reason.of(new java.sql.SQLException("x", "40001", 1205)).isRetryable()).isFalse();
  }

  private static DataAccessException.Reason reason(String state, int code) {
    return new DataAccessException("op failed", new java.sql.SQLException("x", state, code)).reason();
  }


  @ParameterizedTest
  @ValueSource(strings = {"mysql", "dev.runstore.jdbc.mysql.MySqlWorkflowRunRepository"})
  void factoryBuildsARepositoryWithItsOwnPool(String name) {
    MySqlTestServers.Server server = MySqlTestServers.server();
    Properties props = new Properties();
    props.setProperty(RepositoryConfig.REPOSITORY, name);
    props.setProperty(RepositoryConfig.JDBC_URL, server.jdbcUrl());
    props.setProperty(RepositoryConfig.JDBC_USERNAME, server.username());
    props.setProperty(RepositoryConfig.JDBC_PASSWORD, server.password());
    props.setProperty(RepositoryConfig.JDBC_POOL_MAX_SIZE, "2");
    props.setProperty(RepositoryConfig.SCHEMA_CREATE, "true");
    WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();
    WorkflowRunRepository repo = WorkflowRunRepositories.create(RepositoryConfig.fromProperties(props));
    try (repo) {
      assertThat(repo).isInstanceOf(MySqlWorkflowRunRepository.class);
      repo.save(run);
      assertThat(repo.getWorkflowRunById(run.tenantId(), run.appId(), run.id())).contains(run);
    }
    // closed with its pool
    assertThatThrownBy(() -> repo.getWorkflowRunById(run.tenantId(), run.appId(), run.id()))
        .isInstanceOf(DataAccessException.class);
  }

  /** The product name the server reports through the driver (MySQL, or MariaDB's) is one the provider serves. */
  @org.junit.jupiter.api.Test
  void servesTheDatabaseProductTheServerReports() throws java.sql.SQLException {
    MySqlTestServers.Server server = MySqlTestServers.server();
    String product;
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password())) {
      product = c.getMetaData().getDatabaseProductName();
    }
    MySqlWorkflowRunRepositoryProvider provider = new MySqlWorkflowRunRepositoryProvider();
    assertThat(provider.supportsDatabaseProduct(product)).as(product).isTrue();
    assertThat(provider.supportsDatabaseProduct("MariaDB")).isTrue();
    assertThat(provider.supportsDatabaseProduct("PostgreSQL")).isFalse();
  }
}
