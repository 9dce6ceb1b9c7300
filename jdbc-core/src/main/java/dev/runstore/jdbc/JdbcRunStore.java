package dev.runstore.jdbc;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.RunPosition;
import dev.runstore.api.RunRef;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.internal.observe.ObservedWorkflowRunRepository;
import dev.runstore.spi.PauseStateStore;
import dev.runstore.store.DailyAggregate;
import dev.runstore.store.EndedRunsBatch;
import dev.runstore.store.NewPause;
import dev.runstore.store.PauseCreation;
import dev.runstore.store.PauseRef;
import dev.runstore.store.PauseResumption;
import dev.runstore.store.RelatedDeletion;
import dev.runstore.store.RepositoryFront;
import dev.runstore.store.RunFilter;
import dev.runstore.store.RunStore;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The {@link RunStore} of every SQL backend: it only orchestrates its dialect's statements on
 * connections of a DataSource ({@link JdbcExecutor}), reading rows with {@link RunRowMapper}.
 * Argument checks, paging, retries and the app-delete loop are the front's
 * ({@link RepositoryFront}). Thread-safe.
 */
public final class JdbcRunStore implements RunStore {

  private final SqlDialect dialect;
  private final JdbcExecutor executor;
  private final JdbcPauses pauses;
  private final JdbcRelated related;
  private final PauseStateStore states;
  private final @Nullable AutoCloseable owned;

  /**
   * A store over {@code dataSource}.
   *
   * @param owned a resource this store owns and closes in {@link #close()} (the pool it was built
   *     with), or null when the caller owns {@code dataSource}
   */
  public JdbcRunStore(SqlDialect dialect, DataSource dataSource, @Nullable AutoCloseable owned) {
    this(dialect, dataSource, owned, true);
  }

  /**
   * A store over {@code dataSource}; {@code relatedTables} false ({@code runstore.related.tables=none}):
   * the run-with-related-rows methods touch runs only.
   */
  public JdbcRunStore(SqlDialect dialect, DataSource dataSource, @Nullable AutoCloseable owned, boolean relatedTables) {
    this.dialect = dialect;
    this.executor = new JdbcExecutor(dataSource, dialect);
    this.pauses = new JdbcPauses(executor);
    this.related = new JdbcRelated(executor, relatedTables);
    this.states = new JdbcPauseStateStore(executor);
    this.owned = owned;
  }

  /**
   * The repository of a SQL backend: the contract front over a store of {@code dialect} on
   * {@code dataSource}, after applying the schema scripts when {@code createSchema}.
   *
   * @throws IllegalArgumentException when {@code dataSource} is null
   * @throws DataAccessException when creating the schema fails
   */
  public static WorkflowRunRepository repository(
      SqlDialect dialect, DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned) {
    return repository(dialect, dataSource, createSchema, owned, RepositoryOptions.defaults());
  }

  /**
   * {@link #repository(SqlDialect, DataSource, boolean, AutoCloseable)} with options given in code.
   *
   * @throws IllegalArgumentException when {@code dataSource} or {@code options} is null
   * @throws DataAccessException when creating the schema fails
   */
  public static WorkflowRunRepository repository(
      SqlDialect dialect, DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned,
      RepositoryOptions options) {
    return repository(dialect, dataSource, createSchema, owned, options, RepositoryConfig.RelatedTables.AUTO);
  }

  /**
   * {@link #repository(SqlDialect, DataSource, boolean, AutoCloseable, RepositoryOptions)} with
   * {@code runstore.related.tables}.
   */
  public static WorkflowRunRepository repository(
      SqlDialect dialect, DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned,
      RepositoryOptions options, RepositoryConfig.RelatedTables relatedTables) {
    if (dataSource == null) {
      throw new IllegalArgumentException("dataSource must not be null");
    }
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    if (createSchema) {
      SchemaRunner.apply(dataSource, dialect);
    }
    // runstore.jdbc.sharding: through ShardingSphere, statements the engine parses and routes right.
    SqlDialect chosen = ShardingSphereDialect.forDataSource(dialect, dataSource);
    return ObservedWorkflowRunRepository.wrap(
        new RepositoryFront(
            new JdbcRunStore(chosen, dataSource, owned, relatedTables == RepositoryConfig.RelatedTables.AUTO), options),
        dialect.name(), options.observers());
  }

  @Override
  public String name() {
    return dialect.name();
  }

  @Override
  public int maxIdsPerStatement() {
    return dialect instanceof ShardingSphereDialect ? ShardingSphereDialect.MAX_IDS_PER_STATEMENT : 10_000;
  }

  // ---------------------------------------------------------------- writes

  @Override
  public boolean upsert(WorkflowRun run, boolean keepCreatedAt) {
    if (dialect instanceof ShardingSphereDialect sharded && !claimed(sharded, run)) {
      return false; // the id is another tenant's, on another shard
    }
    Upsert upsert = dialect.upsert();
    Upsert.Call call = upsert.call(run, keepCreatedAt);
    return executor.autoCommit("save", call.sql(), session -> {
      try (PreparedStatement statement = session.prepare(call.sql(), call.returnsGeneratedKeys())) {
        return call.applied(statement, statement.executeUpdate());
      }
    }, e -> upsert.lostRace(e) ? DataAccessException.Reason.SERIALIZATION_FAILURE : null);
  }

  /**
   * Claims the run's id for its tenant in {@code workflow_run_ids} (sharded by id), committed
   * before the run is written: whether the run's write then fails or not, an id is never
   * written under two tenants. False when another tenant owns it.
   */
  private boolean claimed(ShardingSphereDialect sharded, WorkflowRun run) {
    Sql owner = sharded.selectIdOwner(run.id());
    JdbcExecutor.Reader<String> read = rs -> {
      String t = rs.next() ? dialect.types().readUuid(rs, "tenant_id") : null;
      return t == null ? "" : t;
    };
    String tenant = executor.query("save", owner, read);
    if (tenant.isEmpty()) {
      executor.update("save", sharded.claimId(run.id(), run.tenantId()));
      tenant = executor.query("save", owner, read);
    }
    return run.tenantId().equalsIgnoreCase(tenant);
  }

  @Override
  public int deleteByIds(@Nullable String tenantId, List<String> runIds) {
    List<List<String>> chunks = chunks(runIds, dialect.maxIdsPerStatement());
    Sql first = deleteChunk(tenantId, chunks.get(0));
    return executor.autoCommit("deleteRunsByIds", first, session -> {
      int deleted = session.update(first);
      for (List<String> chunk : chunks.subList(1, chunks.size())) {
        deleted += session.update(deleteChunk(tenantId, chunk));
      }
      return deleted;
    });
  }

  private Sql deleteChunk(@Nullable String tenantId, List<String> ids) {
    return tenantId == null ? dialect.deleteByIds(ids) : dialect.deleteByIdsInTenant(tenantId, ids);
  }

  /** Consecutive chunks of at most {@code size} elements. */
  static <T> List<List<T>> chunks(List<T> items, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, was " + size);
    }
    List<List<T>> chunks = new ArrayList<>((items.size() + size - 1) / size);
    for (int from = 0; from < items.size(); from += size) {
      chunks.add(items.subList(from, Math.min(items.size(), from + size)));
    }
    return chunks;
  }

  @Override
  public int deleteAppBatch(String tenantId, String appId, int batchSize) {
    Sql delete = dialect.deleteAppBatch(tenantId, appId, batchSize);
    return executor.transaction("deleteRunsByApp", delete, session -> session.update(delete));
  }

  @Override
  public int deleteAppBatchWaiting(String tenantId, String appId, int batchSize) {
    Sql delete = dialect.deleteAppBatchWaiting(tenantId, appId, batchSize);
    return executor.transaction("deleteRunsByApp", delete, session -> session.update(delete));
  }

  @Override
  public boolean appHasRuns(String tenantId, String appId) {
    return executor.query("deleteRunsByApp", dialect.selectAppHasRuns(tenantId, appId), rs -> rs.next());
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Optional<WorkflowRun> findById(String tenantId, String appId, String runId) {
    return one("getWorkflowRunById", dialect.selectById(tenantId, appId, runId));
  }

  @Override
  public Optional<WorkflowRun> findByIdWithoutTenant(String runId) {
    return one("getWorkflowRunByIdWithoutTenant", dialect.selectByIdWithoutTenant(runId));
  }

  @Override
  public Optional<WorkflowRun> findByIdInTenant(String tenantId, String runId) {
    return one("getWorkflowRunByIdAndTenantId", dialect.selectByIdInTenant(tenantId, runId));
  }

  private Optional<WorkflowRun> one(String operation, Sql sql) {
    return executor.query(operation, sql,
        rs -> rs.next() ? Optional.of(RunRowMapper.map(rs, dialect.types())) : Optional.<WorkflowRun>empty());
  }

  @Override
  public List<WorkflowRun> page(RunFilter filter, @Nullable RunPosition after, int fetchSize) {
    return executor.query("getPaginatedWorkflowRuns", dialect.selectFilteredPage(filter, after, fetchSize), this::runs);
  }

  @Override
  public @Nullable List<WorkflowRun> pageAfterRun(RunFilter filter, String cursorRunId, int fetchSize) {
    Sql sql = dialect.selectFilteredPageAfterRun(filter, cursorRunId, fetchSize);
    return executor.query("getPaginatedWorkflowRuns", sql, rs -> {
      // The row with is_cursor = 1 is the marker of the cursor run, not a page row.
      boolean found = false;
      List<WorkflowRun> rows = new ArrayList<>(Math.min(fetchSize, 64));
      while (rs.next()) {
        if (rs.getInt(WorkflowRunColumns.IS_CURSOR) == 1) {
          found = true;
        } else {
          rows.add(RunRowMapper.map(rs, dialect.types()));
        }
      }
      return found ? Optional.of(rows) : Optional.<List<WorkflowRun>>empty();
    }).orElse(null);
  }

  @Override
  public List<WorkflowRun> expired(String tenantId, Instant bound, boolean inclusive, int batchSize) {
    return executor.query("getExpiredRunsBatch", dialect.selectExpired(tenantId, bound, inclusive, batchSize), this::runs);
  }

  @Override
  public List<WorkflowRun> endedBatch(EndedRunsBatch batch) {
    return executor.query("getRunsBatchByTimeRange", dialect.selectEndedRunsBatch(batch), this::runs);
  }

  @Override
  public List<RunRef> cleanupRefs(EndedRunsBatch batch) {
    return executor.query("getCleanupRefsBatch", dialect.selectCleanupRefs(batch), rs -> {
      List<RunRef> refs = new ArrayList<>();
      while (rs.next()) {
        refs.add(RunRowMapper.mapRef(rs, dialect.types()));
      }
      return refs;
    });
  }

  private List<WorkflowRun> runs(java.sql.ResultSet rs) throws SQLException {
    List<WorkflowRun> runs = new ArrayList<>();
    while (rs.next()) {
      runs.add(RunRowMapper.map(rs, dialect.types()));
    }
    return runs;
  }

  // ---------------------------------------------------------------- counts and statistics

  @Override
  public Map<WorkflowRunStatus, Long> countByStatus(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable WorkflowRunStatus status, @Nullable Instant since) {
    return executor.query("getWorkflowRunsCount", dialect.countByStatus(tenantId, appId, trigger, status, since), rs -> {
      Map<WorkflowRunStatus, Long> counts = new EnumMap<>(WorkflowRunStatus.class);
      while (rs.next()) {
        String value = rs.getString(WorkflowRunColumns.STATUS);
        WorkflowRunStatus s;
        try {
          s = WorkflowRunStatus.fromValue(value);
        } catch (IllegalArgumentException e) {
          throw new RunRowMapper.UnreadableValueException(WorkflowRunColumns.TABLE + ".status holds '" + value
              + "', which runstore does not know", e);
        }
        counts.merge(s, rs.getLong(WorkflowRunColumns.RUNS), Long::sum);
      }
      return counts;
    });
  }

  @Override
  public List<DailyAggregate> dailyStatistics(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable Instant from, @Nullable Instant to, ZoneId zone) {
    return StatisticsPlanner.daily(executor, tenantId, appId, trigger, from, to, zone);
  }

  // ---------------------------------------------------------------- pauses

  @Override
  public PauseStateStore defaultPauseStateStore() {
    return states;
  }

  @Override
  public PauseCreation createPause(NewPause pause) {
    return pauses.create(pause);
  }

  @Override
  public Optional<WorkflowPause> findPause(String tenantId, String runId) {
    return pauses.find(tenantId, runId);
  }

  @Override
  public Optional<PauseRef> findPauseById(String tenantId, String pauseId) {
    return pauses.findById(tenantId, pauseId);
  }

  @Override
  public PauseResumption resumePause(String tenantId, String runId, String pauseId, Instant now) {
    return pauses.resume(tenantId, runId, pauseId, now);
  }

  @Override
  public boolean deletePauseRows(String pauseId) {
    return pauses.deleteRows(pauseId);
  }

  @Override
  public List<PauseRef> prunablePauses(@Nullable Instant createdBefore, @Nullable Instant resumedBefore, int limit) {
    return pauses.prunable(createdBefore, resumedBefore, limit);
  }

  // ---------------------------------------------------------------- runs with related rows

  @Override
  public RelatedCounts countWithRelated(String tenantId, List<String> runIds) {
    return related.count(tenantId, runIds);
  }

  @Override
  public RelatedDeletion deleteWithRelated(String tenantId, List<String> runIds) {
    return related.delete(tenantId, runIds);
  }

  @Override
  public RelatedRows readRelated(String tenantId, List<String> runIds) {
    return related.read(tenantId, runIds);
  }

  @Override
  public RelatedCounts restoreRelated(String tenantId, RelatedRows rows) {
    return related.restore(tenantId, rows);
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void close() {
    AutoCloseable resource = owned;
    if (resource != null) {
      try {
        resource.close();
      } catch (Exception e) {
        throw new DataAccessException("closing the " + dialect.name() + " connection pool failed", e, false);
      }
    }
  }
}
