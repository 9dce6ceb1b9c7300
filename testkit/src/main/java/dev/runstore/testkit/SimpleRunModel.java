package dev.runstore.testkit;

import dev.runstore.api.ExecutionContext;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.InvalidCursorException;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecution;
import dev.runstore.api.WorkflowRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The v1 semantics of API.md written in the most obvious way: one plain list, linear scans, a
 * full sort per query. It deliberately shares no code with any backend (not even the argument
 * checks of {@code dev.runstore.api.Checks}), so that a backend and this model agreeing on
 * thousands of random operations means something. Not thread-safe; not fast; tests only.
 */
public final class SimpleRunModel {

  /** Newest first, as listings are ordered: {@code (createdAt DESC, id DESC)}. */
  private static final Comparator<WorkflowRun> NEWEST_FIRST =
      Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id).reversed();

  /** Oldest first, as expired batches are ordered: {@code (createdAt, id)}. */
  private static final Comparator<WorkflowRun> OLDEST_FIRST =
      Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id);

  private final List<WorkflowRun> runs = new ArrayList<>();

  /** An empty model. */
  public SimpleRunModel() {}

  /** Every run of the model, in insertion order (a copy). */
  public List<WorkflowRun> all() {
    return List.copyOf(runs);
  }

  /** The stored run with this exact id, ignoring tenant and app, or null. */
  public @Nullable WorkflowRun find(String id) {
    for (WorkflowRun run : runs) {
      if (run.id().equals(id)) {
        return run;
      }
    }
    return null;
  }

  /**
   * {@code WorkflowRunRepository.save}: insert, or replace the run with the same id when it
   * belongs to the same tenant and app.
   *
   * @throws IllegalArgumentException when {@code run} is null or the id belongs to another tenant
   *     or app (nothing changes)
   */
  public void save(@Nullable WorkflowRun run) {
    if (run == null) {
      throw new IllegalArgumentException("run must not be null");
    }
    for (int i = 0; i < runs.size(); i++) {
      WorkflowRun stored = runs.get(i);
      if (stored.id().equals(run.id())) {
        if (!stored.tenantId().equals(run.tenantId()) || !stored.appId().equals(run.appId())) {
          throw new IllegalArgumentException("run " + run.id() + " belongs to another tenant or app");
        }
        runs.set(i, run);
        return;
      }
    }
    runs.add(run);
  }

  /**
   * {@code executions(context).save(execution)}: the run API.md maps the execution to, saved as
   * {@link #save} does, except that an existing row keeps its stored {@code createdAt} (v1.2).
   */
  public void saveExecution(@Nullable ExecutionContext context, @Nullable WorkflowExecution execution) {
    if (context == null) {
      throw new IllegalArgumentException("context must not be null");
    }
    if (execution == null) {
      throw new IllegalArgumentException("execution must not be null");
    }
    WorkflowRun run = toRun(context, execution);
    WorkflowRun stored = find(run.id());
    if (stored != null && stored.tenantId().equals(run.tenantId()) && stored.appId().equals(run.appId())) {
      run = run.toBuilder().createdAt(stored.createdAt()).build();
    }
    save(run);
  }

  /** The row API.md says {@code executions(context).save(execution)} writes. */
  public static WorkflowRun toRun(ExecutionContext context, WorkflowExecution execution) {
    return WorkflowRun.builder()
        .id(execution.id())
        .tenantId(context.tenantId())
        .appId(context.appId())
        .workflowId(execution.workflowId())
        .type(execution.workflowType())
        .triggeredFrom(context.triggeredFrom())
        .version(execution.workflowVersion())
        .graph(execution.graph())
        .inputs(execution.inputs())
        .status(execution.status())
        .outputs(execution.outputs())
        .error(execution.errorMessage().isEmpty() ? null : execution.errorMessage())
        .elapsedTime(execution.elapsedTime())
        .totalTokens(execution.totalTokens())
        .totalSteps(execution.totalSteps())
        .createdByRole(context.createdByRole())
        .createdBy(context.createdBy())
        .createdAt(execution.startedAt())
        .finishedAt(execution.finishedAt())
        .exceptionsCount(execution.exceptionsCount())
        .build();
  }

  /** {@code getPaginatedWorkflowRuns}, by filtering, sorting and scanning the whole list. */
  public InfiniteScrollPagination<WorkflowRun> page(
      @Nullable String tenantId,
      @Nullable String appId,
      @Nullable TriggeredFrom triggeredFrom,
      int limit,
      @Nullable String lastId) {
    requireId(tenantId, "tenantId");
    requireId(appId, "appId");
    if (triggeredFrom == null) {
      throw new IllegalArgumentException("triggeredFrom must not be null");
    }
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be between 1 and 1000");
    }
    List<WorkflowRun> listing = new ArrayList<>();
    for (WorkflowRun run : runs) {
      if (run.tenantId().equals(tenantId) && run.appId().equals(appId) && run.triggeredFrom() == triggeredFrom) {
        listing.add(run);
      }
    }
    listing.sort(NEWEST_FIRST);
    int start = 0;
    if (lastId != null) {
      int at = -1;
      for (int i = 0; i < listing.size(); i++) {
        if (listing.get(i).id().equals(lastId)) {
          at = i;
        }
      }
      if (at < 0) {
        throw new InvalidCursorException("lastId is not a run of this listing: " + lastId);
      }
      start = at + 1;
    }
    int end = Math.min(listing.size(), start + limit);
    boolean hasMore = end < listing.size();
    // v1.1: a page that has more carries the token of its last run's position.
    String next = hasMore
        ? dev.runstore.api.RunPosition.of(listing.get(end - 1)).toCursor()
        : null;
    return new InfiniteScrollPagination<>(listing.subList(start, end), limit, hasMore, next);
  }

  /** {@code getWorkflowRunById}: a scan for the id within the tenant and app. */
  public Optional<WorkflowRun> get(@Nullable String tenantId, @Nullable String appId, String runId) {
    requireId(tenantId, "tenantId");
    requireId(appId, "appId");
    for (WorkflowRun run : runs) {
      if (run.id().equals(runId) && run.tenantId().equals(tenantId) && run.appId().equals(appId)) {
        return Optional.of(run);
      }
    }
    return Optional.empty();
  }

  /** {@code getExpiredRunsBatch}: the tenant's runs before the date, oldest first, at most batchSize. */
  public List<WorkflowRun> expired(@Nullable String tenantId, @Nullable Instant beforeDate, int batchSize) {
    requireId(tenantId, "tenantId");
    if (beforeDate == null) {
      throw new IllegalArgumentException("beforeDate must not be null");
    }
    requireBatchSize(batchSize);
    List<WorkflowRun> result = new ArrayList<>();
    for (WorkflowRun run : runs) {
      if (run.tenantId().equals(tenantId) && run.createdAt().isBefore(beforeDate)) {
        result.add(run);
      }
    }
    result.sort(OLDEST_FIRST);
    return List.copyOf(result.subList(0, Math.min(batchSize, result.size())));
  }

  /** {@code deleteRunsByIds}: removes every run whose id is in the collection; the count removed. */
  public int deleteByIds(@Nullable Collection<String> runIds) {
    if (runIds == null) {
      throw new IllegalArgumentException("runIds must not be null");
    }
    Set<String> ids = new HashSet<>(runIds);
    int before = runs.size();
    runs.removeIf(run -> ids.contains(run.id()));
    return before - runs.size();
  }

  /** {@code deleteRunsByApp}: removes every run of the app; the count removed. */
  public int deleteByApp(@Nullable String tenantId, @Nullable String appId, int batchSize) {
    requireId(tenantId, "tenantId");
    requireId(appId, "appId");
    requireBatchSize(batchSize);
    int before = runs.size();
    runs.removeIf(run -> run.tenantId().equals(tenantId) && run.appId().equals(appId));
    return before - runs.size();
  }

  private static void requireId(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be null or blank");
    }
  }

  private static void requireBatchSize(int batchSize) {
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("batchSize must be between 1 and 10000");
    }
  }
}
