package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.testkit.TestRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The repository on a {@code workflow_runs} table created by Dify's own DDL (no runstore
 * index, second-precision default timestamps, nullable counters) with rows inserted the way
 * Dify inserts them, and {@code runstore.schema.create=false}.
 */
class PostgresDifyCompatibilityTest {

  /** Dify's table and indexes (api/models/workflow.py, class WorkflowRun, as migrated on PostgreSQL). */
  static final String[] DIFY_DDL = {
    "CREATE TABLE workflow_runs ("
        + " id uuid DEFAULT gen_random_uuid() NOT NULL,"
        + " tenant_id uuid NOT NULL,"
        + " app_id uuid NOT NULL,"
        + " workflow_id uuid NOT NULL,"
        + " type character varying(255) NOT NULL,"
        + " triggered_from character varying(255) NOT NULL,"
        + " version character varying(255) NOT NULL,"
        + " graph text,"
        + " inputs text,"
        + " status character varying(255) NOT NULL,"
        + " outputs text,"
        + " error text,"
        + " elapsed_time double precision DEFAULT 0 NOT NULL,"
        + " total_tokens bigint DEFAULT 0 NOT NULL,"
        + " total_steps integer DEFAULT 0,"
        + " created_by_role character varying(255) NOT NULL,"
        + " created_by uuid NOT NULL,"
        + " created_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP(0) NOT NULL,"
        + " finished_at timestamp without time zone,"
        + " exceptions_count integer DEFAULT 0,"
        + " CONSTRAINT workflow_run_pkey PRIMARY KEY (id))",
    "CREATE INDEX workflow_run_triggerd_from_idx ON workflow_runs USING btree (tenant_id, app_id, triggered_from)",
    "CREATE INDEX workflow_run_created_at_id_idx ON workflow_runs USING btree (created_at, id)"
  };

  private final String tenant = TestRuns.newId();
  private final String app = TestRuns.newId();
  private String schema;
  private PGSimpleDataSource dataSource;
  private PostgresWorkflowRunRepository repository;

  @BeforeEach
  void difyTable() {
    schema = PostgresTestDatabase.newSchema();
    // Dify's database runs in UTC and stores naive UTC timestamps.
    List<String> setup = new ArrayList<>(List.of(DIFY_DDL));
    PostgresTestDatabase.execute(schema, setup.toArray(String[]::new));
    dataSource = PostgresTestDatabase.plain(schema);
    repository = new PostgresWorkflowRunRepository(dataSource);
  }

  @AfterEach
  void drop() {
    PostgresTestDatabase.dropSchema(schema);
  }

  /**
   * Inserts a run as Dify's SQLAlchemy model does: the id and created_at from the database
   * defaults (second precision), counters left NULL, outputs "{}".
   */
  private String insertLikeDify(String trigger, String status, LocalDateTime createdAt) throws Exception {
    String sql = "INSERT INTO workflow_runs (tenant_id, app_id, workflow_id, type, triggered_from, version,"
        + " graph, inputs, status, outputs, created_by_role, created_by"
        + (createdAt == null ? "" : ", created_at") + ")"
        + " VALUES (?::uuid, ?::uuid, ?::uuid, 'workflow', ?, 'draft', '{\"nodes\":[]}', '{}', ?, '{}',"
        + " 'account', ?::uuid" + (createdAt == null ? "" : ", ?") + ") RETURNING id";
    try (Connection c = dataSource.getConnection(); Statement tz = c.createStatement()) {
      tz.execute("SET TIME ZONE 'UTC'");
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, tenant);
        s.setString(2, app);
        s.setString(3, TestRuns.newId());
        s.setString(4, trigger);
        s.setString(5, status);
        s.setString(6, TestRuns.newId());
        if (createdAt != null) {
          s.setObject(7, createdAt);
        }
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    }
  }

  @Test
  void readsPagesAndDeletesRunsDifyWrote() throws Exception {
    // 30 runs sharing three whole seconds, as Dify's second-precision timestamps do.
    LocalDateTime second = LocalDateTime.of(2025, 3, 1, 8, 0, 0);
    Set<String> ids = new TreeSet<>();
    for (int i = 0; i < 30; i++) {
      ids.add(insertLikeDify("app-run", "succeeded", second.plusSeconds(i % 3)));
    }
    String defaulted = insertLikeDify("debugging", "running", null);

    WorkflowRun one = repository.getWorkflowRunById(tenant, app, ids.iterator().next()).orElseThrow();
    assertThat(one.totalSteps()).isZero();
    assertThat(one.exceptionsCount()).isZero();
    assertThat(one.outputs()).isEqualTo("{}");
    assertThat(one.createdAt().getNano()).isZero();
    assertThat(one.createdAt()).isBetween(second.toInstant(ZoneOffset.UTC), second.plusSeconds(2).toInstant(ZoneOffset.UTC));

    // The database default CURRENT_TIMESTAMP(0), taken in a UTC session, reads back as now.
    WorkflowRun running = repository.getWorkflowRunById(tenant, app, defaulted).orElseThrow();
    assertThat(running.status()).isEqualTo(WorkflowRunStatus.RUNNING);
    assertThat(running.createdAt()).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(120));

    // Paging 7 at a time visits each of the 30 runs exactly once, newest first.
    List<WorkflowRun> seen = new ArrayList<>();
    String lastId = null;
    InfiniteScrollPagination<WorkflowRun> page;
    do {
      page = repository.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 7, lastId);
      seen.addAll(page.data());
      lastId = page.data().isEmpty() ? null : page.data().get(page.data().size() - 1).id();
    } while (page.hasMore());
    assertThat(seen).extracting(WorkflowRun::id).containsExactlyInAnyOrderElementsOf(ids);
    for (int i = 1; i < seen.size(); i++) {
      WorkflowRun a = seen.get(i - 1);
      WorkflowRun b = seen.get(i);
      assertThat(a.createdAt().compareTo(b.createdAt()) > 0
          || (a.createdAt().equals(b.createdAt()) && a.id().compareTo(b.id()) > 0)).isTrue();
    }

    assertThat(repository.getExpiredRunsBatch(tenant, second.plusSeconds(1).toInstant(ZoneOffset.UTC), 100))
        .hasSize(10)
        .allSatisfy(r -> assertThat(r.createdAt()).isEqualTo(second.toInstant(ZoneOffset.UTC)));

    assertThat(repository.deleteRunsByIds(List.of(seen.get(0).id(), "not-a-uuid"))).isEqualTo(1);
    assertThat(repository.deleteRunsByApp(tenant, app, 4)).isEqualTo(30);
    assertThat(PostgresTestData.count(dataSource, tenant, app)).isZero();
  }

  @Test
  void writesRowsDifyReads() throws Exception {
    WorkflowRun run = TestRuns.run(tenant, app).createdAt(Instant.parse("2025-03-01T08:00:00.123456Z")).build();
    repository.save(run);
    repository.save(run.toBuilder().status(WorkflowRunStatus.FAILED).error("boom").build());
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT status, error, created_at::text, total_steps FROM workflow_runs")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("failed");
      assertThat(rs.getString(2)).isEqualTo("boom");
      assertThat(rs.getString(3)).isEqualTo("2025-03-01 08:00:00.123456");
      assertThat(rs.getInt(4)).isEqualTo(3);
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void schemaCreationOnDifysTableOnlyAddsTheMissingIndexes() throws Exception {
    insertLikeDify("app-run", "succeeded", LocalDateTime.of(2025, 3, 1, 8, 0, 0));
    List<String> columnsBefore = columns();
    new PostgresWorkflowRunRepository(dataSource, true);
    new PostgresWorkflowRunRepository(dataSource, true); // idempotent
    assertThat(columns()).isEqualTo(columnsBefore);
    assertThat(indexes()).containsExactlyInAnyOrder(
        "workflow_run_pkey", "workflow_run_triggerd_from_idx", "workflow_run_created_at_id_idx",
        "workflow_run_tenant_app_trigger_created_idx", "workflow_run_tenant_created_idx",
        // V2 (v1.1): the status-filtered page and count
        "workflow_run_tenant_app_trigger_status_created_idx",
        // V3 (v1.2): the covering index of the cleanup-refs scan
        "workflow_run_cleanup_idx");
    assertThat(PostgresTestData.count(dataSource, tenant, app)).isEqualTo(1);
  }

  @Test
  void shippedSchemaHasDifysColumnTypes() throws Exception {
    String fresh = PostgresTestDatabase.newSchema();
    try {
      PGSimpleDataSource ours = PostgresTestDatabase.plain(fresh);
      new PostgresWorkflowRunRepository(ours, true);
      List<String> difyColumns = columns();
      dataSource = ours;
      List<String> ourColumns = columns();
      // Same names, types, nullability; only the id default differs (Dify generates ids in Python).
      assertThat(ourColumns.stream().map(c -> c.replace("gen_random_uuid()", "null")).toList())
          .isEqualTo(difyColumns.stream().map(c -> c.replace("gen_random_uuid()", "null")).toList());
    } finally {
      PostgresTestDatabase.dropSchema(fresh);
    }
  }

  private List<String> columns() throws Exception {
    List<String> columns = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT column_name, data_type, character_maximum_length, is_nullable, column_default"
                + " FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = 'workflow_runs' ORDER BY ordinal_position");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        columns.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
            + rs.getString(4) + " " + rs.getString(5));
      }
    }
    return columns;
  }

  private List<String> indexes() throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'workflow_runs'");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
