package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.TestRuns;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** PostgreSQL-specific behaviour beyond the contract: factory and pool, errors, large inputs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresBackendTest {

  private String schema;

  @BeforeAll
  void schema() {
    schema = PostgresTestDatabase.newSchema();
  }

  @AfterAll
  void drop() {
    PostgresTestDatabase.dropSchema(schema);
  }

  private RepositoryConfig.Builder config(String url) {
    PostgresTestDatabase.Server server = PostgresTestDatabase.server();
    return RepositoryConfig.builder()
        .repository("postgres")
        .jdbcUrl(url)
        .jdbcUsername(server.user())
        .jdbcPassword(server.password())
        .poolMaxSize(2);
  }

  private String schemaUrl() {
    String url = PostgresTestDatabase.server().url();
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Test
  void factoryBuildsAnOwnedPoolCreatesTheSchemaAndClosesThePool() {
    WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();
    WorkflowRunRepository repository = WorkflowRunRepositories.create(config(schemaUrl()).schemaCreate(true).build());
    assertThat(repository).isInstanceOf(PostgresWorkflowRunRepository.class);
    repository.save(run);
    assertThat(repository.getWorkflowRunById(run.tenantId(), run.appId(), run.id())).contains(run);
    repository.close();
    // the pool is gone: the next call fails as a storage failure, not with a driver exception
    assertThatThrownBy(() -> repository.getWorkflowRunById(run.tenantId(), run.appId(), run.id()))
        .isInstanceOf(DataAccessException.class)
        .hasMessageStartingWith("getWorkflowRunById failed");
  }

  /** API.md's isTransient() for PostgreSQL's own SQLStates, known through the registered PostgresErrorCodes. */
  @Test
  void postgresStatesHaveTheirReasons() {
    assertThat(reason("55P03")).isEqualTo(DataAccessException.Reason.LOCK_TIMEOUT);
    assertThat(reason("57014")).isEqualTo(DataAccessException.Reason.QUERY_TIMEOUT);
    assertThat(reason("57P01")).isEqualTo(DataAccessException.Reason.CONNECTION_FAILURE);
    assertThat(reason("40P01")).isEqualTo(DataAccessException.Reason.DEADLOCK);
    assertThat(reason("23505")).isEqualTo(DataAccessException.Reason.OTHER);
    assertThat(new DataAccessException("op failed", new java.sql.SQLException("lock", "55P03")).isTransient()).isTrue();
    assertThat(new DataAccessException("op failed", new java.sql.SQLException("gone", "57P01")).isTransient()).isTrue();
  }

  private static DataAccessException.Reason reason(String state) {
    return new DataAccessException("op failed", new java.sql.SQLException("x", state)).reason();
  }

  @Test
  void factoryFindsTheProviderByClassName() {
    try (WorkflowRunRepository repository = WorkflowRunRepositories.create(
        config(schemaUrl()).repository(PostgresWorkflowRunRepository.class.getName()).build())) {
      assertThat(repository).isInstanceOf(PostgresWorkflowRunRepository.class);
    }
  }

  @Test
  void unreachableServerIsATransientDataAccessExceptionWithoutTheUrl() {
    assertThatThrownBy(() -> WorkflowRunRepositories.create(
            config("jdbc:postgresql://127.0.0.1:1/nowhere?password=secret").build()))
        .isInstanceOfSatisfying(DataAccessException.class, e -> {
          assertThat(e.isTransient()).isTrue();
          assertThat(e.sqlState()).startsWith("08");
          assertThat(e.getMessage()).contains("runstore.jdbc.url").doesNotContain("secret");
        });
  }

  @Test
  void sqlErrorsNameOperationAndSqlButNoValues() {
    String empty = PostgresTestDatabase.newSchema();
    try {
      PostgresWorkflowRunRepository repository =
          new PostgresWorkflowRunRepository(PostgresTestDatabase.plain(empty));
      String tenant = TestRuns.newId();
      String app = TestRuns.newId();
      String id = TestRuns.newId();
      assertThatThrownBy(() -> repository.getWorkflowRunById(tenant, app, id))
          .isInstanceOfSatisfying(DataAccessException.class, e -> {
            assertThat(e.sqlState()).isEqualTo("42P01");
            assertThat(e.isTransient()).isFalse();
            assertThat(e.getMessage())
                .startsWith("getWorkflowRunById failed: SELECT ")
                .contains("FROM workflow_runs")
                .doesNotContain(tenant).doesNotContain(app).doesNotContain(id);
          });
      assertThatThrownBy(() -> repository.save(TestRuns.run(tenant, app).build()))
          .isInstanceOf(DataAccessException.class)
          .hasMessageStartingWith("save failed: INSERT INTO workflow_runs");
    } finally {
      PostgresTestDatabase.dropSchema(empty);
    }
  }

  @Test
  void deletesMoreIdsThanOneStatementMayBind() {
    PostgresWorkflowRunRepository repository =
        new PostgresWorkflowRunRepository(PostgresTestDatabase.plain(schema), true);
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 70_000; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    for (int i = 0; i < 5; i++) {
      WorkflowRun run = TestRuns.run(tenant, app).build();
      repository.save(run);
      ids.add(i * 15_000, run.id().toUpperCase(java.util.Locale.ROOT));
    }
    ids.add("not-a-uuid");
    assertThat(repository.deleteRunsByIds(ids)).isEqualTo(5);
    assertThat(repository.getExpiredRunsBatch(tenant, java.time.Instant.MAX, 10)).isEmpty();
  }

  @Test
  void malformedIdsNeverReachTheServer() {
    // A cast failure on the server would surface as DataAccessException (22P02) instead.
    PostgresWorkflowRunRepository repository =
        new PostgresWorkflowRunRepository(PostgresTestDatabase.plain(schema), true);
    assertThat(repository.getWorkflowRunById("tenant", "app", "run")).isEmpty();
    assertThat(repository.getExpiredRunsBatch("tenant", java.time.Instant.now(), 10)).isEmpty();
    assertThat(repository.deleteRunsByApp("tenant", "app", 10)).isZero();
    assertThat(repository.getPaginatedWorkflowRuns("tenant", "app", dev.runstore.api.TriggeredFrom.APP_RUN, 10, null).data())
        .isEmpty();
    assertThatThrownBy(() -> repository.getPaginatedWorkflowRuns(
            TestRuns.newId(), TestRuns.newId(), dev.runstore.api.TriggeredFrom.APP_RUN, 10, "zzz"))
        .isInstanceOf(dev.runstore.api.InvalidCursorException.class);
  }
}
