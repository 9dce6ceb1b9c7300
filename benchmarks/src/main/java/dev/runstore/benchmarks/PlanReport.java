package dev.runstore.benchmarks;

import dev.runstore.api.RunPosition;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Prints the plans behind the benchmark figures (one-shot, not JMH): for each measured app at
 * 99 % depth, {@code EXPLAIN (ANALYZE, BUFFERS)} on PostgreSQL or {@code ANALYZE} on MariaDB of
 * runstore's token page, runstore's lastId page, the lastId candidate, and Dify's page statement
 * on Dify's current and seed-era indexes; on PostgreSQL also the generic plans (what a
 * server-prepared statement may switch to) of the page statements; and the plan of runstore's
 * app-delete batch for a tenant the statistics have never seen. Read-only except for that last
 * part, which inserts the new tenant's runs and deletes them again.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.runstore.benchmarks.PlanReport [postgres|mariadb]
 * </pre>
 */
public final class PlanReport {

  private PlanReport() {}

  /**
   * Prints the plans.
   *
   * @param args optionally the server (both when none)
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    List<BenchServer> servers = args.length == 1 ? List.of(BenchServer.of(args[0])) : List.of(BenchServer.values());
    for (BenchServer server : servers) {
      System.out.println("==== " + server.key() + ": " + server.version());
      for (String share : BusyInstall.SHARES) {
        try (PageData page = new PageData(server, share, "99", "")) {
          report(server, page);
        }
      }
      deleteBatchPlan(server);
      jdbcCalls(server);
    }
  }

  /**
   * The JDBC calls runstore makes for one save, one get-by-id and one page by lastId (setters
   * folded): only {@code execute*} (and a {@code commit}/{@code rollback} or a {@code
   * setAutoCommit} that changes the mode) go to the server; the rest are answered by the driver.
   */
  private static void jdbcCalls(BenchServer server) throws SQLException {
    BusyInstall.App app = BusyInstall.configured().app("10");
    try (var pool = server.pool(BusyInstall.RUNSTORE, 1, "")) {
      WorkflowRun run = server.repository(pool, false).getPaginatedWorkflowRuns(app.tenantId(), app.appId(),
          TriggeredFrom.APP_RUN, 1, null).data().get(0);
      List<java.util.Map.Entry<String, java.util.function.Consumer<dev.runstore.api.WorkflowRunRepository>>> calls = List.of(
          java.util.Map.entry("save", r -> r.save(run)),
          java.util.Map.entry("getWorkflowRunById", r -> r.getWorkflowRunById(app.tenantId(), app.appId(), run.id())),
          java.util.Map.entry("page by lastId", r -> r.getPaginatedWorkflowRuns(app.tenantId(), app.appId(),
              TriggeredFrom.APP_RUN, 20, run.id())));
      for (var call : calls) {
        List<String> trace = new ArrayList<>();
        call.getValue().accept(server.repository(Captured.tracing(pool, new ArrayList<>(), trace), false));
        List<String> folded = new ArrayList<>();
        for (String t : trace) {
          String name = t.contains(".set") && t.startsWith("PreparedStatement") ? "PreparedStatement.set*" : t;
          if (folded.isEmpty() || !folded.get(folded.size() - 1).equals(name)) {
            folded.add(name);
          }
        }
        System.out.println("\n--- JDBC calls of one " + call.getKey() + ": " + String.join(", ", folded));
      }
    }
  }

  private static void report(BenchServer server, PageData page) throws SQLException {
    String title = page.app.share() + " % app (" + page.app.runs() + " runs), page after 99 %";
    RunPosition cursor = RunPosition.fromCursor(page.cursor);
    try (Connection c = page.pool.getConnection()) {
      explain(server, c, title + ": runstore token page", page.tokenSql.sql(), page.tokenSql::bind);
      explain(server, c, title + ": runstore lastId page", page.lastIdSql.sql(), page.lastIdSql::bind);
      explain(server, c, title + ": lastId candidate", page.candidateSql, s -> bindCandidate(server, page, s));
      if (server == BenchServer.POSTGRES) {
        genericPlan(c, title + ": runstore token page, GENERIC plan", page.tokenSql.sql(), page.tokenSql.binds().size());
        genericPlan(c, title + ": runstore lastId page, GENERIC plan", page.lastIdSql.sql(), page.lastIdSql.binds().size());
        genericPlan(c, title + ": lastId candidate, GENERIC plan", page.candidateSql, 8);
      }
    }
    for (String namespace : List.of(BusyInstall.DIFY_CURRENT, BusyInstall.DIFY_SEED)) {
      try (var pool = server.pool(namespace, 1, ""); Connection c = pool.getConnection()) {
        explain(server, c, title + ": Dify page SQL on " + namespace, Hand.DIFY_PAGE_AFTER, s -> {
          server.bindUuid(s, 1, page.app.tenantId());
          server.bindUuid(s, 2, page.app.appId());
          s.setString(3, TriggeredFrom.APP_RUN.value());
          server.bindInstant(s, 4, cursor.createdAt());
          server.bindUuid(s, 5, cursor.id());
          s.setInt(6, PageData.LIMIT + 1);
        });
      }
    }
  }

  private static void bindCandidate(BenchServer server, PageData page, PreparedStatement s) throws SQLException {
    // the same binding as PageData.candidate, for EXPLAIN
    int i = 1;
    int[] order = server == BenchServer.POSTGRES ? new int[] {0, 1, 0, 2} : new int[] {0, 1, 0, 2, 1, 0};
    for (int part : order) {
      switch (part) {
        case 0 -> {
          server.bindUuid(s, i++, page.app.tenantId());
          server.bindUuid(s, i++, page.app.appId());
          s.setString(i++, TriggeredFrom.APP_RUN.value());
        }
        case 1 -> server.bindUuid(s, i++, page.lastId);
        default -> s.setInt(i++, PageData.LIMIT + 1);
      }
    }
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private static void explain(BenchServer server, Connection c, String title, String sql, Binder binder)
      throws SQLException {
    String prefix = server == BenchServer.POSTGRES ? "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " : "ANALYZE ";
    System.out.println("\n--- " + title + "\n" + sql);
    try (PreparedStatement s = c.prepareStatement(prefix + sql)) {
      binder.bind(s);
      print(s.executeQuery());
    }
  }

  /** PostgreSQL's generic plan of {@code sql}: PREPARE with $n placeholders, EXPLAIN EXECUTE with NULLs under force_generic_plan. */
  private static void genericPlan(Connection c, String title, String sql, int parameters) throws SQLException {
    StringBuilder numbered = new StringBuilder();
    int n = 0;
    for (char ch : sql.toCharArray()) {
      numbered.append(ch == '?' ? "$" + (++n) : String.valueOf(ch));
    }
    System.out.println("\n--- " + title);
    try (Statement s = c.createStatement()) {
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE generic_probe AS " + numbered);
      List<String> nulls = new ArrayList<>();
      for (int i = 0; i < parameters; i++) {
        nulls.add("NULL");
      }
      print(s.executeQuery("EXPLAIN (COSTS ON) EXECUTE generic_probe(" + String.join(", ", nulls) + ")"));
    } finally {
      try (Statement s = c.createStatement()) {
        s.execute("DEALLOCATE generic_probe");
        s.execute("RESET plan_cache_mode");
      }
    }
  }

  private static void print(ResultSet rs) throws SQLException {
    try (rs) {
      ResultSetMetaData meta = rs.getMetaData();
      if (meta.getColumnCount() > 1) {
        List<String> header = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          header.add(meta.getColumnLabel(i));
        }
        System.out.println(String.join(" | ", header));
      }
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.add(Objects.toString(rs.getString(i), "NULL"));
        }
        System.out.println(String.join(" | ", row));
      }
    }
  }

  /**
   * The plan of runstore's app-delete batch for a tenant inserted after the last ANALYZE
   * (EXPLAIN ANALYZE inside a transaction that is rolled back), then the app is deleted.
   */
  private static void deleteBatchPlan(BenchServer server) throws SQLException {
    RunGenerator generator = new RunGenerator(424242, 1, 1, Instant.parse("2025-01-01T00:00:00Z"), 90, 0.01,
        TriggeredFrom.APP_RUN);
    String tenant = generator.tenants().get(0);
    String app = generator.apps(0).get(0);
    try (var pool = server.pool(BusyInstall.RUNSTORE, 1, "");
        var repository = server.repository(pool, false)) {
      repository.deleteRunsByApp(tenant, app, 1000);
      for (int i = 0; i < 2000; i++) {
        WorkflowRun run = generator.next(0, 0);
        repository.save(run);
      }
      List<Captured> statements = new ArrayList<>();
      // Capture the batch statement from a real call on a throw-away copy of one run.
      WorkflowRun probe = generator.next(0, 0).toBuilder().appId(java.util.UUID.randomUUID().toString()).build();
      repository.save(probe);
      server.repository(Captured.recording(pool, statements), false).deleteRunsByApp(tenant, probe.appId(), 1000);
      Captured batch = statements.get(0);
      Captured forApp = batch.with(2, bound(server, app));
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        explain(server, c, "app-delete batch, tenant inserted after the last ANALYZE (2,000 runs, rolled back)",
            forApp.sql(), forApp::bind);
        c.rollback();
        c.setAutoCommit(true);
      }
      int deleted = repository.deleteRunsByApp(tenant, app, 1000);
      System.out.println("(deleted the probe tenant's " + deleted + " runs again)");
    }
  }

  /** A UUID value as runstore's dialect binds it (a java.util.UUID on PostgreSQL, text on MariaDB). */
  private static Object bound(BenchServer server, String uuid) {
    return server == BenchServer.POSTGRES ? java.util.UUID.fromString(uuid) : uuid;
  }
}
