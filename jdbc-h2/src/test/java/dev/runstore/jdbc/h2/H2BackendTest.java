package dev.runstore.jdbc.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.DataAccessException;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.TestRuns;
import dev.runstore.testkit.Texts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * H2-specific behaviour beyond the contract: a file database outlives its repository, schema
 * creation is idempotent, the factory builds and closes its own pool, racing inserts of one new
 * id are retried, failures are translated.
 */
class H2BackendTest {

  private Path directory;

  @BeforeEach
  void newDirectory() {
    directory = H2TestDatabases.newDirectory();
  }

  @AfterEach
  void deleteDirectory() {
    H2TestDatabases.deleteDirectory(directory);
  }

  private static RepositoryConfig.Builder config(String url) {
    return RepositoryConfig.builder().repository("h2").jdbcUrl(url).poolMaxSize(4);
  }

  @Test
  void fileDatabaseKeepsItsRunsAfterTheRepositoryIsClosed() throws Exception {
    String url = H2TestDatabases.fileUrl(directory);
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun large = TestRuns.run(tenant, app)
        .graph(Texts.largeJson(6, Texts.MEBI)).inputs(Texts.unicodeJson()).outputs(Texts.largeJson(7, Texts.MEBI))
        .build();
    WorkflowRun small = TestRuns.run(tenant, app).createdAt(TestRuns.BASE.plusSeconds(1)).build();
    try (WorkflowRunRepository repository = WorkflowRunRepositories.create(config(url).schemaCreate(true).build())) {
      repository.save(large);
      repository.save(small);
    }
    assertThat(directory.resolve("runstore.mv.db")).isRegularFile();
    // A new repository (a new process would do the same), with and without schema creation.
    try (WorkflowRunRepository repository = WorkflowRunRepositories.create(config(url).schemaCreate(true).build())) {
      assertThat(repository.getWorkflowRunById(tenant, app, large.id())).contains(large);
      assertThat(repository.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, null).data())
          .containsExactly(small, large);
      repository.deleteRunsByIds(List.of(small.id()));
    }
    try (WorkflowRunRepository repository = WorkflowRunRepositories.create(config(url).build())) {
      assertThat(repository.getExpiredRunsBatch(tenant, TestRuns.BASE.plusSeconds(60), 10)).containsExactly(large);
    }
  }

  @Test
  void relativeDotSlashPathCreatesItsDirectory() throws Exception {
    // The CLI's form, jdbc:h2:file:./runstore-data/runstore, relative to the working directory
    // (here the module directory; the database goes under target/).
    Path relative = Path.of("target", "runstore-data-" + UUID.randomUUID());
    WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();
    try {
      try (WorkflowRunRepository repository = WorkflowRunRepositories.create(
          config("jdbc:h2:file:./" + relative.toString().replace('\\', '/') + "/runstore").schemaCreate(true).build())) {
        repository.save(run);
        assertThat(repository.getWorkflowRunById(run.tenantId(), run.appId(), run.id())).contains(run);
      }
      assertThat(relative.resolve("runstore.mv.db")).isRegularFile();
    } finally {
      if (Files.exists(relative)) {
        H2TestDatabases.deleteDirectory(relative);
      }
    }
  }

  @Test
  void pathImplicitlyRelativeToTheWorkingDirectoryIsRefusedWithoutShowingTheUrl() {
    assertThatThrownBy(() -> WorkflowRunRepositories.create(config("jdbc:h2:file:runstore-data/runstore").build()))
        .isInstanceOfSatisfying(DataAccessException.class, e ->
            assertThat(e.getMessage()).contains("runstore.jdbc.url").doesNotContain("runstore-data/runstore"));
  }

  @Test
  void schemaCreationTwiceIsIdempotentAndKeepsTheRuns() throws Exception {
    String url = H2TestDatabases.fileUrl(directory);
    try (HikariDataSource pool = H2TestDatabases.pool(url, null)) {
      WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();
      new H2WorkflowRunRepository(pool, true).save(run);
      Map<String, List<String>> indexes = indexes(pool);
      H2WorkflowRunRepository again = new H2WorkflowRunRepository(pool, true);
      assertThat(indexes(pool)).isEqualTo(indexes);
      assertThat(indexes).containsKeys(
          "WORKFLOW_RUN_CREATED_AT_ID_IDX",
          "WORKFLOW_RUN_TENANT_APP_TRIGGER_CREATED_IDX",
          "WORKFLOW_RUN_TENANT_CREATED_IDX",
          "WORKFLOW_RUN_TENANT_APP_TRIGGER_STATUS_CREATED_IDX");
      assertThat(indexes.get("WORKFLOW_RUN_TENANT_APP_TRIGGER_CREATED_IDX"))
          .containsExactly("TENANT_ID", "APP_ID", "TRIGGERED_FROM", "CREATED_AT", "ID");
      assertThat(again.getWorkflowRunById(run.tenantId(), run.appId(), run.id())).contains(run);
      assertThat(columnTypes(pool)).containsEntry("ID", "UUID")
          .containsEntry("CREATED_AT", "TIMESTAMP(6)")
          .containsEntry("FINISHED_AT", "TIMESTAMP(6)")
          .containsEntry("GRAPH", "CHARACTER LARGE OBJECT")
          .containsEntry("ELAPSED_TIME", "DOUBLE PRECISION")
          .containsEntry("TOTAL_TOKENS", "BIGINT");
    }
  }

  @Test
  void factoryFindsTheProviderByShortAndClassNameAndCloseClosesItsPool() throws Exception {
    String url = H2TestDatabases.fileUrl(directory);
    assertThat(WorkflowRunRepositories.availableProviders())
        .contains("h2 (" + H2WorkflowRunRepository.class.getName() + ")");
    WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();
    WorkflowRunRepository repository = WorkflowRunRepositories.create(config(url).schemaCreate(true).build());
    assertThat(repository).isInstanceOf(H2WorkflowRunRepository.class);
    repository.save(run);
    assertThat(sessions(url)).as("the pool's sessions and ours").isGreaterThan(1);
    repository.close();
    assertThat(sessions(url)).as("only ours: the pool is closed").isEqualTo(1);
    assertThatThrownBy(() -> repository.getWorkflowRunById(run.tenantId(), run.appId(), run.id()))
        .isInstanceOf(DataAccessException.class)
        .hasMessageStartingWith("getWorkflowRunById failed");

    try (WorkflowRunRepository byClass = WorkflowRunRepositories.create(
        config(url).repository(H2WorkflowRunRepository.class.getName()).build())) {
      assertThat(byClass).isInstanceOf(H2WorkflowRunRepository.class);
      assertThat(byClass.getWorkflowRunById(run.tenantId(), run.appId(), run.id())).contains(run);
    }
  }

  @Test
  void factoryUsesTheApplicationsDataSourceAndLeavesItOpen() throws Exception {
    String url = H2TestDatabases.fileUrl(directory);
    try (HikariDataSource pool = H2TestDatabases.pool(url, null)) {
      WorkflowRun run = TestRuns.run(TestRuns.newId(), TestRuns.newId()).build();
      try (WorkflowRunRepository repository =
          WorkflowRunRepositories.create(RepositoryConfig.builder().repository("h2").schemaCreate(true).build(), pool)) {
        repository.save(run);
      }
      assertThat(pool.isClosed()).isFalse();
      assertThat(new H2WorkflowRunRepository(pool).getWorkflowRunById(run.tenantId(), run.appId(), run.id()))
          .contains(run);
    }
  }

  /**
   * Eight sessions merge each of 150 new ids at the same moment (a barrier per id): H2 lets all
   * of them take the insert branch and fails all but one with a duplicate key; the retry must
   * turn those into updates, so every save succeeds and one written version remains per id.
   */
  @Test
  void racingInsertsOfOneNewIdAllSucceed() throws Exception {
    String url = H2TestDatabases.memoryUrl();
    int writers = 8;
    int ids = 150;
    try (HikariDataSource pool = H2TestDatabases.pool(url, null)) {
      H2WorkflowRunRepository repository = new H2WorkflowRunRepository(pool, true);
      String tenant = TestRuns.newId();
      String app = TestRuns.newId();
      List<String> runIds = new ArrayList<>();
      for (int i = 0; i < ids; i++) {
        runIds.add(TestRuns.newId());
      }
      CyclicBarrier barrier = new CyclicBarrier(writers);
      ExecutorService executor = Executors.newFixedThreadPool(writers);
      try {
        List<Future<Integer>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          int writer = w;
          Callable<Integer> task = () -> {
            for (String id : runIds) {
              barrier.await(1, TimeUnit.MINUTES);
              repository.save(TestRuns.run(tenant, app).id(id).version("writer " + writer).build());
            }
            return ids;
          };
          futures.add(executor.submit(task));
        }
        for (Future<Integer> f : futures) {
          assertThat(f.get(2, TimeUnit.MINUTES)).isEqualTo(ids);
        }
      } finally {
        executor.shutdownNow();
      }
      List<WorkflowRun> stored = repository.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 1000, null).data();
      assertThat(stored).extracting(WorkflowRun::id).containsExactlyInAnyOrderElementsOf(runIds);
      assertThat(stored).allSatisfy(r -> assertThat(r.version()).matches("writer [0-7]"));
    } finally {
      H2TestDatabases.shutdown(url);
    }
  }

  @Test
  void missingTableIsADataAccessExceptionNamingOperationAndSql() {
    String url = H2TestDatabases.memoryUrl();
    try (HikariDataSource pool = H2TestDatabases.pool(url, null)) {
      H2WorkflowRunRepository repository = new H2WorkflowRunRepository(pool);
      String secret = TestRuns.newId();
      assertThatThrownBy(() -> repository.getWorkflowRunById(secret, secret, secret))
          .isInstanceOfSatisfying(DataAccessException.class, e -> {
            assertThat(e.getMessage())
                .startsWith("getWorkflowRunById failed: SELECT ")
                .contains("FROM workflow_runs WHERE tenant_id = ?")
                .doesNotContain(secret);
            // 42S04 here: H2 says "table not found (this database is empty)"; 42S02 in a non-empty one.
            assertThat(e.sqlState()).startsWith("42S0");
            assertThat(e.isTransient()).isFalse();
          });
    } finally {
      H2TestDatabases.shutdown(url);
    }
  }

  @Test
  void duplicateKeysAreALostRaceOnlyForTheUpsertAndLockWaitsAreNeverRetried() {
    SQLException duplicate = new SQLException("duplicate", "23505", H2ErrorCodes.DUPLICATE_KEY);
    SQLException lockTimeout = new SQLException("timeout", "HYT00", H2ErrorCodes.LOCK_TIMEOUT);
    SQLException concurrentUpdate = new SQLException("concurrent", "HY000", H2ErrorCodes.CONCURRENT_UPDATE);
    SQLException syntax = new SQLException("syntax", "42000", 42000);
    assertThat(H2Dialect.INSTANCE.upsert().lostRace(duplicate)).isTrue();
    assertThat(H2Dialect.INSTANCE.upsert().lostRace(new SQLException("wrapped", null, 0, duplicate))).isTrue();
    assertThat(H2Dialect.INSTANCE.upsert().lostRace(syntax)).isFalse();
    assertThat(H2Dialect.INSTANCE.upsert().lostRace(lockTimeout)).isFalse();
    // elsewhere a duplicate key is a plain failure; a lock wait is transient but never retried
    assertThat(DataAccessException.Reason.of(duplicate, H2Dialect.INSTANCE.errors()))
        .isEqualTo(DataAccessException.Reason.OTHER);
    assertThat(DataAccessException.Reason.of(lockTimeout, H2Dialect.INSTANCE.errors()))
        .isEqualTo(DataAccessException.Reason.LOCK_TIMEOUT);
    assertThat(DataAccessException.Reason.LOCK_TIMEOUT.isRetryable()).isFalse();
    assertThat(DataAccessException.Reason.of(concurrentUpdate, H2Dialect.INSTANCE.errors()).isRetryable()).isTrue();
    assertThat(DataAccessException.Reason.of(new SQLException("deadlock", "40001", 40001), H2Dialect.INSTANCE.errors())
        .isRetryable()).isTrue();
    // registered: a DataAccessException built from H2's exception knows its codes too
    assertThat(new DataAccessException("op failed", lockTimeout).reason()).isEqualTo(DataAccessException.Reason.LOCK_TIMEOUT);
  }

  /** Index name to its columns in order, for workflow_runs. */
  private static Map<String, List<String>> indexes(javax.sql.DataSource dataSource) throws SQLException {
    Map<String, List<String>> indexes = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT INDEX_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS"
            + " WHERE TABLE_NAME = 'WORKFLOW_RUNS' ORDER BY INDEX_NAME, ORDINAL_POSITION")) {
      while (rs.next()) {
        indexes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    return indexes;
  }

  /** Column name to its H2 type (with precision where it has one). */
  private static Map<String, String> columnTypes(javax.sql.DataSource dataSource) throws SQLException {
    Map<String, String> types = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COLUMN_NAME, DATA_TYPE, DATETIME_PRECISION FROM INFORMATION_SCHEMA.COLUMNS"
            + " WHERE TABLE_NAME = 'WORKFLOW_RUNS'")) {
      while (rs.next()) {
        String type = rs.getString(2);
        types.put(rs.getString(1), type.equals("TIMESTAMP") ? type + "(" + rs.getInt(3) + ")" : type);
      }
    }
    return types;
  }

  /** The number of open sessions of the database at {@code url}, counting the one asking. */
  private static int sessions(String url) throws SQLException {
    try (Connection c = H2TestDatabases.connect(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
