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
  private final Map<String, StoredPause> pausesById = new HashMap<>();
  private final Map<String, String> pauseByRun = new HashMap<>();
  private final PauseStateStore states = new InMemoryPauseStateStore();
  private final boolean relatedTables;

  /** A store; {@code relatedTables} false: runs are deleted and counted without their pauses. */
  InMemoryRunStore(boolean relatedTables) {
    this.relatedTables = relatedTables;
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
  private void replace(WorkflowRun run) {
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
  private @Nullable WorkflowRun inTenant(String tenantId, String runId) {
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

  // ---------------------------------------------------------------- pauses

  /** A stored pause; its tenant is its run's. */
  private record StoredPause(
      String id, String workflowId, String runId, String stateKey, @Nullable Instant resumedAt, Instant createdAt,
      Instant updatedAt, List<StoredReason> reasons) {

    WorkflowPause as(String tenantId) {
      return new WorkflowPause(id, tenantId, workflowId, runId, stateKey, resumedAt, createdAt,
          reasons.stream().map(StoredReason::reason).toList());
    }

    StoredPause resumed(Instant now) {
      return new StoredPause(id, workflowId, runId, stateKey, now, createdAt, now, reasons);
    }
  }

  /** A reason row: Dify's columns beyond the reason itself, kept so that a backup restores it exactly. */
  private record StoredReason(String id, Instant createdAt, Instant updatedAt, PauseReason reason) {}

  @Override
  public PauseStateStore defaultPauseStateStore() {
    return states;
  }

  @Override
  public PauseCreation createPause(NewPause pause) {
    return write(() -> {
      WorkflowRun run = inTenant(pause.tenantId(), pause.runId());
      if (run == null) {
        return PauseCreation.noRun();
      }
      if (run.status() != WorkflowRunStatus.RUNNING && run.status() != WorkflowRunStatus.PAUSED) {
        return PauseCreation.notPausable(run.status());
      }
      StoredPause replaced = removePause(pauseByRun.get(run.id()));
      List<StoredReason> reasons = new ArrayList<>(pause.reasons().size());
      for (int i = 0; i < pause.reasons().size(); i++) {
        reasons.add(new StoredReason(pause.reasonIds().get(i), pause.createdAt(), pause.createdAt(), pause.reasons().get(i)));
      }
      StoredPause stored = new StoredPause(pause.pauseId(), run.workflowId(), run.id(), pause.stateObjectKey(),
          null, pause.createdAt(), pause.createdAt(), List.copyOf(reasons));
      pausesById.put(stored.id(), stored);
      pauseByRun.put(run.id(), stored.id());
      replace(run.toBuilder().status(WorkflowRunStatus.PAUSED).build());
      return new PauseCreation(stored.as(run.tenantId()), run.status(), replaced == null ? null : replaced.stateKey());
    });
  }

  @Override
  public Optional<WorkflowPause> findPause(String tenantId, String runId) {
    return read(() -> {
      String pauseId = inTenant(tenantId, runId) == null ? null : pauseByRun.get(runId);
      StoredPause pause = pauseId == null ? null : pausesById.get(pauseId);
      return Optional.ofNullable(pause == null ? null : pause.as(tenantId));
    });
  }

  @Override
  public Optional<PauseRef> findPauseById(String tenantId, String pauseId) {
    return read(() -> {
      StoredPause pause = pausesById.get(pauseId);
      return pause == null || inTenant(tenantId, pause.runId()) == null
          ? Optional.<PauseRef>empty()
          : Optional.of(new PauseRef(pause.id(), pause.runId(), pause.stateKey()));
    });
  }

  @Override
  public PauseResumption resumePause(String tenantId, String runId, String pauseId, Instant now) {
    return write(() -> {
      WorkflowRun run = inTenant(tenantId, runId);
      if (run == null) {
        return new PauseResumption(PauseResumption.Outcome.NO_RUN, null, null);
      }
      String currentId = pauseByRun.get(runId);
      StoredPause current = currentId == null ? null : pausesById.get(currentId);
      WorkflowPause shown = current == null ? null : current.as(tenantId);
      if (run.status() != WorkflowRunStatus.PAUSED) {
        return new PauseResumption(PauseResumption.Outcome.RUN_NOT_PAUSED, run.status(), shown);
      }
      if (current == null) {
        return new PauseResumption(PauseResumption.Outcome.NO_PAUSE, run.status(), null);
      }
      if (!current.id().equals(pauseId)) {
        return new PauseResumption(PauseResumption.Outcome.OTHER_PAUSE, run.status(), shown);
      }
      if (current.resumedAt() != null) {
        return new PauseResumption(PauseResumption.Outcome.ALREADY_RESUMED, run.status(), shown);
      }
      StoredPause resumed = current.resumed(now);
      pausesById.put(resumed.id(), resumed);
      replace(run.toBuilder().status(WorkflowRunStatus.RUNNING).build());
      return new PauseResumption(PauseResumption.Outcome.RESUMED, run.status(), resumed.as(tenantId));
    });
  }

  @Override
  public boolean deletePauseRows(String pauseId) {
    return write(() -> removePause(pauseId) != null);
  }

  /** Removes the pause with this id, if any; write lock held. */
  private @Nullable StoredPause removePause(@Nullable String pauseId) {
    StoredPause pause = pauseId == null ? null : pausesById.remove(pauseId);
    if (pause != null) {
      pauseByRun.remove(pause.runId(), pause.id());
    }
    return pause;
  }

  @Override
  public List<PauseRef> prunablePauses(@Nullable Instant createdBefore, @Nullable Instant resumedBefore, int limit) {
    return read(() -> pausesById.values().stream()
        .filter(p -> (createdBefore != null && p.createdAt().isBefore(createdBefore))
            || (resumedBefore != null && p.resumedAt() != null && p.resumedAt().isBefore(resumedBefore)))
        .sorted(java.util.Comparator.comparing(StoredPause::createdAt).thenComparing(StoredPause::id))
        .limit(limit)
        .map(p -> new PauseRef(p.id(), p.runId(), p.stateKey()))
        .toList());
  }

  // ---------------------------------------------------------------- runs with related rows (pauses here)

  private static final List<RelatedRows.Column> PAUSE_COLUMNS = List.of(
      new RelatedRows.Column("id", RelatedRows.ColumnType.UUID),
      new RelatedRows.Column("workflow_id", RelatedRows.ColumnType.UUID),
      new RelatedRows.Column("workflow_run_id", RelatedRows.ColumnType.UUID),
      new RelatedRows.Column("resumed_at", RelatedRows.ColumnType.TIMESTAMP),
      new RelatedRows.Column("state_object_key", RelatedRows.ColumnType.TEXT),
      new RelatedRows.Column("created_at", RelatedRows.ColumnType.TIMESTAMP),
      new RelatedRows.Column("updated_at", RelatedRows.ColumnType.TIMESTAMP));

  private static final List<RelatedRows.Column> REASON_COLUMNS = List.of(
      new RelatedRows.Column("id", RelatedRows.ColumnType.UUID),
      new RelatedRows.Column("created_at", RelatedRows.ColumnType.TIMESTAMP),
      new RelatedRows.Column("updated_at", RelatedRows.ColumnType.TIMESTAMP),
      new RelatedRows.Column("pause_id", RelatedRows.ColumnType.UUID),
      new RelatedRows.Column("type_", RelatedRows.ColumnType.TEXT),
      new RelatedRows.Column("form_id", RelatedRows.ColumnType.TEXT),
      new RelatedRows.Column("node_id", RelatedRows.ColumnType.TEXT),
      new RelatedRows.Column("message", RelatedRows.ColumnType.TEXT));

  /** The pauses of these runs of the tenant (none when related tables are off); lock held. */
  private List<StoredPause> pausesOf(String tenantId, List<String> runIds) {
    List<StoredPause> pauses = new ArrayList<>();
    if (!relatedTables) {
      return pauses;
    }
    for (String runId : runIds) {
      String pauseId = inTenant(tenantId, runId) == null ? null : pauseByRun.get(runId);
      StoredPause pause = pauseId == null ? null : pausesById.get(pauseId);
      if (pause != null) {
        pauses.add(pause);
      }
    }
    return pauses;
  }

  private static RelatedCounts counts(long runs, List<StoredPause> pauses) {
    return new RelatedCounts(runs, 0, 0, 0, 0, pauses.size(), pauses.stream().mapToLong(p -> p.reasons().size()).sum());
  }

  @Override
  public RelatedCounts countWithRelated(String tenantId, List<String> runIds) {
    return read(() -> counts(runIds.stream().filter(id -> inTenant(tenantId, id) != null).count(), pausesOf(tenantId, runIds)));
  }

  @Override
  public RelatedDeletion deleteWithRelated(String tenantId, List<String> runIds) {
    return write(() -> {
      List<StoredPause> pauses = pausesOf(tenantId, runIds);
      pauses.forEach(p -> removePause(p.id()));
      long runs = 0;
      for (String id : runIds) {
        WorkflowRun run = inTenant(tenantId, id);
        if (run != null) {
          remove(run);
          runs++;
        }
      }
      return new RelatedDeletion(counts(runs, pauses), pauses.stream().map(StoredPause::stateKey).toList());
    });
  }

  @Override
  public RelatedRows readRelated(String tenantId, List<String> runIds) {
    return read(() -> {
      List<StoredPause> pauses = pausesOf(tenantId, runIds);
      if (pauses.isEmpty()) {
        return RelatedRows.NONE;
      }
      List<List<@Nullable Object>> pauseRows = new ArrayList<>();
      List<List<@Nullable Object>> reasonRows = new ArrayList<>();
      for (StoredPause p : pauses) {
        pauseRows.add(java.util.Arrays.asList(
            p.id(), p.workflowId(), p.runId(), p.resumedAt(), p.stateKey(), p.createdAt(), p.updatedAt()));
        for (StoredReason r : p.reasons()) {
          reasonRows.add(java.util.Arrays.asList(r.id(), r.createdAt(), r.updatedAt(), p.id(), r.reason().type().value(),
              r.reason().formId(), r.reason().nodeId(), r.reason().message()));
        }
      }
      List<RelatedRows.Table> tables = new ArrayList<>();
      tables.add(new RelatedRows.Table("workflow_pauses", PAUSE_COLUMNS, pauseRows));
      if (!reasonRows.isEmpty()) {
        tables.add(new RelatedRows.Table("workflow_pause_reasons", REASON_COLUMNS, reasonRows));
      }
      return new RelatedRows(tables, Map.of());
    });
  }

  @Override
  public RelatedCounts restoreRelated(String tenantId, RelatedRows rows) {
    for (RelatedRows.Table table : rows.tables()) {
      if (!table.name().equals("workflow_pauses") && !table.name().equals("workflow_pause_reasons") && !table.rows().isEmpty()) {
        throw new IllegalArgumentException("the in-memory backend holds no " + table.name() + " rows");
      }
    }
    return write(() -> {
      RelatedRows.Table pauseTable = rows.table("workflow_pauses");
      RelatedRows.Table reasonTable = rows.table("workflow_pause_reasons");
      Map<String, List<StoredReason>> reasonsByPause = new HashMap<>();
      if (reasonTable != null) {
        for (List<@Nullable Object> r : reasonTable.rows()) {
          reasonsByPause.computeIfAbsent(text(reasonTable, r, "pause_id"), k -> new ArrayList<>())
              .add(new StoredReason(text(reasonTable, r, "id"), instant(reasonTable, r, "created_at"),
                  instant(reasonTable, r, "updated_at"), new PauseReason(
                      dev.runstore.api.PauseReasonType.fromValue(text(reasonTable, r, "type_")),
                      text(reasonTable, r, "form_id"), text(reasonTable, r, "node_id"), text(reasonTable, r, "message"))));
        }
      }
      long pauses = 0;
      long reasons = 0;
      if (pauseTable != null) {
        for (List<@Nullable Object> p : pauseTable.rows()) {
          String runId = text(pauseTable, p, "workflow_run_id");
          if (inTenant(tenantId, runId) == null) {
            throw new IllegalArgumentException("pause row of run " + runId + ", which is not a run of tenant " + tenantId);
          }
          String id = text(pauseTable, p, "id");
          if (pausesById.containsKey(id) || pauseByRun.containsKey(runId)) {
            continue; // present already: left as it is
          }
          List<StoredReason> ownReasons = new ArrayList<>(reasonsByPause.getOrDefault(id, List.of()));
          ownReasons.sort(java.util.Comparator.comparing(StoredReason::id));
          Object resumed = p.get(dev.runstore.store.RelatedRowsMerger.column(pauseTable, "resumed_at"));
          StoredPause pause = new StoredPause(id, text(pauseTable, p, "workflow_id"), runId,
              text(pauseTable, p, "state_object_key"), resumed == null ? null : (Instant) resumed,
              instant(pauseTable, p, "created_at"), instant(pauseTable, p, "updated_at"), List.copyOf(ownReasons));
          pausesById.put(id, pause);
          pauseByRun.put(runId, id);
          pauses++;
          reasons += ownReasons.size();
        }
      }
      return new RelatedCounts(0, 0, 0, 0, 0, pauses, reasons);
    });
  }

  private static String text(RelatedRows.Table table, List<@Nullable Object> row, String column) {
    Object value = row.get(dev.runstore.store.RelatedRowsMerger.column(table, column));
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException(table.name() + "." + column + " must be text, was " + value);
    }
    return s;
  }

  private static Instant instant(RelatedRows.Table table, List<@Nullable Object> row, String column) {
    Object value = row.get(dev.runstore.store.RelatedRowsMerger.column(table, column));
    if (!(value instanceof Instant i)) {
      throw new IllegalArgumentException(table.name() + "." + column + " must be a timestamp, was " + value);
    }
    return i;
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

  private void remove(WorkflowRun run) {
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

  private <T> T read(Supplier<T> work) {
    return locked(lock.readLock(), work);
  }

  private <T> T write(Supplier<T> work) {
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
