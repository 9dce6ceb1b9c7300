package dev.runstore.jdbc;

import dev.runstore.api.AverageInteractionStats;
import dev.runstore.api.DailyRunsStats;
import dev.runstore.api.DailyTerminalsStats;
import dev.runstore.api.DailyTokenCostStats;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.RunPosition;
import dev.runstore.api.StatsQuery;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.WorkflowRunCounts;
import dev.runstore.api.Checks;
import dev.runstore.api.CreatorRole;
import dev.runstore.api.DataAccessException;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.InvalidCursorException;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecutionRepository;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WorkflowRunRepository} over JDBC whose SQL comes from a {@link SqlDialect}. It holds
 * what every SQL backend shares: argument checks (before any database access), UUID
 * canonicalization (a malformed id never reaches the server), row mapping, paging order,
 * id-list chunking, the batch-delete loop with its retry of deadlocks and serialization
 * failures, and the translation of {@link SQLException} to {@link DataAccessException}.
 *
 * <p>Each method borrows one connection from the {@link DataSource} for its whole duration and
 * leaves it in the auto-commit state it had. Thread-safe.
 */
public abstract class AbstractJdbcWorkflowRunRepository implements WorkflowRunRepository {

  /**
   * Attempts per {@code deleteRunsByApp} batch when it fails with a deadlock or serialization
   * failure, and per {@code save} when the dialect deems its upsert failure retryable.
   */
  protected static final int MAX_BATCH_ATTEMPTS = 8;

  /** Page order: {@code (createdAt DESC, id DESC)}; canonical UUID strings sort as the databases sort UUIDs. */
  private static final Comparator<WorkflowRun> NEWEST_FIRST =
      Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id).reversed();

  private final SqlDialect dialect;
  private final DataSource dataSource;
  private final @Nullable AutoCloseable owned;

  /**
   * A repository over {@code dataSource}.
   *
   * @param dialect the backend's SQL
   * @param dataSource where connections come from
   * @param createSchema true: apply the dialect's schema scripts now ({@code runstore.schema.create})
   * @param owned a resource this repository owns and closes in {@link #close()} (the pool it was
   *     built with), or null when the caller owns {@code dataSource}
   * @throws IllegalArgumentException when {@code dialect} or {@code dataSource} is null
   * @throws DataAccessException when creating the schema fails
   */
  protected AbstractJdbcWorkflowRunRepository(
      SqlDialect dialect, DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned) {
    this.dialect = Checks.requireNonNull(dialect, "dialect");
    this.dataSource = Checks.requireNonNull(dataSource, "dataSource");
    this.owned = owned;
    if (createSchema) {
      SchemaRunner.apply(dataSource, dialect);
    }
  }

  /** The dialect this repository runs. */
  protected final SqlDialect dialect() {
    return dialect;
  }

  /** The DataSource connections come from. */
  protected final DataSource dataSource() {
    return dataSource;
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void save(WorkflowRun run) {
    Checks.requireNonNull(run, "run");
    Sql sql = dialect.upsert(run);
    boolean applied = withConnection("save", sql, connection -> {
      for (int attempt = 1; ; attempt++) {
        try (PreparedStatement statement = prepare(connection, sql)) {
          return dialect.upsertApplied(statement.executeUpdate());
        } catch (SQLException e) {
          // One auto-committed statement: a failed attempt wrote nothing, so running it again is safe.
          if (attempt >= MAX_BATCH_ATTEMPTS || !dialect.isUpsertRetryable(e)) {
            throw e;
          }
          pause(attempt);
        }
      }
    });
    if (!applied) {
      throw new IllegalArgumentException(
          "save refused: run id " + run.id() + " is stored under another tenant or app");
    }
  }

  @Override
  public WorkflowExecutionRepository executions(ExecutionContext context) {
    Checks.requireNonNull(context, "context");
    return execution -> save(WorkflowRun.fromExecution(context, execution));
  }

  // ---------------------------------------------------------------- reads

  @Override
  public InfiniteScrollPagination<WorkflowRun> getPaginatedWorkflowRuns(
      String tenantId, String appId, TriggeredFrom triggeredFrom, int limit, @Nullable String lastId) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(appId, "appId");
    Checks.requireNonNull(triggeredFrom, "triggeredFrom");
    Checks.requireRange(limit, 1, MAX_PAGE_LIMIT, "limit");
    String tenant = Checks.canonicalUuid(tenantId);
    String app = Checks.canonicalUuid(appId);
    String cursor = lastId == null ? null : Checks.canonicalUuid(lastId);
    if (lastId != null && (cursor == null || tenant == null || app == null)) {
      throw invalidCursor();
    }
    if (tenant == null || app == null) {
      // No run has a malformed tenant or app id.
      return new InfiniteScrollPagination<>(List.of(), limit, false);
    }
    int fetch = limit + 1;
    Sql sql = cursor == null
        ? dialect.selectFirstPage(tenant, app, triggeredFrom, fetch)
        : dialect.selectPageAfter(tenant, app, triggeredFrom, cursor, fetch);
    List<WorkflowRun> rows = new ArrayList<>(Math.min(fetch, 64));
    boolean cursorFound = withConnection("getPaginatedWorkflowRuns", sql, connection -> {
      boolean found = false;
      try (PreparedStatement statement = prepare(connection, sql);
          ResultSet rs = statement.executeQuery()) {
        boolean marked = cursor != null;
        while (rs.next()) {
          if (marked && rs.getInt(WorkflowRunColumns.IS_CURSOR) == 1) {
            found = true;
          } else {
            rows.add(mapRow(rs));
          }
        }
      }
      return found;
    });
    if (cursor != null && !cursorFound) {
      throw invalidCursor();
    }
    // The dialect may return rows in any order (e.g. a UNION with the cursor row): sort here.
    rows.sort(NEWEST_FIRST);
    return page(rows, limit);
  }

  /** The page of {@code rows} (newest first, up to limit+1), with hasMore and the next cursor token. */
  private static InfiniteScrollPagination<WorkflowRun> page(List<WorkflowRun> rows, int limit) {
    boolean hasMore = rows.size() > limit;
    List<WorkflowRun> data = hasMore ? rows.subList(0, limit) : rows;
    String next = hasMore ? RunPosition.of(data.get(data.size() - 1)).toCursor() : null;
    return new InfiniteScrollPagination<>(List.copyOf(data), limit, hasMore, next);
  }

  @Override
  public Optional<WorkflowRun> getWorkflowRunById(String tenantId, String appId, String runId) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(appId, "appId");
    String tenant = Checks.canonicalUuid(tenantId);
    String app = Checks.canonicalUuid(appId);
    String id = Checks.canonicalUuid(runId);
    if (tenant == null || app == null || id == null) {
      return Optional.empty();
    }
    Sql sql = dialect.selectById(tenant, app, id);
    return withConnection("getWorkflowRunById", sql, connection -> {
      try (PreparedStatement statement = prepare(connection, sql);
          ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.of(mapRow(rs)) : Optional.<WorkflowRun>empty();
      }
    });
  }

  @Override
  public List<WorkflowRun> getExpiredRunsBatch(String tenantId, Instant beforeDate, int batchSize) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireNonNull(beforeDate, "beforeDate");
    Checks.requireRange(batchSize, 1, MAX_BATCH_SIZE, "batchSize");
    String tenant = Checks.canonicalUuid(tenantId);
    if (tenant == null) {
      return List.of();
    }
    // Stored instants have microsecond precision and lie in MIN..MAX: "createdAt < beforeDate"
    // equals "createdAt < beforeDate rounded up to a microsecond"; past MAX it means "<= MAX".
    Instant bound;
    boolean inclusive = false;
    if (beforeDate.isBefore(Checks.MIN_INSTANT)) {
      bound = Checks.MIN_INSTANT;
    } else if (beforeDate.isAfter(Checks.MAX_INSTANT)) {
      bound = Checks.MAX_INSTANT;
      inclusive = true;
    } else {
      bound = ceilToMicros(beforeDate);
      if (bound.isAfter(Checks.MAX_INSTANT)) {
        bound = Checks.MAX_INSTANT;
        inclusive = true;
      }
    }
    Sql sql = dialect.selectExpired(tenant, bound, inclusive, batchSize);
    return withConnection("getExpiredRunsBatch", sql, connection -> {
      List<WorkflowRun> runs = new ArrayList<>();
      try (PreparedStatement statement = prepare(connection, sql);
          ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          runs.add(mapRow(rs));
        }
      }
      return List.copyOf(runs);
    });
  }

  // ---------------------------------------------------------------- deletes

  @Override
  public int deleteRunsByIds(Collection<String> runIds) {
    Checks.requireNonNull(runIds, "runIds");
    Set<String> ids = new LinkedHashSet<>();
    for (String runId : runIds) {
      String id = Checks.canonicalUuid(runId);
      if (id != null) {
        ids.add(id);
      }
    }
    if (ids.isEmpty()) {
      return 0;
    }
    List<List<String>> chunks = chunk(new ArrayList<>(ids), dialect.maxIdsPerStatement());
    Sql first = dialect.deleteByIds(chunks.get(0));
    return withConnection("deleteRunsByIds", first, connection -> {
      int deleted = 0;
      for (List<String> chunk : chunks) {
        Sql sql = chunk == chunks.get(0) ? first : dialect.deleteByIds(chunk);
        try (PreparedStatement statement = prepare(connection, sql)) {
          deleted += statement.executeUpdate();
        } catch (SQLException e) {
          throw new StatementFailure(sql, e);
        }
      }
      return deleted;
    });
  }

  @Override
  public int deleteRunsByApp(String tenantId, String appId, int batchSize) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(appId, "appId");
    Checks.requireRange(batchSize, 1, MAX_BATCH_SIZE, "batchSize");
    String tenant = Checks.canonicalUuid(tenantId);
    String app = Checks.canonicalUuid(appId);
    if (tenant == null || app == null) {
      return 0;
    }
    Sql delete = dialect.deleteAppBatch(tenant, app, batchSize);
    Sql remaining = dialect.selectAppHasRuns(tenant, app);
    // One connection for the whole call, one transaction per batch: a failure loses at most the
    // batch in flight (rolled back whole), and the caller may call again to finish the job.
    return withTransactions("deleteRunsByApp", delete, connection -> {
      int total = 0;
      int idleRounds = 0;
      while (true) {
        int deleted = deleteBatch(connection, delete);
        total += deleted;
        if (deleted >= batchSize) {
          idleRounds = 0;
          continue;
        }
        // A short batch does not mean the app is empty (a concurrent deleter may hold rows):
        // stop only when no run is left.
        if (!hasRuns(connection, remaining)) {
          return total;
        }
        if (deleted == 0) {
          pause(++idleRounds);
        }
      }
    });
  }

  private int deleteBatch(Connection connection, Sql delete) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (PreparedStatement statement = prepare(connection, delete)) {
        int deleted = statement.executeUpdate();
        connection.commit();
        return deleted;
      } catch (SQLException e) {
        rollbackQuietly(connection, e);
        if (attempt >= MAX_BATCH_ATTEMPTS || !dialect.isRetryable(e)) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  private boolean hasRuns(Connection connection, Sql remaining) throws SQLException {
    try (PreparedStatement statement = prepare(connection, remaining)) {
      boolean any;
      try (ResultSet rs = statement.executeQuery()) {
        any = rs.next();
      }
      connection.commit();
      return any;
    } catch (SQLException e) {
      rollbackQuietly(connection, e);
      throw new StatementFailure(remaining, e);
    }
  }

  /** Backs off a little longer each round (1, 2, 4 ... 64 ms, with jitter), for retries and lock waits. */
  private static void pause(int round) {
    long base = 1L << Math.min(round, 6);
    long millis = base + java.util.concurrent.ThreadLocalRandom.current().nextLong(base + 1);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataAccessException("interrupted while waiting to retry", e, false);
    }
  }

  // ---------------------------------------------------------------- v1.1

  @Override
  public InfiniteScrollPagination<WorkflowRun> getPaginatedWorkflowRuns(RunListQuery query) {
    Checks.requireNonNull(query, "query");
    // The token is decoded here, before any database access: an invalid one fails at once,
    // and a valid one needs no lookup (the row it points at may have been deleted since).
    RunPosition position = query.cursor() == null ? null : RunPosition.fromCursor(query.cursor());
    String tenant = Checks.canonicalUuid(query.tenantId());
    String app = Checks.canonicalUuid(query.appId());
    String lastId = query.lastId();
    String cursorId = lastId == null ? null : Checks.canonicalUuid(lastId);
    if (lastId != null && (cursorId == null || tenant == null || app == null)) {
      throw invalidFilteredCursor();
    }
    int limit = query.limit();
    if (tenant == null || app == null) {
      // No run has a malformed tenant or app id.
      return new InfiniteScrollPagination<>(List.of(), limit, false);
    }
    RunListFilter filter = new RunListFilter(tenant, app, query.triggeredFrom(), query.status());
    int fetch = limit + 1;
    Sql sql = cursorId != null
        ? dialect.selectFilteredPageAfterRun(filter, cursorId, fetch)
        : dialect.selectFilteredPage(filter, position, fetch);
    List<WorkflowRun> rows = new ArrayList<>(Math.min(fetch, 64));
    boolean cursorFound = withConnection("getPaginatedWorkflowRuns", sql, connection -> {
      boolean found = false;
      try (PreparedStatement statement = prepare(connection, sql);
          ResultSet rs = statement.executeQuery()) {
        boolean marked = cursorId != null;
        while (rs.next()) {
          if (marked && rs.getInt(WorkflowRunColumns.IS_CURSOR) == 1) {
            found = true;
          } else {
            rows.add(mapRow(rs));
          }
        }
      }
      return found;
    });
    if (cursorId != null && !cursorFound) {
      throw invalidFilteredCursor();
    }
    rows.sort(NEWEST_FIRST);
    return page(rows, limit);
  }

  @Override
  public Optional<WorkflowRun> getWorkflowRunByIdWithoutTenant(String runId) {
    Checks.requireNonNull(runId, "runId");
    String id = Checks.canonicalUuid(runId);
    if (id == null) {
      return Optional.empty();
    }
    Sql sql = dialect.selectByIdWithoutTenant(id);
    return withConnection("getWorkflowRunByIdWithoutTenant", sql, connection -> {
      try (PreparedStatement statement = prepare(connection, sql);
          ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.of(mapRow(rs)) : Optional.<WorkflowRun>empty();
      }
    });
  }

  @Override
  public int deleteRunsByIds(String tenantId, Collection<String> runIds) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireNonNull(runIds, "runIds");
    String tenant = Checks.canonicalUuid(tenantId);
    if (tenant == null) {
      // A malformed tenant id owns no run.
      return 0;
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String runId : runIds) {
      String id = Checks.canonicalUuid(runId);
      if (id != null) {
        ids.add(id);
      }
    }
    if (ids.isEmpty()) {
      return 0;
    }
    List<List<String>> chunks = chunk(new ArrayList<>(ids), dialect.maxIdsPerStatement());
    Sql first = dialect.deleteByIdsInTenant(tenant, chunks.get(0));
    return withConnection("deleteRunsByIds", first, connection -> {
      int deleted = 0;
      for (List<String> chunk : chunks) {
        Sql sql = chunk == chunks.get(0) ? first : dialect.deleteByIdsInTenant(tenant, chunk);
        try (PreparedStatement statement = prepare(connection, sql)) {
          deleted += statement.executeUpdate();
        } catch (SQLException e) {
          throw new StatementFailure(sql, e);
        }
      }
      return deleted;
    });
  }

  @Override
  public WorkflowRunCounts getWorkflowRunsCount(
      String tenantId,
      String appId,
      TriggeredFrom triggeredFrom,
      @Nullable WorkflowRunStatus status,
      @Nullable Duration timeRange) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(appId, "appId");
    Checks.requireNonNull(triggeredFrom, "triggeredFrom");
    // "now" comes from the JVM, never the database's NOW(): every backend counts the same window.
    Instant since = Checks.sinceNow(timeRange);
    String tenant = Checks.canonicalUuid(tenantId);
    String app = Checks.canonicalUuid(appId);
    Map<WorkflowRunStatus, Long> counts = new EnumMap<>(WorkflowRunStatus.class);
    if (tenant == null || app == null) {
      return WorkflowRunCounts.of(counts);
    }
    Sql sql = dialect.countByStatus(tenant, app, triggeredFrom, status, since == null ? null : ceilToMicros(since));
    withConnection("getWorkflowRunsCount", sql, connection -> {
      try (PreparedStatement statement = prepare(connection, sql);
          ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String value = rs.getString(WorkflowRunColumns.STATUS);
          WorkflowRunStatus s;
          try {
            s = WorkflowRunStatus.fromValue(value);
          } catch (IllegalArgumentException e) {
            throw new SQLException("row of " + WorkflowRunColumns.TABLE + " has a status no run can have: " + e.getMessage(), "22000", e);
          }
          counts.merge(s, rs.getLong(WorkflowRunColumns.RUNS), Long::sum);
        }
      }
      return Boolean.TRUE;
    });
    return WorkflowRunCounts.of(counts);
  }

  @Override
  public List<DailyRunsStats> getDailyRunsStatistics(StatsQuery query) {
    return daily(query, "getDailyRunsStatistics", d -> new DailyRunsStats(d.date(), d.runs()));
  }

  @Override
  public List<DailyTerminalsStats> getDailyTerminalsStatistics(StatsQuery query) {
    return daily(query, "getDailyTerminalsStatistics", d -> new DailyTerminalsStats(d.date(), d.creators()));
  }

  @Override
  public List<DailyTokenCostStats> getDailyTokenCostStatistics(StatsQuery query) {
    return daily(query, "getDailyTokenCostStatistics", d -> new DailyTokenCostStats(d.date(), d.tokens()));
  }

  @Override
  public List<AverageInteractionStats> getAverageAppInteractionStatistics(StatsQuery query) {
    return daily(query, "getAverageAppInteractionStatistics",
        d -> new AverageInteractionStats(d.date(), AverageInteractionStats.average(d.runs(), d.creators())));
  }

  /** One calendar day's aggregates, as computed by the database. */
  private record Day(LocalDate date, long runs, long creators, long tokens) {}

  /**
   * The daily aggregates of a statistics query, computed in SQL (no run is loaded): the range is
   * normalized to whole microseconds, narrowed to the data's own first and last run when a bound
   * is missing or the range spans many offset changes, then cut into {@link LocalDayWindows}.
   */
  private <T> List<T> daily(StatsQuery query, String operation, Function<Day, T> result) {
    Checks.requireNonNull(query, "query");
    String tenant = Checks.canonicalUuid(query.tenantId());
    String app = Checks.canonicalUuid(query.appId());
    if (tenant == null || app == null) {
      return List.of();
    }
    TriggeredFrom trigger = query.triggeredFrom();
    // created_at >= start  <=>  created_at >= ceil(start); created_at < end  <=>  created_at < ceil(end).
    Instant lower = query.start() == null ? null : ceilClamped(query.start());
    Instant upper = query.end() == null ? null : ceilClamped(query.end());
    if (lower != null && lower.isBefore(Checks.MIN_INSTANT)) {
      lower = null;
    }
    if (upper != null && upper.isAfter(Checks.MAX_INSTANT)) {
      upper = null;
    }
    if ((lower != null && lower.isAfter(Checks.MAX_INSTANT))
        || (upper != null && !upper.isAfter(Checks.MIN_INSTANT))
        || (lower != null && upper != null && !lower.isBefore(upper))) {
      return List.of();
    }
    Instant from = lower;
    Instant to = upper;
    ZoneId zone = query.zone();
    Sql range = dialect.selectCreatedAtRange(tenant, app, trigger, from, to);
    return withConnection(operation, range, connection -> {
      List<LocalDayWindows.Window> windows =
          from != null && to != null ? LocalDayWindows.plan(zone, from, to) : List.of();
      if (windows.size() != 1) {
        // A bound is missing, or the range spans many offset changes: take the data's own range.
        Instant first;
        Instant last;
        try (PreparedStatement statement = prepare(connection, range);
            ResultSet rs = statement.executeQuery()) {
          if (!rs.next()) {
            return List.<T>of();
          }
          first = dialect.readInstant(rs, WorkflowRunColumns.FIRST_CREATED_AT);
          last = dialect.readInstant(rs, WorkflowRunColumns.LAST_CREATED_AT);
        }
        if (first == null || last == null) {
          return List.<T>of();
        }
        windows = LocalDayWindows.plan(zone, first, last.plus(1, ChronoUnit.MICROS));
      }
      List<T> days = new ArrayList<>();
      for (LocalDayWindows.Window window : windows) {
        Sql sql = dialect.selectDailyStatistics(tenant, app, trigger, window);
        try (PreparedStatement statement = prepare(connection, sql);
            ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            days.add(result.apply(new Day(
                dialect.readDate(rs, WorkflowRunColumns.DAY),
                rs.getLong(WorkflowRunColumns.RUNS),
                rs.getLong(WorkflowRunColumns.CREATORS),
                readExactLong(rs, WorkflowRunColumns.TOKENS))));
          }
        } catch (SQLException e) {
          throw new StatementFailure(sql, e);
        }
      }
      return List.copyOf(days);
    });
  }

  /** An exact integer column (e.g. PostgreSQL's numeric SUM of bigint) as a long. */
  private static long readExactLong(ResultSet rs, String column) throws SQLException {
    java.math.BigDecimal value = rs.getBigDecimal(column);
    if (value == null) {
      return 0;
    }
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      throw new SQLException("column " + column + " exceeds the range of a long", "22003", e);
    }
  }

  @Override
  public List<WorkflowRun> getRunsBatchByTimeRange(TimeRangeBatchQuery query) {
    Checks.requireNonNull(query, "query");
    if (query.runTypes() != null && query.runTypes().isEmpty()) {
      return List.of();
    }
    // Stored instants have microsecond precision within MIN..MAX: round both bounds up.
    Instant from = query.startFrom() == null ? null : ceilClamped(query.startFrom());
    Instant to = ceilClamped(query.endBefore());
    if (from != null && from.isBefore(Checks.MIN_INSTANT)) {
      from = null;
    }
    if (to.isAfter(Checks.MAX_INSTANT)) {
      to = null;
    }
    if ((from != null && from.isAfter(Checks.MAX_INSTANT))
        || (to != null && !to.isAfter(Checks.MIN_INSTANT))
        || (from != null && to != null && !from.isBefore(to))) {
      return List.of();
    }
    Set<String> tenants = query.tenantIds() == null ? Set.of() : query.tenantIds();
    EndedRunsBatch batch = new EndedRunsBatch(
        from, to, query.lastSeen(), query.batchSize(), query.runTypes(), new ArrayList<>(new java.util.TreeSet<>(tenants)));
    Sql sql = dialect.selectEndedRunsBatch(batch);
    return withConnection("getRunsBatchByTimeRange", sql, connection -> {
      List<WorkflowRun> runs = new ArrayList<>();
      try (PreparedStatement statement = prepare(connection, sql);
          ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          runs.add(mapRow(rs));
        }
      }
      return List.copyOf(runs);
    });
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new DataAccessException("closing the " + dialect.name() + " connection pool failed", e, false);
      }
    }
  }

  // ---------------------------------------------------------------- machinery

  /** Work on one connection; SQLExceptions escape to be translated. */
  @FunctionalInterface
  protected interface ConnectionWork<T> {
    /** Does the work. */
    T run(Connection connection) throws SQLException;
  }

  /** Thrown inside work to name the statement that failed when it is not the main one. */
  private static final class StatementFailure extends SQLException {
    private static final long serialVersionUID = 1L;
    private final transient Sql sql;
    private final SQLException failure;

    StatementFailure(Sql sql, SQLException cause) {
      super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
      this.sql = sql;
      this.failure = cause;
    }
  }

  /**
   * Runs {@code work} on a borrowed connection in auto-commit mode (restoring the connection's
   * mode after), translating failures: the message names {@code operation} and {@code sql}.
   */
  protected final <T> T withConnection(String operation, Sql sql, ConnectionWork<T> work) {
    return run(operation, sql, true, work);
  }

  /**
   * Runs {@code work} on a borrowed connection with auto-commit off; {@code work} commits its
   * own transactions. Uncommitted work is rolled back at the end.
   */
  protected final <T> T withTransactions(String operation, Sql sql, ConnectionWork<T> work) {
    return run(operation, sql, false, work);
  }

  private <T> T run(String operation, Sql sql, boolean autoCommit, ConnectionWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      boolean original = connection.getAutoCommit();
      if (original != autoCommit) {
        connection.setAutoCommit(autoCommit);
      }
      boolean done = false;
      try {
        T result = work.run(connection);
        done = true;
        return result;
      } finally {
        restore(connection, original, autoCommit, done);
      }
    } catch (StatementFailure e) {
      throw JdbcErrors.translate(operation, e.sql.text(), e.failure);
    } catch (SQLException e) {
      throw JdbcErrors.translate(operation, sql.text(), e);
    }
  }

  private static void restore(Connection connection, boolean original, boolean current, boolean done)
      throws SQLException {
    if (original == current) {
      return;
    }
    if (!done) {
      // The connection may be dead (that is often why we are here): do not mask the failure.
      try {
        if (!current) {
          connection.rollback();
        }
        connection.setAutoCommit(original);
      } catch (SQLException ignored) {
        // the pool discards broken connections
      }
      return;
    }
    if (!current) {
      connection.rollback();
    }
    connection.setAutoCommit(original);
  }

  private static void rollbackQuietly(Connection connection, SQLException failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** Prepares {@code sql} and binds its parameters through the dialect. */
  protected final PreparedStatement prepare(Connection connection, Sql sql) throws SQLException {
    PreparedStatement statement = dialect.prepareStatement(connection, sql.text());
    try {
      int index = 1;
      for (Sql.Param param : sql.params()) {
        bind(statement, index++, param);
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  private void bind(PreparedStatement statement, int index, Sql.Param param) throws SQLException {
    Object value = param.value();
    switch (param.kind()) {
      case UUID -> dialect.bindUuid(statement, index, (String) Objects.requireNonNull(value));
      case TEXT -> dialect.bindText(statement, index, (String) value);
      case INSTANT -> dialect.bindInstant(statement, index, (Instant) value);
      case INT -> statement.setInt(index, (Integer) Objects.requireNonNull(value));
      case LONG -> statement.setLong(index, (Long) Objects.requireNonNull(value));
      case DOUBLE -> statement.setDouble(index, (Double) Objects.requireNonNull(value));
    }
  }

  /**
   * The run of the current row, read by column name. Nullable integer columns of Dify's table
   * ({@code total_steps}, {@code exceptions_count}) read as 0 when NULL.
   *
   * @throws SQLException when a column cannot be read, or holds a value no run can have
   */
  @SuppressWarnings("NullAway") // the constructor rejects NULL in a required column, by name
  protected WorkflowRun mapRow(ResultSet rs) throws SQLException {
    try {
      return new WorkflowRun(
          dialect.readUuid(rs, "id"),
          dialect.readUuid(rs, "tenant_id"),
          dialect.readUuid(rs, "app_id"),
          dialect.readUuid(rs, "workflow_id"),
          WorkflowType.fromValue(rs.getString("type")),
          TriggeredFrom.fromValue(rs.getString("triggered_from")),
          rs.getString("version"),
          rs.getString("graph"),
          rs.getString("inputs"),
          WorkflowRunStatus.fromValue(rs.getString("status")),
          rs.getString("outputs"),
          rs.getString("error"),
          rs.getDouble("elapsed_time"),
          rs.getLong("total_tokens"),
          rs.getInt("total_steps"),
          CreatorRole.fromValue(rs.getString("created_by_role")),
          dialect.readUuid(rs, "created_by"),
          dialect.readInstant(rs, "created_at"),
          dialect.readInstant(rs, "finished_at"),
          rs.getInt("exceptions_count"));
    } catch (IllegalArgumentException e) {
      // A row written by someone else with a value outside the contract (e.g. an unknown status).
      throw new SQLException("row of " + WorkflowRunColumns.TABLE + " cannot be read as a run: " + e.getMessage(), "22000", e);
    }
  }

  /** Splits {@code items} into consecutive chunks of at most {@code size} elements. */
  public static <T> List<List<T>> chunk(List<T> items, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, was " + size);
    }
    List<List<T>> chunks = new ArrayList<>((items.size() + size - 1) / size);
    for (int from = 0; from < items.size(); from += size) {
      chunks.add(items.subList(from, Math.min(items.size(), from + size)));
    }
    return chunks;
  }

  /**
   * {@code instant} rounded up to a whole microsecond, or a second outside the storable range
   * when it lies outside (so that no arithmetic overflows near {@link Instant#MAX}); callers
   * then drop or clamp bounds outside {@link Checks#MIN_INSTANT}..{@link Checks#MAX_INSTANT}.
   */
  static Instant ceilClamped(Instant instant) {
    if (instant.isBefore(Checks.MIN_INSTANT)) {
      return Checks.MIN_INSTANT.minusSeconds(1);
    }
    if (instant.isAfter(Checks.MAX_INSTANT)) {
      return Checks.MAX_INSTANT.plusSeconds(1);
    }
    return ceilToMicros(instant);
  }

  /** {@code instant} rounded up to the next whole microsecond (unchanged when already whole). */
  static Instant ceilToMicros(Instant instant) {
    Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
    return truncated.equals(instant) ? instant : truncated.plus(1, ChronoUnit.MICROS);
  }

  private static InvalidCursorException invalidFilteredCursor() {
    return new InvalidCursorException(
        "lastId is not a run matching this query's tenant, app, triggers and status (unknown, malformed or deleted)");
  }

  private static InvalidCursorException invalidCursor() {
    return new InvalidCursorException(
        "lastId is not a run of this tenant, app and trigger (unknown, malformed or deleted)");
  }
}
