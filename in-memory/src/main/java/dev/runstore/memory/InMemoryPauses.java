package dev.runstore.memory;

import dev.runstore.api.PauseReason;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.spi.PauseStateStore;
import dev.runstore.store.NewPause;
import dev.runstore.store.PauseCreation;
import dev.runstore.store.PauseRef;
import dev.runstore.store.PauseResumption;
import dev.runstore.store.RelatedDeletion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The pause half of {@link InMemoryRunStore}: pauses and their reasons by id and by run, the
 * default state store, and runs with their related rows (pauses are the only related rows the
 * in-memory backend holds). Every method takes the store's lock, so a pause and its run change
 * together.
 */
final class InMemoryPauses {

  private final InMemoryRunStore store;
  private final boolean relatedTables;
  private final Map<String, StoredPause> pausesById = new HashMap<>();
  private final Map<String, String> pauseByRun = new HashMap<>();
  private final PauseStateStore states = new InMemoryPauseStateStore();

  /** The pauses of {@code store}; {@code relatedTables} false: runs are deleted and counted without them. */
  InMemoryPauses(InMemoryRunStore store, boolean relatedTables) {
    this.store = store;
    this.relatedTables = relatedTables;
  }


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

  PauseStateStore defaultPauseStateStore() {
    return states;
  }

  PauseCreation createPause(NewPause pause) {
    return store.write(() -> {
      WorkflowRun run = store.inTenant(pause.tenantId(), pause.runId());
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
      store.replace(run.toBuilder().status(WorkflowRunStatus.PAUSED).build());
      return new PauseCreation(stored.as(run.tenantId()), run.status(), replaced == null ? null : replaced.stateKey());
    });
  }

  Optional<WorkflowPause> findPause(String tenantId, String runId) {
    return store.read(() -> {
      String pauseId = store.inTenant(tenantId, runId) == null ? null : pauseByRun.get(runId);
      StoredPause pause = pauseId == null ? null : pausesById.get(pauseId);
      return Optional.ofNullable(pause == null ? null : pause.as(tenantId));
    });
  }

  Optional<PauseRef> findPauseById(String tenantId, String pauseId) {
    return store.read(() -> {
      StoredPause pause = pausesById.get(pauseId);
      return pause == null || store.inTenant(tenantId, pause.runId()) == null
          ? Optional.<PauseRef>empty()
          : Optional.of(new PauseRef(pause.id(), pause.runId(), pause.stateKey()));
    });
  }

  PauseResumption resumePause(String tenantId, String runId, String pauseId, Instant now) {
    return store.write(() -> {
      WorkflowRun run = store.inTenant(tenantId, runId);
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
      store.replace(run.toBuilder().status(WorkflowRunStatus.RUNNING).build());
      return new PauseResumption(PauseResumption.Outcome.RESUMED, run.status(), resumed.as(tenantId));
    });
  }

  boolean deletePauseRows(String pauseId) {
    return store.write(() -> removePause(pauseId) != null);
  }

  /** Removes the pause with this id, if any; write lock held. */
  private @Nullable StoredPause removePause(@Nullable String pauseId) {
    StoredPause pause = pauseId == null ? null : pausesById.remove(pauseId);
    if (pause != null) {
      pauseByRun.remove(pause.runId(), pause.id());
    }
    return pause;
  }

  List<PauseRef> prunablePauses(@Nullable Instant createdBefore, @Nullable Instant resumedBefore, int limit) {
    return store.read(() -> pausesById.values().stream()
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
      String pauseId = store.inTenant(tenantId, runId) == null ? null : pauseByRun.get(runId);
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

  RelatedCounts countWithRelated(String tenantId, List<String> runIds) {
    return store.read(() -> counts(runIds.stream().filter(id -> store.inTenant(tenantId, id) != null).count(), pausesOf(tenantId, runIds)));
  }

  RelatedDeletion deleteWithRelated(String tenantId, List<String> runIds) {
    return store.write(() -> {
      List<StoredPause> pauses = pausesOf(tenantId, runIds);
      pauses.forEach(p -> removePause(p.id()));
      long runs = 0;
      for (String id : runIds) {
        WorkflowRun run = store.inTenant(tenantId, id);
        if (run != null) {
          store.remove(run);
          runs++;
        }
      }
      return new RelatedDeletion(counts(runs, pauses), pauses.stream().map(StoredPause::stateKey).toList());
    });
  }

  RelatedRows readRelated(String tenantId, List<String> runIds) {
    return store.read(() -> {
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

  RelatedCounts restoreRelated(String tenantId, RelatedRows rows) {
    for (RelatedRows.Table table : rows.tables()) {
      if (!table.name().equals("workflow_pauses") && !table.name().equals("workflow_pause_reasons") && !table.rows().isEmpty()) {
        throw new IllegalArgumentException("the in-memory backend holds no " + table.name() + " rows");
      }
    }
    return store.write(() -> {
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
          if (store.inTenant(tenantId, runId) == null) {
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
}
