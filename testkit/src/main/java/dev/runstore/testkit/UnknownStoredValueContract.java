package dev.runstore.testkit;

import static dev.runstore.testkit.TestRuns.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.PauseReason;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * For SQL backends (it writes rows behind the repository's back): a stored value that no enum
 * knows, in any enum column, is read as a {@link DataAccessException} whose message names the
 * column, the run id and the value; a page or batch that meets such a row is never silently
 * shortened; a {@code snippet} written by someone else (Dify 1.15) reads as
 * {@link WorkflowType#SNIPPET}.
 *
 * <p>A backend's contract test implements this interface next to
 * {@link WorkflowRunRepositoryContract}, giving {@link #storageForChecks()}; the hooks
 * {@link #setRunColumn} and {@link #setPauseReasonColumn} have portable defaults (override them if
 * the schema needs other SQL).
 */
public interface UnknownStoredValueContract extends RepositoryFixture {

  /** The storage under the repository, to write rows directly. */
  DataSource storageForChecks();

  /** Hook: sets {@code column} of the run {@code runId} to the raw text {@code value}. */
  default void setRunColumn(String runId, String column, String value) {
    assertThat(SqlChecks.update(storageForChecks(),
            "UPDATE workflow_runs SET " + column + " = ? WHERE id = " + SqlChecks.uuid(runId), value))
        .as("rows updated").isEqualTo(1);
  }

  /** Hook: sets {@code column} of every reason of the pause {@code pauseId} to the raw text {@code value}. */
  default void setPauseReasonColumn(String pauseId, String column, String value) {
    assertThat(SqlChecks.update(storageForChecks(),
            "UPDATE workflow_pause_reasons SET " + column + " = ? WHERE pause_id = " + SqlChecks.uuid(pauseId), value))
        .as("rows updated").isPositive();
  }

  private static void assertNamesTheValue(String what, Supplier<?> read, String column, String runId, String value) {
    Throwable thrown = catchThrowable(read::get);
    assertThat(thrown).as("%s with %s = '%s'", what, column, value).isInstanceOf(DataAccessException.class);
    assertThat(thrown.getMessage()).as("message of %s", what).contains(column).contains(runId).contains(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"type", "triggered_from", "status", "created_by_role"})
  default void unknownValueInAnEnumColumnFailsEveryReadThatMeetsIt(String column) {
    WorkflowRunRepository repo = repository();
    String tenant = newId();
    String app = newId();
    Instant t0 = TimeRangeSelection.privateWindow();
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      WorkflowRun run = TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, t0.plusSeconds(i));
      repo.save(run);
      runs.add(run);
    }
    WorkflowRun bad = runs.get(2);
    List<WorkflowRun> others = new ArrayList<>(runs);
    others.remove(bad);
    String value = "bogus-" + newId().substring(0, 8);
    setRunColumn(bad.id(), column, value);
    try {
      String id = bad.id();
      assertNamesTheValue("getWorkflowRunById", () -> repo.getWorkflowRunById(tenant, app, id), column, id, value);
      assertNamesTheValue("getWorkflowRunByIdAndTenantId", () -> repo.getWorkflowRunByIdAndTenantId(tenant, id),
          column, id, value);
      assertNamesTheValue("getWorkflowRunByIdWithoutTenant", () -> repo.getWorkflowRunByIdWithoutTenant(id),
          column, id, value);
      assertNamesTheValue("getExpiredRunsBatch", () -> repo.getExpiredRunsBatch(tenant, TestRuns.FAR_FUTURE, 10),
          column, id, value);
      assertNamesTheValue("getPaginatedWorkflowRuns(every trigger and status)",
          () -> repo.getPaginatedWorkflowRuns(RunListQuery.builder(tenant, app).limit(10).build()), column, id, value);
      TimeRangeBatchQuery window =
          TimeRangeBatchQuery.builder(t0.plusSeconds(10)).startFrom(t0).tenantIds(Set.of(tenant)).build();
      if (column.equals("triggered_from")) {
        // Not an app-run any more: the app-run listing rightly holds the four others.
        assertThat(repo.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, null).data())
            .containsExactlyElementsOf(TestRuns.sorted(others, TestRuns.NEWEST_FIRST));
      } else {
        assertNamesTheValue("getPaginatedWorkflowRuns", () -> repo.getPaginatedWorkflowRuns(
            tenant, app, TriggeredFrom.APP_RUN, 10, null), column, id, value);
      }
      if (column.equals("status")) {
        // An unknown status is not an ended one: the batch rightly holds the four others.
        assertThat(repo.getRunsBatchByTimeRange(window)).containsExactlyElementsOf(others);
        assertThat(repo.getCleanupRefsBatch(window, null))
            .containsExactlyElementsOf(others.stream().map(TimeRangeSelection::ref).toList());
      } else {
        assertNamesTheValue("getRunsBatchByTimeRange", () -> repo.getRunsBatchByTimeRange(window), column, id, value);
        // References carry no enum: the run is referenced like any other.
        assertThat(repo.getCleanupRefsBatch(window, null))
            .containsExactlyElementsOf(runs.stream().map(TimeRangeSelection::ref).toList());
      }
      if (column.equals("type")) {
        assertThat(repo.getRunsBatchByTimeRange(
                TimeRangeSelection.withRunTypes(window, Set.of(WorkflowType.WORKFLOW))))
            .as("a type filter leaves the unknown type out").containsExactlyElementsOf(others);
      }
      // Reads that do not meet the row are unaffected.
      assertThat(repo.getWorkflowRunById(tenant, app, runs.get(0).id())).contains(runs.get(0));
      assertThat(repo.getExpiredRunsBatch(tenant, TestRuns.FAR_FUTURE, 2)).containsExactly(runs.get(0), runs.get(1));
    } finally {
      assertThat(repo.deleteRunsByIds(tenant, List.of(bad.id()))).isEqualTo(1);
    }
  }

  /** A run saved as a snippet holds the text {@code snippet}; one written as {@code snippet} reads as SNIPPET. */
  @Test
  default void snippetWrittenBySomeoneElseIsReadAsSnippet() {
    WorkflowRunRepository repo = repository();
    String tenant = newId();
    String app = newId();
    WorkflowRun saved = TestRuns.run(tenant, app).type(WorkflowType.SNIPPET).build();
    repo.save(saved);
    assertThat(SqlChecks.rows(storageForChecks(), "SELECT type FROM workflow_runs WHERE id = " + SqlChecks.uuid(saved.id())))
        .extracting(row -> row.get("type")).containsExactly("snippet");

    WorkflowRun written = TestRuns.run(tenant, app).createdAt(TestRuns.BASE.plusSeconds(1)).build();
    repo.save(written);
    setRunColumn(written.id(), "type", "snippet");

    WorkflowRun expected = written.toBuilder().type(WorkflowType.SNIPPET).build();
    assertThat(repo.getWorkflowRunById(tenant, app, written.id())).contains(expected);
    assertThat(repo.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, null).data())
        .containsExactly(expected, saved);
  }

  /** An unknown pause reason type fails the pause's read, naming column, run and value. */
  @Test
  default void unknownPauseReasonTypeFailsThePauseRead() {
    WorkflowRunRepository repo = repository();
    WorkflowRun run = Pauses.savedRunning(repo);
    WorkflowPause pause = repo.createWorkflowPause(run.tenantId(), run.id(), newId(), Pauses.utf8("{}"),
        List.of(PauseReason.humanInputRequired(newId())));
    String value = "bogus_" + newId().substring(0, 8);
    setPauseReasonColumn(pause.id(), "type_", value);
    try {
      assertNamesTheValue("getWorkflowPause", () -> repo.getWorkflowPause(run.tenantId(), run.id()), "type_", run.id(),
          value);
    } finally {
      setPauseReasonColumn(pause.id(), "type_", "human_input_required");
    }
    assertThat(repo.getWorkflowPause(run.tenantId(), run.id())).contains(pause);
  }
}
