package dev.runstore.example;

import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /apps/{appId}/workflow-runs?limit=20&cursor=...&status=failed&trigger=app-run},
 * newest first, with the tenant from the {@code X-Tenant-Id} header (a real console takes it from
 * the signed-in account). The response carries {@code next_cursor}: the client sends it back as
 * {@code cursor} for the next page; it keeps working even if the last run shown is deleted.
 */
@RestController
public class RunsController {

  private final WorkflowRunRepository runs;

  /** Serves runs from {@code runs} (the starter's bean). */
  public RunsController(WorkflowRunRepository runs) {
    this.runs = runs;
  }

  /** One page of the app's runs. */
  @GetMapping("/apps/{appId}/workflow-runs")
  public RunPage list(
      @RequestHeader("X-Tenant-Id") String tenantId,
      @PathVariable("appId") String appId,
      @RequestParam(name = "limit", defaultValue = "20") int limit,
      @RequestParam(name = "cursor", required = false) @Nullable String cursor,
      @RequestParam(name = "status", required = false) @Nullable String status,
      @RequestParam(name = "trigger", required = false) @Nullable List<String> trigger) {
    RunListQuery.Builder query = RunListQuery.builder(tenantId, appId).limit(limit).cursor(cursor);
    if (status != null) {
      query.status(WorkflowRunStatus.fromValue(status));
    }
    if (trigger != null) {
      query.triggeredFrom(trigger.stream().map(TriggeredFrom::fromValue).collect(java.util.stream.Collectors.toSet()));
    }
    InfiniteScrollPagination<WorkflowRun> page = runs.getPaginatedWorkflowRuns(query.build());
    return new RunPage(page.data().stream().map(RunSummary::of).toList(), page.limit(), page.hasMore(), page.nextCursor());
  }

  /** Bad input (an unknown status, a tampered cursor, a limit out of range): 400 with the reason. */
  @ExceptionHandler(IllegalArgumentException.class)
  public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", String.valueOf(e.getMessage())));
  }

  /**
   * A page as the console shows it.
   *
   * @param data the runs, newest first
   * @param limit the page size asked for
   * @param has_more whether another page follows
   * @param next_cursor the token for the next page, null on the last page
   */
  public record RunPage(List<RunSummary> data, int limit, boolean has_more, @Nullable String next_cursor) {}

  /**
   * One row of the list: no graph, inputs or outputs (a detail view fetches those).
   *
   * @param id the run id
   * @param workflow_id the workflow
   * @param version the workflow version
   * @param status stored status value
   * @param triggered_from stored trigger value
   * @param created_at creation time (UTC)
   * @param finished_at end time, null while running
   * @param elapsed_time seconds
   * @param total_tokens tokens used
   * @param error the error message, if failed
   */
  public record RunSummary(
      String id,
      String workflow_id,
      String version,
      String status,
      String triggered_from,
      Instant created_at,
      @Nullable Instant finished_at,
      double elapsed_time,
      long total_tokens,
      @Nullable String error) {

    static RunSummary of(WorkflowRun run) {
      return new RunSummary(run.id(), run.workflowId(), run.version(), run.status().value(),
          run.triggeredFrom().value(), run.createdAt(), run.finishedAt(), run.elapsedTime(), run.totalTokens(),
          run.error());
    }
  }
}
