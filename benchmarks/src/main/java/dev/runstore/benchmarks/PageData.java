package dev.runstore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.InvalidCursorException;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.RunPosition;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the page-statement benchmarks share: a pool on the runstore copy of the {@link
 * BusyInstall} table, the position {@code depth} % into the app holding {@code share} %,
 * runstore's captured statements for the page after it by lastId and by cursor token, and the
 * candidate one-round-trip lastId statements of this investigation (issue 16, item 2), which
 * the setup checks: same page as the token page, and no page for an unknown or foreign id.
 */
final class PageData implements AutoCloseable {

  static final int LIMIT = ListBenchmark.LIMIT;

  /**
   * PostgreSQL candidate: the cursor run as a one-row derived table, the page as a LATERAL
   * subquery bounded by its {@code (created_at, id)}: no CTE, no UNION, no scalar sub-selects. An
   * unknown or foreign id gives no row at all; an existing cursor with nothing after it one row
   * whose run columns are NULL.
   */
  static final String PG_LASTID_LATERAL = "SELECT c.found AS is_cursor, p.* FROM (SELECT 1 AS found, created_at, id"
      + " FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND triggered_from = ? AND id = ?) c"
      + " LEFT JOIN LATERAL (SELECT " + Hand.COLUMNS + " FROM workflow_runs"
      + " WHERE tenant_id = ? AND app_id = ? AND triggered_from = ? AND (created_at, id) < (c.created_at, c.id)"
      + " ORDER BY created_at DESC, id DESC LIMIT ?) p ON true";

  /**
   * PostgreSQL candidate 2: the token page's statement, bounded inclusively by the cursor run's
   * {@code (created_at, id)} from a scalar sub-select by primary key; the cursor run itself is
   * then the first row when it matches the filter (marked by {@code id = ?}). No CTE, no UNION.
   * An unknown or foreign id makes the bound NULL: no row at all. Measured 1.18-1.21x the token
   * page against 1.44-1.48x for the CTE + UNION statement, {@code PostgresDialect} sends this
   * shape since; chosen here with {@code -Drunstore.bench.inclusive=true} (the default candidate
   * stays the LATERAL one).
   */
  static final String PG_LASTID_INCLUSIVE = "SELECT CASE WHEN id = ? THEN 1 ELSE 0 END AS is_cursor, " + Hand.COLUMNS
      + " FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND triggered_from = ? AND (created_at, id) <="
      + " ((SELECT created_at FROM workflow_runs WHERE tenant_id = ? AND app_id = ? AND triggered_from = ? AND id = ?), ?)"
      + " ORDER BY created_at DESC, id DESC LIMIT ?";

  /**
   * MariaDB/MySQL candidate: the same deferred join as runstore's page (ids from the covering
   * index after the cursor run {@code c2}, a constant by primary key), but the marker is the
   * driving row {@code c} instead of a UNION branch, so no temporary table holds the page's
   * LONGTEXT columns. An unknown or foreign id gives no row; a cursor with nothing after it one
   * row whose run columns are NULL.
   */
  static final String MARIADB_LASTID_JOINED = "SELECT 1 AS is_cursor, "
      + "r.id, r.tenant_id, r.app_id, r.workflow_id, r.type, r.triggered_from, r.version, r.graph, r.inputs,"
      + " r.status, r.outputs, r.error, r.elapsed_time, r.total_tokens, r.total_steps, r.created_by_role,"
      + " r.created_by, r.created_at, r.finished_at, r.exceptions_count"
      + " FROM workflow_runs c LEFT JOIN (SELECT /*+ INDEX(k workflow_run_tenant_app_trigger_created_idx) */ k.id"
      + " FROM workflow_runs c2 JOIN workflow_runs k ON k.tenant_id = ? AND k.app_id = ? AND k.triggered_from = ?"
      + " AND (k.created_at < c2.created_at OR (k.created_at = c2.created_at AND k.id < c2.id))"
      + " WHERE c2.id = ? AND c2.tenant_id = ? AND c2.app_id = ? AND c2.triggered_from = ?"
      + " ORDER BY k.created_at DESC, k.id DESC LIMIT ?) page ON TRUE"
      + " LEFT JOIN workflow_runs r ON r.id = page.id"
      + " WHERE c.id = ? AND c.tenant_id = ? AND c.app_id = ? AND c.triggered_from = ?";

  final BenchServer server;
  final BusyInstall.App app;
  final HikariDataSource pool;
  final WorkflowRunRepository repository;
  final String lastId;
  final String cursor;
  final Captured lastIdSql;
  final Captured tokenSql;
  final String candidateSql;

  /** Sets up on {@code server}; {@code depth} must leave a cursor (at least one run deep). */
  PageData(BenchServer server, String share, String depth, String parameters) throws SQLException {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    this.server = server;
    BusyInstall install = BusyInstall.configured().ensureLoaded(server);
    app = install.app(share);
    pool = server.pool(BusyInstall.RUNSTORE, 2, parameters);
    repository = server.repository(pool, false);
    RunPosition position = ListBenchmark.position(server, pool, app, Math.max(1, ListBenchmark.depthRuns(app, depth)));
    lastId = java.util.Objects.requireNonNull(position).id();
    cursor = position.toCursor();
    lastIdSql = Captured.single(pool, ds -> server.repository(ds, false)
        .getPaginatedWorkflowRuns(app.tenantId(), app.appId(), TriggeredFrom.APP_RUN, LIMIT, lastId));
    tokenSql = Captured.single(pool, ds -> server.repository(ds, false).getPaginatedWorkflowRuns(
        RunListQuery.builder(app.tenantId(), app.appId()).triggeredFrom(TriggeredFrom.APP_RUN).limit(LIMIT).cursor(cursor).build()));
    candidateSql = server == BenchServer.POSTGRES
        ? (Boolean.getBoolean("runstore.bench.inclusive") ? PG_LASTID_INCLUSIVE : PG_LASTID_LATERAL)
        : MARIADB_LASTID_JOINED;

    Map<String, List<String>> pages = new TreeMap<>();
    pages.put("token", ListBenchmark.ids(Hand.page(pool, tokenSql, Hand.Prepare.AS_CAPTURED, LIMIT, false)));
    pages.put("lastId", ListBenchmark.ids(Hand.page(pool, lastIdSql, Hand.Prepare.AS_CAPTURED, LIMIT, true)));
    pages.put("candidate", ListBenchmark.ids(candidate(pool, lastId, Hand.Prepare.UNNAMED)));
    ListBenchmark.check(pages, LIMIT);
    // The candidate must refuse an unknown id and another app's run, like runstore's statement.
    String foreign = install.app(share.equals("10") ? "1" : "10").appId();
    String foreignRun = firstRunOf(install.app(share.equals("10") ? "1" : "10"));
    for (String bad : List.of(UUID.randomUUID().toString(), foreignRun)) {
      try {
        candidate(pool, bad, Hand.Prepare.UNNAMED);
        throw new IllegalStateException("the candidate accepted a cursor that is not a run of this app: " + bad
            + " (app " + foreign + ")");
      } catch (InvalidCursorException expected) {
        // refused, as it must be
      }
    }
  }

  private String firstRunOf(BusyInstall.App other) {
    return repository.getPaginatedWorkflowRuns(other.tenantId(), other.appId(), TriggeredFrom.APP_RUN, 1, null)
        .data().get(0).id();
  }

  /**
   * The candidate lastId page after run {@code cursorId}, by hand on {@code pool}.
   *
   * @throws InvalidCursorException when the statement returns no row (not a run of this app)
   */
  InfiniteScrollPagination<WorkflowRun> candidate(HikariDataSource on, String cursorId, Hand.Prepare mode)
      throws SQLException {
    List<WorkflowRun> rows = new ArrayList<>(LIMIT + 1);
    boolean found = false;
    try (Connection c = on.getConnection();
        PreparedStatement s = Hand.prepare(c, candidateSql, java.sql.Statement.NO_GENERATED_KEYS, mode, -1)) {
      int i = 1;
      if (candidateSql.equals(PG_LASTID_INCLUSIVE)) {
        server.bindUuid(s, i++, cursorId);
        i = bindApp(s, i);
        i = bindApp(s, i);
        server.bindUuid(s, i++, cursorId);
        server.bindUuid(s, i++, cursorId);
        s.setInt(i, LIMIT + 2);
      } else if (server == BenchServer.POSTGRES) {
        i = bindApp(s, i);
        server.bindUuid(s, i++, cursorId);
        i = bindApp(s, i);
        s.setInt(i, LIMIT + 1);
      } else {
        i = bindApp(s, i);
        server.bindUuid(s, i++, cursorId);
        i = bindApp(s, i);
        s.setInt(i++, LIMIT + 1);
        server.bindUuid(s, i++, cursorId);
        bindApp(s, i);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (candidateSql.equals(PG_LASTID_INCLUSIVE)) {
            if (rs.getInt(1) == 1) {
              found = true;
            } else {
              rows.add(Hand.run(rs, 2));
            }
            continue;
          }
          found = true;
          if (rs.getString(2) != null) {
            rows.add(Hand.run(rs, 2));
          }
        }
      }
    }
    if (!found) {
      throw new InvalidCursorException("lastId is not a run of this tenant, app and trigger");
    }
    return Hand.cut(rows, LIMIT);
  }

  /** runstore's captured token page, by hand on {@code on}. */
  InfiniteScrollPagination<WorkflowRun> token(HikariDataSource on, Hand.Prepare mode) throws SQLException {
    return Hand.page(on, tokenSql, mode, LIMIT, false);
  }

  /** runstore's captured lastId page, by hand on {@code on}. */
  InfiniteScrollPagination<WorkflowRun> lastId(HikariDataSource on, Hand.Prepare mode) throws SQLException {
    return Hand.page(on, lastIdSql, mode, LIMIT, true);
  }

  private int bindApp(PreparedStatement s, int first) throws SQLException {
    server.bindUuid(s, first, app.tenantId());
    server.bindUuid(s, first + 1, app.appId());
    s.setString(first + 2, TriggeredFrom.APP_RUN.value());
    return first + 3;
  }

  @Override
  public void close() {
    repository.close();
    pool.close();
  }
}
