package dev.runstore.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.RunListQuery;
import dev.runstore.api.RunPosition;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.testkit.TestRuns;
import dev.runstore.testkit.TimeRangeSelection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Where ShardingSphere sends runstore's statements, read from its own SQL log ({@code sql-show}:
 * one {@code Actual SQL: ds_N ::: ...} line per data source a statement is sent to), and what a
 * repository over two shards guarantees: per-tenant statements on the tenant's shard only,
 * cross-tenant batches from both shards merged in the database's order, ids unique across shards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShardingRoutingContract {

  private static final Pattern ACTUAL = Pattern.compile("Actual SQL: (ds_\\d) ::: (.*)");

  private ShardedDatabases databases;
  private WorkflowRunRepository repository;

  abstract ShardedDatabases.Kind kind();

  abstract WorkflowRunRepository repositoryOn(javax.sql.DataSource sharding);

  @BeforeAll
  void open() {
    databases = ShardedDatabases.create(kind(), true);
    repository = repositoryOn(databases.sharding);
  }

  @AfterAll
  void close() throws Exception {
    if (repository != null) {
      repository.close();
    }
    if (databases != null) {
      databases.close();
    }
  }

  /** {@code ds_N ::: actual SQL} of each statement on {@code table} sent while {@code work} ran, in log order. */
  private static List<String> routes(String table, Runnable work) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    // slf4j-simple writes to the System.err of the moment: the engine's SQL log lands here
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      work.run();
    } finally {
      System.err.flush();
      System.setErr(original);
    }
    List<String> routes = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      Matcher m = ACTUAL.matcher(line);
      if (m.find() && m.group(2).matches("(?is).*\\b" + table + "\\b.*")) {
        routes.add(m.group(1) + " ::: " + m.group(2));
      }
    }
    return routes;
  }

  @Test
  void everyPerTenantStatementGoesToTheTenantsShardOnly() {
    for (int shard = 0; shard < 2; shard++) {
      String tenant = ShardedDatabases.tenantOn(shard);
      String app = TestRuns.newId();
      List<WorkflowRun> runs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        runs.add(TestRuns.run(tenant, app, i % 2 == 0 ? TriggeredFrom.DEBUGGING : TriggeredFrom.APP_RUN,
            TestRuns.BASE.plusSeconds(i)));
      }
      List<String> routes = routes("workflow_runs", () -> {
        TestRuns.saveAll(repository, runs);
        assertThat(repository.getWorkflowRunById(tenant, app, runs.get(0).id())).isPresent();
        assertThat(repository.getWorkflowRunByIdAndTenantId(tenant, runs.get(1).id())).isPresent();
        // the filtered page after a stored run (cause 4: bound trigger values mis-routed)
        var first = repository.getPaginatedWorkflowRuns(RunListQuery.builder(tenant, app)
            .triggeredFrom(TriggeredFrom.DEBUGGING, TriggeredFrom.APP_RUN, TriggeredFrom.RAG_PIPELINE_RUN).limit(2).build());
        var second = repository.getPaginatedWorkflowRuns(RunListQuery.builder(tenant, app)
            .triggeredFrom(TriggeredFrom.DEBUGGING, TriggeredFrom.APP_RUN, TriggeredFrom.RAG_PIPELINE_RUN).limit(2)
            .lastId(first.data().get(1).id()).build());
        assertThat(second.data()).hasSize(2);
        assertThat(repository.getExpiredRunsBatch(tenant, TestRuns.BASE.plusSeconds(60), 10)).hasSize(5);
        repository.getWorkflowRunsCount(tenant, app, TriggeredFrom.DEBUGGING, null, null);
        assertThat(repository.deleteRunsByIds(tenant, List.of(runs.get(4).id()))).isEqualTo(1);
        // the app-delete batch (cause 3: SKIP LOCKED unparsable; MySQL's join was sent everywhere)
        assertThat(repository.deleteRunsByApp(tenant, app, 2)).isEqualTo(4);
      });
      String expected = "ds_" + shard + " ";
      assertThat(routes).as("shards of the per-tenant statements of a tenant on ds_" + shard)
          .hasSizeGreaterThan(10).allMatch(r -> r.startsWith(expected));
    }
  }

  @Test
  void crossTenantBatchesReadBothShardsAndMergeInTheDatabasesOrder() {
    Instant t0 = TimeRangeSelection.privateWindow();
    List<WorkflowRun> runs = new ArrayList<>();
    for (int shard = 0; shard < 2; shard++) {
      for (int tenantNo = 0; tenantNo < 3; tenantNo++) {
        String tenant = ShardedDatabases.tenantOn(shard);
        for (int i = 0; i < 2; i++) {
          // equal timestamps on both shards: the merge must order by id as the database does
          runs.add(TestRuns.run(tenant, TestRuns.newId()).status(WorkflowRunStatus.SUCCEEDED)
              .createdAt(t0.plusSeconds(i)).finishedAt(t0.plusSeconds(5)).build());
        }
      }
    }
    TestRuns.saveAll(repository, runs);
    List<WorkflowRun> walked = new ArrayList<>();
    List<String> routes = routes("workflow_runs", () -> walked.addAll(TimeRangeSelection.walk(repository,
        TimeRangeBatchQuery.builder(t0.plusSeconds(60)).startFrom(t0).batchSize(1).build())));
    assertThat(new TreeSet<>(routes.stream().map(r -> r.substring(0, 4)).toList())).as("a cross-tenant batch is sent to every shard").containsExactly("ds_0", "ds_1");
    assertThat(walked.stream().map(WorkflowRun::id).toList()).as("batches of one, merged across shards")
        .containsExactlyElementsOf(databaseOrder(t0));
    assertThat(walked).hasSize(runs.size());
  }

  /** The ids of the window's runs in the order of the database's own ORDER BY created_at, id, shards concatenated and sorted as the database sorts. */
  private List<String> databaseOrder(Instant t0) {
    List<WorkflowRun> expected = new ArrayList<>();
    for (var shard : databases.shards) {
      try (Connection c = shard.getConnection();
          PreparedStatement s = c.prepareStatement("SELECT id, created_at FROM workflow_runs WHERE created_at >= ?"
              + " AND created_at < ? ORDER BY created_at, id")) {
        s.setObject(1, java.time.LocalDateTime.ofInstant(t0, java.time.ZoneOffset.UTC));
        s.setObject(2, java.time.LocalDateTime.ofInstant(t0.plusSeconds(60), java.time.ZoneOffset.UTC));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            expected.add(TestRuns.run(TestRuns.newId(), TestRuns.newId()).id(rs.getString(1))
                .createdAt(rs.getObject(2, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC)).build());
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    // The database orders ids as uuid (PostgreSQL) or CHAR(36) (MySQL): both equal the order of the canonical text.
    expected.sort(java.util.Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id));
    return expected.stream().map(WorkflowRun::id).toList();
  }

  @Test
  void anIdOwnedByATenantOnAnotherShardIsRefused() throws SQLException {
    String owner = ShardedDatabases.tenantOn(0);
    String other = ShardedDatabases.tenantOn(1);
    WorkflowRun run = TestRuns.run(owner, TestRuns.newId()).build();
    repository.save(run);
    WorkflowRun stolen = TestRuns.run(other, TestRuns.newId()).id(run.id()).build();
    assertThatThrownBy(() -> repository.save(stolen)).isInstanceOf(IllegalArgumentException.class);
    assertThat(rowsWithId(1, run.id())).as("no second row on the other tenant's shard").isZero();
    assertThat(rowsWithId(0, run.id())).isEqualTo(1);
    assertThat(repository.getWorkflowRunByIdWithoutTenant(run.id())).get()
        .extracting(WorkflowRun::tenantId).isEqualTo(owner);
    // The owner saves it again (an update): still allowed.
    repository.save(TestRuns.run(owner, run.appId()).id(run.id()).status(WorkflowRunStatus.SUCCEEDED).build());
    assertThat(repository.getWorkflowRunById(owner, run.appId(), run.id())).get()
        .extracting(WorkflowRun::status).isEqualTo(WorkflowRunStatus.SUCCEEDED);
    assertThat(repository.deleteRunsByIds(Set.of(run.id()))).isEqualTo(1);
  }

  private int rowsWithId(int shard, String id) throws SQLException {
    try (Connection c = databases.shards.get(shard).getConnection();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM workflow_runs WHERE CAST(id AS CHAR(36)) = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
