package dev.runstore.memory;

import dev.runstore.api.AverageInteractionStats;
import dev.runstore.api.Checks;
import dev.runstore.api.DailyRunsStats;
import dev.runstore.api.DailyTerminalsStats;
import dev.runstore.api.DailyTokenCostStats;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.InvalidCursorException;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.RunPosition;
import dev.runstore.api.StatsQuery;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecutionRepository;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunCounts;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WorkflowRunRepository} kept in memory: the reference model of the contract (API.md),
 * against which the SQL backends are compared.
 *
 * <p>Runs are held by id, plus ordered indexes on {@code (createdAt, id)} per
 * {@code (tenant, app, trigger)} for paging, per tenant for expired batches, and per
 * {@code (tenant, app)} for deleting an app, so no query scans every run. One read-write lock
 * guards all of it: reads run in parallel, each write is atomic and immediately visible.
 *
 * <p>Identifiers given as arguments are matched in their canonical (lower-case) UUID form; a
 * tenant or app id that is not a UUID matches nothing. {@link #close()} does nothing: there is no
 * resource to release, and the repository keeps working after it.
 */
public final class InMemoryWorkflowRunRepository implements WorkflowRunRepository {

  /** A position in the {@code (createdAt, id)} order shared by every index. */
  private record Key(Instant createdAt, String id) implements Comparable<Key> {
    static Key of(WorkflowRun run) {
      return new Key(run.createdAt(), run.id());
    }

    static Key of(RunPosition position) {
      return new Key(position.createdAt(), position.id());
    }

    /** Sorts before every run created at {@code createdAt} ("" precedes any id). */
    static Key before(Instant createdAt) {
      return new Key(createdAt, "");
    }

    @Override
    public int compareTo(Key other) {
      int c = createdAt.compareTo(other.createdAt);
      // Canonical ids are lower-case hex with fixed dashes: String order is the byte order
      // PostgreSQL's uuid and MySQL's CHAR(36) use.
      return c != 0 ? c : id.compareTo(other.id);
    }
  }

  /** A tenant and app. */
  private record AppScope(String tenantId, String appId) {}

  /** A tenant, app and trigger: the scope of one listing. */
  private record ListScope(String tenantId, String appId, TriggeredFrom triggeredFrom) {}

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, WorkflowRun> byId = new HashMap<>();
  private final Map<ListScope, NavigableMap<Key, WorkflowRun>> byList = new HashMap<>();
  private final Map<String, NavigableMap<Key, WorkflowRun>> byTenant = new HashMap<>();
  private final Map<AppScope, NavigableMap<Key, WorkflowRun>> byApp = new HashMap<>();
  private final NavigableMap<Key, WorkflowRun> byTime = new TreeMap<>();

  /** An empty repository. */
  public InMemoryWorkflowRunRepository() {}

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code run} is null, or its id is stored under another
   *     tenant or app (the stored run is left unchanged)
   */
  @Override
  public void save(WorkflowRun run) {
    Checks.requireNonNull(run, "run");
    Lock write = lock.writeLock();
    write.lock();
    try {
      WorkflowRun existing = byId.get(run.id());
      if (existing != null) {
        if (!existing.tenantId().equals(run.tenantId()) || !existing.appId().equals(run.appId())) {
          throw new IllegalArgumentException(
              "run " + run.id() + " already exists under another tenant or app; a run never moves");
        }
        unindex(existing);
      }
      byId.put(run.id(), run);
      index(run);
    } finally {
      write.unlock();
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code context} is null
   */
  @Override
  public WorkflowExecutionRepository executions(ExecutionContext context) {
    Checks.requireNonNull(context, "context");
    return execution -> save(WorkflowRun.fromExecution(context, execution));
  }

  @Override
  public InfiniteScrollPagination<WorkflowRun> getPaginatedWorkflowRuns(
      String tenantId, String appId, TriggeredFrom triggeredFrom, int limit, @Nullable String lastId) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(appId, "appId");
    Checks.requireNonNull(triggeredFrom, "triggeredFrom");
    Checks.requireRange(limit, 1, MAX_PAGE_LIMIT, "limit");
    String tenant = Checks.canonicalUuid(tenantId);
    String app = Checks.canonicalUuid(appId);
    Lock read = lock.readLock();
    read.lock();
    try {
      NavigableMap<Key, WorkflowRun> index =
          tenant == null || app == null ? null : byList.get(new ListScope(tenant, app, triggeredFrom));
      NavigableMap<Key, WorkflowRun> newestFirst;
      if (lastId == null) {
        if (index == null) {
          return new InfiniteScrollPagination<>(List.of(), limit, false);
        }
        newestFirst = index.descendingMap();
      } else {
        String cursorId = Checks.canonicalUuid(lastId);
        WorkflowRun cursor = cursorId == null ? null : byId.get(cursorId);
        if (cursor == null
            || index == null
            || !cursor.tenantId().equals(tenant)
            || !cursor.appId().equals(app)
            || cursor.triggeredFrom() != triggeredFrom) {
          throw new InvalidCursorException(
              "lastId is not a run of this tenant, app and trigger: '" + clip(lastId) + "'");
        }
        newestFirst = index.headMap(Key.of(cursor), false).descendingMap();
      }
      return page(newestFirst, limit, run -> true);
    } finally {
      read.unlock();
    }
  }

  @Override
  public Optional<WorkflowRun> getWorkflowRunById(String tenantId, String appId, String runId) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireText(appId, "appId");
    String id = Checks.canonicalUuid(runId);
    if (id == null) {
      return Optional.empty();
    }
    String tenant = Checks.canonicalUuid(tenantId);
    String app = Checks.canonicalUuid(appId);
    Lock read = lock.readLock();
    read.lock();
    try {
      WorkflowRun run = byId.get(id);
      if (run == null || !run.tenantId().equals(tenant) || !run.appId().equals(app)) {
        return Optional.empty();
      }
      return Optional.of(run);
    } finally {
      read.unlock();
    }
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
    Lock read = lock.readLock();
    read.lock();
    try {
      NavigableMap<Key, WorkflowRun> index = byTenant.get(tenant);
      if (index == null) {
        return List.of();
      }
      List<WorkflowRun> batch = new ArrayList<>();
      // Oldest first; stop at the first run not strictly before beforeDate (exact Instant order,
      // so a beforeDate between two microseconds still excludes nothing it should keep).
      for (WorkflowRun run : index.values()) {
        if (batch.size() == batchSize || !run.createdAt().isBefore(beforeDate)) {
          break;
        }
        batch.add(run);
      }
      return List.copyOf(batch);
    } finally {
      read.unlock();
    }
  }

  @Override
  public int deleteRunsByIds(Collection<String> runIds) {
    Checks.requireNonNull(runIds, "runIds");
    if (runIds.isEmpty()) {
      return 0;
    }
    Set<String> ids = new HashSet<>();
    for (String runId : runIds) {
      String id = Checks.canonicalUuid(runId);
      if (id != null) {
        ids.add(id);
      }
    }
    Lock write = lock.writeLock();
    write.lock();
    try {
      int deleted = 0;
      for (String id : ids) {
        WorkflowRun run = byId.remove(id);
        if (run != null) {
          unindex(run);
          deleted++;
        }
      }
      return deleted;
    } finally {
      write.unlock();
    }
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
    AppScope scope = new AppScope(tenant, app);
    int total = 0;
    // One batch per lock hold, like one transaction per batch in SQL; loop until the app is
    // empty, not until a batch comes back short.
    while (true) {
      Lock write = lock.writeLock();
      write.lock();
      try {
        NavigableMap<Key, WorkflowRun> index = byApp.get(scope);
        if (index == null || index.isEmpty()) {
          return total;
        }
        List<WorkflowRun> batch = new ArrayList<>(Math.min(batchSize, index.size()));
        for (WorkflowRun run : index.values()) {
          if (batch.size() == batchSize) {
            break;
          }
          batch.add(run);
        }
        for (WorkflowRun run : batch) {
          byId.remove(run.id());
          unindex(run);
        }
        total += batch.size();
      } finally {
        write.unlock();
      }
    }
  }

  @Override
  public InfiniteScrollPagination<WorkflowRun> getPaginatedWorkflowRuns(RunListQuery query) {
    Checks.requireNonNull(query, "query");
    // Decoding the token needs no lookup; an invalid one fails before anything is read.
    RunPosition position = query.cursor() == null ? null : RunPosition.fromCursor(query.cursor());
    String tenant = Checks.canonicalUuid(query.tenantId());
    String app = Checks.canonicalUuid(query.appId());
    Predicate<WorkflowRun> matches = run ->
        (query.triggeredFrom().isEmpty() || query.triggeredFrom().contains(run.triggeredFrom()))
            && (query.status() == null || run.status() == query.status());
    Lock read = lock.readLock();
    read.lock();
    try {
      NavigableMap<Key, WorkflowRun> index =
          tenant == null || app == null ? null : byApp.get(new AppScope(tenant, app));
      if (query.lastId() != null) {
        String cursorId = Checks.canonicalUuid(query.lastId());
        WorkflowRun cursor = cursorId == null ? null : byId.get(cursorId);
        if (cursor == null || !cursor.tenantId().equals(tenant) || !cursor.appId().equals(app)
            || !matches.test(cursor)) {
          throw new InvalidCursorException(
              "lastId is not a run matching this query: '" + clip(query.lastId()) + "'");
        }
        position = RunPosition.of(cursor);
      }
      if (index == null) {
        return new InfiniteScrollPagination<>(List.of(), query.limit(), false);
      }
      NavigableMap<Key, WorkflowRun> newestFirst =
          (position == null ? index : index.headMap(Key.of(position), false)).descendingMap();
      return page(newestFirst, query.limit(), matches);
    } finally {
      read.unlock();
    }
  }

  @Override
  public Optional<WorkflowRun> getWorkflowRunByIdWithoutTenant(String runId) {
    Checks.requireNonNull(runId, "runId");
    String id = Checks.canonicalUuid(runId);
    if (id == null) {
      return Optional.empty();
    }
    Lock read = lock.readLock();
    read.lock();
    try {
      return Optional.ofNullable(byId.get(id));
    } finally {
      read.unlock();
    }
  }

  @Override
  public int deleteRunsByIds(String tenantId, Collection<String> runIds) {
    Checks.requireText(tenantId, "tenantId");
    Checks.requireNonNull(runIds, "runIds");
    String tenant = Checks.canonicalUuid(tenantId);
    if (runIds.isEmpty() || tenant == null) {
      return 0;
    }
    Set<String> ids = new HashSet<>();
    for (String runId : runIds) {
      String id = Checks.canonicalUuid(runId);
      if (id != null) {
        ids.add(id);
      }
    }
    Lock write = lock.writeLock();
    write.lock();
    try {
      int deleted = 0;
      for (String id : ids) {
        WorkflowRun run = byId.get(id);
        if (run != null && run.tenantId().equals(tenant)) {
          byId.remove(id);
          unindex(run);
          deleted++;
        }
      }
      return deleted;
    } finally {
      write.unlock();
    }
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
    Instant since = Checks.sinceNow(timeRange);
    Map<WorkflowRunStatus, Long> counts = new EnumMap<>(WorkflowRunStatus.class);
    for (WorkflowRun run : scan(tenantId, appId, triggeredFrom, since, null)) {
      if (status == null || run.status() == status) {
        counts.merge(run.status(), 1L, Long::sum);
      }
    }
    return WorkflowRunCounts.of(counts);
  }

  @Override
  public List<DailyRunsStats> getDailyRunsStatistics(StatsQuery query) {
    return daily(query, d -> new DailyRunsStats(d.date, d.runs));
  }

  @Override
  public List<DailyTerminalsStats> getDailyTerminalsStatistics(StatsQuery query) {
    return daily(query, d -> new DailyTerminalsStats(d.date, d.creators.size()));
  }

  @Override
  public List<DailyTokenCostStats> getDailyTokenCostStatistics(StatsQuery query) {
    return daily(query, d -> new DailyTokenCostStats(d.date, d.tokens));
  }

  @Override
  public List<AverageInteractionStats> getAverageAppInteractionStatistics(StatsQuery query) {
    return daily(query, d -> new AverageInteractionStats(
        d.date, AverageInteractionStats.average(d.runs, d.creators.size())));
  }

  @Override
  public List<WorkflowRun> getRunsBatchByTimeRange(TimeRangeBatchQuery query) {
    Checks.requireNonNull(query, "query");
    if (query.runTypes() != null && query.runTypes().isEmpty()) {
      return List.of();
    }
    Lock read = lock.readLock();
    read.lock();
    try {
      NavigableMap<Key, WorkflowRun> window = byTime.headMap(Key.before(query.endBefore()), false);
      if (query.startFrom() != null) {
        window = window.tailMap(Key.before(query.startFrom()), true);
      }
      if (query.lastSeen() != null) {
        window = window.tailMap(Key.of(query.lastSeen()), false);
      }
      List<WorkflowRun> batch = new ArrayList<>();
      for (WorkflowRun run : window.values()) {
        if (batch.size() == query.batchSize()) {
          break;
        }
        if (run.status().isEnded()
            && (query.runTypes() == null || query.runTypes().contains(run.type()))
            && (query.tenantIds() == null || query.tenantIds().isEmpty()
                || query.tenantIds().contains(run.tenantId()))) {
          batch.add(run);
        }
      }
      return List.copyOf(batch);
    } finally {
      read.unlock();
    }
  }

  /** One calendar day's aggregates. */
  private static final class Day {
    final LocalDate date;
    long runs;
    long tokens;
    final Set<String> creators = new HashSet<>();

    Day(LocalDate date) {
      this.date = date;
    }
  }

  private <T> List<T> daily(StatsQuery query, Function<Day, T> result) {
    Checks.requireNonNull(query, "query");
    Map<LocalDate, Day> days = new TreeMap<>();
    for (WorkflowRun run : scan(query.tenantId(), query.appId(), query.triggeredFrom(), query.start(), query.end())) {
      LocalDate date = run.createdAt().atZone(query.zone()).toLocalDate();
      Day day = days.computeIfAbsent(date, Day::new);
      day.runs++;
      day.tokens += run.totalTokens();
      day.creators.add(run.createdBy());
    }
    return days.values().stream().map(result).toList();
  }

  /** The runs of one listing scope created in {@code [from, to)} (null: unbounded), as a copy. */
  private List<WorkflowRun> scan(
      String tenantId, String appId, TriggeredFrom triggeredFrom, @Nullable Instant from, @Nullable Instant to) {
    String tenant = Checks.canonicalUuid(tenantId);
    String app = Checks.canonicalUuid(appId);
    if (tenant == null || app == null) {
      return List.of();
    }
    Lock read = lock.readLock();
    read.lock();
    try {
      NavigableMap<Key, WorkflowRun> index = byList.get(new ListScope(tenant, app, triggeredFrom));
      if (index == null) {
        return List.of();
      }
      if (from != null) {
        index = index.tailMap(Key.before(from), true);
      }
      if (to != null) {
        index = index.headMap(Key.before(to), false);
      }
      return new ArrayList<>(index.values());
    } finally {
      read.unlock();
    }
  }

  /** Up to {@code limit} matching runs from {@code newestFirst}, with hasMore and the next cursor. */
  private static InfiniteScrollPagination<WorkflowRun> page(
      NavigableMap<Key, WorkflowRun> newestFirst, int limit, Predicate<WorkflowRun> matches) {
    List<WorkflowRun> page = new ArrayList<>(Math.min(limit, 64));
    boolean hasMore = false;
    for (WorkflowRun run : newestFirst.values()) {
      if (!matches.test(run)) {
        continue;
      }
      if (page.size() == limit) {
        hasMore = true;
        break;
      }
      page.add(run);
    }
    String next = hasMore ? RunPosition.of(page.get(page.size() - 1)).toCursor() : null;
    return new InfiniteScrollPagination<>(page, limit, hasMore, next);
  }

  /** Does nothing: an in-memory repository owns no resource. */
  @Override
  public void close() {}

  /** Adds {@code run} to the ordered indexes; the caller holds the write lock. */
  private void index(WorkflowRun run) {
    Key key = Key.of(run);
    byList.computeIfAbsent(new ListScope(run.tenantId(), run.appId(), run.triggeredFrom()), k -> new TreeMap<>())
        .put(key, run);
    byTenant.computeIfAbsent(run.tenantId(), k -> new TreeMap<>()).put(key, run);
    byApp.computeIfAbsent(new AppScope(run.tenantId(), run.appId()), k -> new TreeMap<>()).put(key, run);
    byTime.put(key, run);
  }

  /** Removes {@code run} from the ordered indexes, dropping indexes left empty; write lock held. */
  private void unindex(WorkflowRun run) {
    Key key = Key.of(run);
    removeFrom(byList, new ListScope(run.tenantId(), run.appId(), run.triggeredFrom()), key);
    removeFrom(byTenant, run.tenantId(), key);
    removeFrom(byApp, new AppScope(run.tenantId(), run.appId()), key);
    byTime.remove(key);
  }

  private static <S> void removeFrom(Map<S, NavigableMap<Key, WorkflowRun>> indexes, S scope, Key key) {
    NavigableMap<Key, WorkflowRun> index = indexes.get(scope);
    if (index != null) {
      index.remove(key);
      if (index.isEmpty()) {
        indexes.remove(scope);
      }
    }
  }

  private static String clip(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "...";
  }
}
