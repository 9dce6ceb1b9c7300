package dev.runstore.memory;

import dev.runstore.api.PauseReason;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.RunPosition;
import dev.runstore.api.RunRef;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.spi.PauseStateStore;
import dev.runstore.store.DailyAggregate;
import dev.runstore.store.EndedRunsBatch;
import dev.runstore.store.NewPause;
import dev.runstore.store.PauseCreation;
import dev.runstore.store.PauseRef;
import dev.runstore.store.PauseResumption;
import dev.runstore.store.RelatedDeletion;
import dev.runstore.store.RunFilter;
import dev.runstore.store.RunStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
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
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory store: runs by id, plus indexes ordered by {@link RunPosition} per
 * {@code (tenant, app, trigger)} for one-trigger pages, per {@code (tenant, app)} for filtered
 * pages and app deletes, per tenant for expired batches, and over every run for time-range
 * batches, so no call scans every run. One read-write lock guards all of it: reads run in
 * parallel, each write is atomic and immediately visible.
 */
final class InMemoryRunStore implements RunStore {

  /** Sorts before every run created at the same instant. */
  private static final String LOWEST_ID = "00000000-0000-0000-0000-000000000000";

  /** Sorts after every run created at the same instant. */
  private static final String HIGHEST_ID = "ffffffff-ffff-ffff-ffff-ffffffffffff";

  private record AppScope(String tenantId, String appId) {}

  private record ListScope(String tenantId, String appId, TriggeredFrom triggeredFrom) {}

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, WorkflowRun> byId = new HashMap<>();
  private final Map<ListScope, NavigableMap<RunPosition, WorkflowRun>> byList = new HashMap<>();
  private final Map<String, NavigableMap<RunPosition, WorkflowRun>> byTenant = new HashMap<>();
  private final Map<AppScope, NavigableMap<RunPosition, WorkflowRun>> byApp = new HashMap<>();
  private final NavigableMap<RunPosition, WorkflowRun> byTime = new TreeMap<>();
  private final InMemoryPauses pauses;

  /** A store; {@code relatedTables} false: runs are deleted and counted without their pauses. */
  InMemoryRunStore(boolean relatedTables) {
    this.pauses = new InMemoryPauses(this, relatedTables);
  }

  @Override
  public String name() {
    return InMemoryWorkflowRunRepositoryProvider.NAME;
  }

  // ---------------------------------------------------------------- writes

  @Override
  public boolean upsert(WorkflowRun run, boolean keepCreatedAt) {
    return write(() -> {
      WorkflowRun existing = byId.get(run.id());
      WorkflowRun stored = run;
      if (existing != null) {
        if (!existing.tenantId().equals(run.tenantId()) || !existing.appId().equals(run.appId())) {
          return false;
        }
        if (keepCreatedAt) {
          stored = run.toBuilder().createdAt(existing.createdAt()).build();
        }
      }
      replace(stored);
      return true;
    });
  }

  /** Stores {@code run} in place of the run with its id, if any; write lock held. */
  void replace(WorkflowRun run) {
    WorkflowRun existing = byId.put(run.id(), run);
    if (existing != null) {
      unindex(existing);
    }
    index(run);
  }

  @Override
  public int deleteByIds(@Nullable String tenantId, List<String> runIds) {
    return write(() -> {
      int deleted = 0;
      for (String id : runIds) {
        WorkflowRun run = byId.get(id);
        if (run != null && (tenantId == null || run.tenantId().equals(tenantId))) {
          remove(run);
          deleted++;
        }
      }
      return deleted;
    });
  }

  @Override
  public int deleteAppBatch(String tenantId, String appId, int batchSize) {
    return write(() -> {
      NavigableMap<RunPosition, WorkflowRun> index = byApp.get(new AppScope(tenantId, appId));
      if (index == null) {
        return 0;
      }
      List<WorkflowRun> batch = new ArrayList<>(Math.min(batchSize, index.size()));
      for (WorkflowRun run : index.values()) {
        if (batch.size() == batchSize) {
          break;
        }
        batch.add(run);
      }
      batch.forEach(this::remove);
      return batch.size();
    });
  }

  // ---------------------------------------------------------------- reads

  @Override
  public boolean appHasRuns(String tenantId, String appId) {
    return read(() -> byApp.containsKey(new AppScope(tenantId, appId)));
  }

  @Override
  public Optional<WorkflowRun> findById(String tenantId, String appId, String runId) {
    return read(() -> Optional.ofNullable(byId.get(runId))
        .filter(run -> run.tenantId().equals(tenantId) && run.appId().equals(appId)));
  }

  @Override
  public Optional<WorkflowRun> findByIdWithoutTenant(String runId) {
    return read(() -> Optional.ofNullable(byId.get(runId)));
  }

  @Override
  public Optional<WorkflowRun> findByIdInTenant(String tenantId, String runId) {
    return read(() -> Optional.ofNullable(inTenant(tenantId, runId)));
  }

  /** The run with this id when it is the tenant's; read lock held. */
  @Nullable WorkflowRun inTenant(String tenantId, String runId) {
    WorkflowRun run = byId.get(runId);
    return run != null && run.tenantId().equals(tenantId) ? run : null;
  }

  @Override
  public List<WorkflowRun> page(RunFilter filter, @Nullable RunPosition after, int fetchSize) {
    return read(() -> newestFirst(filter, after, fetchSize));
  }

  @Override
  public @Nullable List<WorkflowRun> pageAfterRun(RunFilter filter, String cursorRunId, int fetchSize) {
    return read(() -> {
      WorkflowRun cursor = byId.get(cursorRunId);
      return cursor == null || !filter.matches(cursor) ? null : newestFirst(filter, RunPosition.of(cursor), fetchSize);
    });
  }

  /** Up to {@code fetchSize} runs of the filter, newest first, strictly before {@code after}; read lock held. */
  private List<WorkflowRun> newestFirst(RunFilter filter, @Nullable RunPosition after, int fetchSize) {
    // One trigger: its own index holds exactly the candidates; else the app's, filtered.
    NavigableMap<RunPosition, WorkflowRun> index = filter.triggers().size() == 1
        ? byList.get(new ListScope(filter.tenantId(), filter.appId(), filter.triggers().iterator().next()))
        : byApp.get(new AppScope(filter.tenantId(), filter.appId()));
    List<WorkflowRun> page = new ArrayList<>(Math.min(fetchSize, 64));
    if (index == null) {
      return page;
    }
    NavigableMap<RunPosition, WorkflowRun> range = after == null ? index : index.headMap(after, false);
    for (WorkflowRun run : range.descendingMap().values()) {
      if (page.size() == fetchSize) {
        break;
      }
      if (filter.matches(run)) {
        page.add(run);
      }
    }
    return page;
  }

  @Override
  public List<WorkflowRun> expired(String tenantId, Instant bound, boolean inclusive, int batchSize) {
    return read(() -> {
      NavigableMap<RunPosition, WorkflowRun> index = byTenant.get(tenantId);
      if (index == null) {
        return List.<WorkflowRun>of();
      }
      NavigableMap<RunPosition, WorkflowRun> range =
          inclusive ? index.headMap(last(bound), true) : index.headMap(first(bound), false);
      return firstOf(range, batchSize);
    });
  }

  @Override
  public List<WorkflowRun> endedBatch(EndedRunsBatch batch) {
    return read(() -> walk(batch));
  }

  @Override
  public List<RunRef> cleanupRefs(EndedRunsBatch batch) {
    return read(() -> walk(batch).stream().map(r -> new RunRef(r.id(), r.tenantId(), r.createdAt())).toList());
  }

  /** One batch of a walk in {@code (createdAt, id)} order; read lock held. */
  private List<WorkflowRun> walk(EndedRunsBatch batch) {
    // The front guarantees from < to, after < to, upperBound > after; an "after" before "from"
    // was dropped by it.
    NavigableMap<RunPosition, WorkflowRun> range = byTime;
    RunPosition after = batch.after();
    if (after != null) {
      range = range.tailMap(after, false);
    } else if (batch.from() != null) {
      range = range.tailMap(first(batch.from()), true);
    }
    Instant to = batch.to();
    RunPosition upper = batch.upperBound();
    if (to != null && (upper == null || first(to).compareTo(upper) <= 0)) {
      range = range.headMap(first(to), false);
    } else if (upper != null) {
      range = range.headMap(upper, true);
    }
    Set<String> tenants = batch.tenantIds().isEmpty() ? null : new HashSet<>(batch.tenantIds());
    List<WorkflowRun> runs = new ArrayList<>();
    for (WorkflowRun run : range.values()) {
      if (runs.size() == batch.batchSize()) {
        break;
      }
      if ((tenants == null || tenants.contains(run.tenantId())) && batch.selects(run)) {
        runs.add(run);
      }
    }
    return runs;
  }

  @Override
  public Map<WorkflowRunStatus, Long> countByStatus(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable WorkflowRunStatus status, @Nullable Instant since) {
    return read(() -> {
      Map<WorkflowRunStatus, Long> counts = new EnumMap<>(WorkflowRunStatus.class);
      for (WorkflowRun run : listRange(tenantId, appId, trigger, since, null).values()) {
        if (status == null || run.status() == status) {
          counts.merge(run.status(), 1L, Long::sum);
        }
      }
      return counts;
    });
  }

  @Override
  public List<DailyAggregate> dailyStatistics(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable Instant from, @Nullable Instant to, ZoneId zone) {
    return read(() -> {
      Map<LocalDate, Day> days = new TreeMap<>();
      for (WorkflowRun run : listRange(tenantId, appId, trigger, from, to).values()) {
        Day day = days.computeIfAbsent(run.createdAt().atZone(zone).toLocalDate(), d -> new Day());
        day.runs++;
        day.tokens += run.totalTokens();
        day.creators.add(run.createdBy());
      }
      List<DailyAggregate> result = new ArrayList<>(days.size());
      days.forEach((date, day) -> result.add(new DailyAggregate(date, day.runs, day.creators.size(), day.tokens)));
      return result;
    });
  }

  /** One day's running sums. */
  private static final class Day {
    long runs;
    long tokens;
    final Set<String> creators = new HashSet<>();
  }

  /** The runs of one listing scope created in {@code [from, to)} (null: unbounded); read lock held. */
  private NavigableMap<RunPosition, WorkflowRun> listRange(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable Instant from, @Nullable Instant to) {
    NavigableMap<RunPosition, WorkflowRun> index = byList.get(new ListScope(tenantId, appId, trigger));
    if (index == null) {
      return new TreeMap<>();
    }
    if (from != null) {
      index = index.tailMap(first(from), true);
    }
    if (to != null) {
      index = index.headMap(first(to), false);
    }
    return index;
  }

  // ---------------------------------------------------------------- pauses and related rows: InMemoryPauses

  @Override
  public PauseStateStore defaultPauseStateStore() {
    return pauses.defaultPauseStateStore();
  }

  @Override
  public PauseCreation createPause(NewPause pause) {
    return pauses.createPause(pause);
  }

  @Override
  public Optional<WorkflowPause> findPause(String tenantId, String runId) {
    return pauses.findPause(tenantId, runId);
  }

  @Override
  public Optional<PauseRef> findPauseById(String tenantId, String pauseId) {
    return pauses.findPauseById(tenantId, pauseId);
  }

  @Override
  public PauseResumption resumePause(String tenantId, String runId, String pauseId, Instant now) {
    return pauses.resumePause(tenantId, runId, pauseId, now);
  }

  @Override
  public boolean deletePauseRows(String pauseId) {
    return pauses.deletePauseRows(pauseId);
  }

  @Override
  public List<PauseRef> prunablePauses(@Nullable Instant createdBefore, @Nullable Instant resumedBefore, int limit) {
    return pauses.prunablePauses(createdBefore, resumedBefore, limit);
  }

  @Override
  public RelatedCounts countWithRelated(String tenantId, List<String> runIds) {
    return pauses.countWithRelated(tenantId, runIds);
  }

  @Override
  public RelatedDeletion deleteWithRelated(String tenantId, List<String> runIds) {
    return pauses.deleteWithRelated(tenantId, runIds);
  }

  @Override
  public RelatedRows readRelated(String tenantId, List<String> runIds) {
    return pauses.readRelated(tenantId, runIds);
  }

  @Override
  public RelatedCounts restoreRelated(String tenantId, RelatedRows rows) {
    return pauses.restoreRelated(tenantId, rows);
  }

  @Override
  public void close() {
    // nothing to release: the runs stay readable
  }

  // ---------------------------------------------------------------- indexes

  private static RunPosition first(Instant createdAt) {
    return new RunPosition(createdAt, LOWEST_ID);
  }

  private static RunPosition last(Instant createdAt) {
    return new RunPosition(createdAt, HIGHEST_ID);
  }

  private static List<WorkflowRun> firstOf(NavigableMap<RunPosition, WorkflowRun> range, int count) {
    List<WorkflowRun> runs = new ArrayList<>(Math.min(count, range.size()));
    for (WorkflowRun run : range.values()) {
      if (runs.size() == count) {
        break;
      }
      runs.add(run);
    }
    return runs;
  }

  void remove(WorkflowRun run) {
    byId.remove(run.id());
    unindex(run);
  }

  /** Adds {@code run} to the ordered indexes; write lock held. */
  private void index(WorkflowRun run) {
    RunPosition key = RunPosition.of(run);
    byList.computeIfAbsent(new ListScope(run.tenantId(), run.appId(), run.triggeredFrom()), k -> new TreeMap<>())
        .put(key, run);
    byTenant.computeIfAbsent(run.tenantId(), k -> new TreeMap<>()).put(key, run);
    byApp.computeIfAbsent(new AppScope(run.tenantId(), run.appId()), k -> new TreeMap<>()).put(key, run);
    byTime.put(key, run);
  }

  /** Removes {@code run} from the ordered indexes, dropping indexes left empty; write lock held. */
  private void unindex(WorkflowRun run) {
    RunPosition key = RunPosition.of(run);
    removeFrom(byList, new ListScope(run.tenantId(), run.appId(), run.triggeredFrom()), key);
    removeFrom(byTenant, run.tenantId(), key);
    removeFrom(byApp, new AppScope(run.tenantId(), run.appId()), key);
    byTime.remove(key);
  }

  private static <S> void removeFrom(Map<S, NavigableMap<RunPosition, WorkflowRun>> indexes, S scope, RunPosition key) {
    NavigableMap<RunPosition, WorkflowRun> index = indexes.get(scope);
    if (index != null) {
      index.remove(key);
      if (index.isEmpty()) {
        indexes.remove(scope);
      }
    }
  }

  <T> T read(Supplier<T> work) {
    return locked(lock.readLock(), work);
  }

  <T> T write(Supplier<T> work) {
    return locked(lock.writeLock(), work);
  }

  private static <T> T locked(Lock held, Supplier<T> work) {
    held.lock();
    try {
      return work.get();
    } finally {
      held.unlock();
    }
  }
}
