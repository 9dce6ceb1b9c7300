package dev.runstore.testkit;

import static dev.runstore.testkit.SqlChecks.uuid;
import static dev.runstore.testkit.TestRuns.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.runstore.api.PauseReason;
import dev.runstore.api.PauseReasonType;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * For SQL backends: pauses live in Dify's tables ({@code workflow_pauses}, {@code
 * workflow_pause_reasons}, columns as DIFY-TABLES.md §7-8) and their states in runstore's own
 * {@code workflow_pause_states(key, state)} in the same database (the default store). Checks the
 * rows directly: what create writes (times as UTC wall-clock), that resume keeps them, that
 * replace, delete and prune remove the pause, its reasons (which Dify leaves behind) and its
 * state, and that a pause Dify wrote is read, resumed and deleted.
 *
 * <p>A backend's contract test implements this interface next to
 * {@link WorkflowRunRepositoryContract}, giving {@link #storageForChecks()}.
 */
public interface PauseTablesContract extends RepositoryFixture {

  /** The storage under the repository, to read and write rows directly. */
  DataSource storageForChecks();

  private List<Map<String, @Nullable Object>> pauseRows(String runId) {
    return SqlChecks.rows(storageForChecks(), "SELECT id, workflow_id, workflow_run_id, resumed_at, state_object_key,"
        + " created_at, updated_at FROM workflow_pauses WHERE workflow_run_id = " + uuid(runId));
  }

  private List<Map<String, @Nullable Object>> reasonRows(String pauseId) {
    return SqlChecks.rows(storageForChecks(), "SELECT id, created_at, updated_at, pause_id, type_, form_id, node_id,"
        + " message FROM workflow_pause_reasons WHERE pause_id = " + uuid(pauseId));
  }

  /** The stored state of {@code key}, or null; read without naming the (reserved-word) key column. */
  private byte @Nullable [] storedState(String key) {
    List<Map<String, @Nullable Object>> rows = SqlChecks.rows(storageForChecks(), "SELECT * FROM workflow_pause_states");
    byte[] found = null;
    for (Map<String, @Nullable Object> row : rows) {
      assertThat(row).as("columns of workflow_pause_states").containsKeys("key", "state");
      if (key.equals(row.get("key"))) {
        assertThat(found).as("one state row per key").isNull();
        found = (byte[]) row.get("state");
      }
    }
    return found;
  }

  private void assertNoRowsOf(WorkflowPause pause) {
    assertThat(SqlChecks.count(storageForChecks(), "SELECT COUNT(*) FROM workflow_pauses WHERE id = " + uuid(pause.id())))
        .as("pause row of %s", pause.id()).isZero();
    assertThat(reasonRows(pause.id())).as("reason rows of %s", pause.id()).isEmpty();
    assertThat(storedState(pause.stateObjectKey())).as("state row of %s", pause.id()).isNull();
  }

  private static Instant utc(@Nullable Object column) {
    assertThat(column).isNotNull();
    return LocalDateTime.parse(String.valueOf(column).trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
  }

  @Test
  default void createWritesDifyRowsAndTheStateRow() {
    WorkflowRun run = Pauses.savedRunning(repository());
    String formId = newId();
    List<PauseReason> reasons = List.of(
        new PauseReason(PauseReasonType.HUMAN_INPUT_REQUIRED, formId, "node-1", ""),
        PauseReason.scheduledPause("at night"));
    byte[] state = new byte[3000];
    new Random(1).nextBytes(state);

    WorkflowPause pause = repository().createWorkflowPause(run.tenantId(), run.id(), newId(), state, reasons);

    List<Map<String, @Nullable Object>> rows = pauseRows(run.id());
    assertThat(rows).hasSize(1);
    Map<String, @Nullable Object> row = rows.get(0);
    assertThat(row.get("id")).isEqualTo(pause.id());
    assertThat(row.get("workflow_id")).isEqualTo(run.workflowId());
    assertThat(row.get("workflow_run_id")).isEqualTo(run.id());
    assertThat(row.get("resumed_at")).isNull();
    assertThat(row.get("state_object_key")).isEqualTo(pause.stateObjectKey());
    assertThat(utc(row.get("created_at"))).as("created_at holds UTC wall-clock time").isEqualTo(pause.createdAt());
    assertThat(row.get("updated_at")).isNotNull();
    assertThat(reasonRows(pause.id()))
        .extracting(r -> r.get("type_"), r -> r.get("form_id"), r -> r.get("node_id"), r -> r.get("message"))
        .containsExactlyInAnyOrder(
            tuple("human_input_required", formId, "node-1", ""), tuple("scheduled_pause", "", "", "at night"));
    assertThat(reasonRows(pause.id())).allSatisfy(r -> {
      assertThat(r.get("id")).isNotNull();
      assertThat(r.get("created_at")).isNotNull();
      assertThat(r.get("updated_at")).isNotNull();
    });
    assertThat(storedState(pause.stateObjectKey())).isEqualTo(state);
  }

  @Test
  default void resumeSetsResumedAtAndKeepsTheRows() {
    WorkflowRun run = Pauses.savedRunning(repository());
    WorkflowPause pause = repository().createWorkflowPause(run.tenantId(), run.id(), newId(), Pauses.utf8("{}"),
        List.of(PauseReason.scheduledPause("s")));

    WorkflowPause resumed = repository().resumeWorkflowPause(run.tenantId(), run.id(), pause.id());

    List<Map<String, @Nullable Object>> rows = pauseRows(run.id());
    assertThat(rows).hasSize(1);
    assertThat(utc(rows.get(0).get("resumed_at"))).isEqualTo(resumed.resumedAt());
    assertThat(reasonRows(pause.id())).hasSize(1);
    assertThat(storedState(pause.stateObjectKey())).isEqualTo(Pauses.utf8("{}"));
    assertThat(SqlChecks.rows(storageForChecks(), "SELECT status FROM workflow_runs WHERE id = " + uuid(run.id())))
        .extracting(r -> r.get("status")).containsExactly("running");
  }

  /** Replace, delete and prune remove the pause row, its reason rows and its state row. */
  @Test
  default void replaceDeleteAndPruneLeaveNoRowsBehind() {
    WorkflowRunRepository repo = repository();
    Pauses.drain(repo);
    WorkflowRun run = Pauses.savedRunning(repo);
    List<PauseReason> two = List.of(PauseReason.scheduledPause("a"), PauseReason.humanInputRequired(newId()));
    WorkflowPause first = repo.createWorkflowPause(run.tenantId(), run.id(), newId(), Pauses.utf8("{\"n\":1}"), two);
    WorkflowPause second = repo.createWorkflowPause(run.tenantId(), run.id(), newId(), Pauses.utf8("{\"n\":2}"), two);
    assertNoRowsOf(first);
    assertThat(pauseRows(run.id())).hasSize(1);
    assertThat(reasonRows(second.id())).hasSize(2);

    repo.deleteWorkflowPause(run.tenantId(), second.id());
    assertNoRowsOf(second);

    WorkflowPause third = repo.createWorkflowPause(run.tenantId(), run.id(), newId(), Pauses.utf8("{\"n\":3}"), two);
    assertThat(repo.pruneWorkflowPauses(Pauses.justAfter(third.createdAt()), Pauses.FAR_PAST, 10))
        .containsExactly(third.id());
    assertNoRowsOf(third);
    assertThat(pauseRows(run.id())).isEmpty();
  }

  /**
   * A pause Dify wrote (its columns only, whole-second times, the state in Dify's object storage,
   * not here) is read, resumed and deleted; its missing state is an IllegalStateException.
   */
  @Test
  default void pauseWrittenByDifyIsReadResumedAndDeleted() {
    WorkflowRunRepository repo = repository();
    WorkflowRun run = Pauses.running(newId(), newId()).status(WorkflowRunStatus.PAUSED).build();
    repo.save(run);
    String pauseId = newId();
    String formId = newId();
    String key = "workflow-state-" + newId() + ".json";
    String at = "'2025-06-01 12:00:00'";
    SqlChecks.update(storageForChecks(), "INSERT INTO workflow_pauses (id, workflow_id, workflow_run_id, resumed_at,"
        + " state_object_key, created_at, updated_at) VALUES (" + uuid(pauseId) + ", " + uuid(run.workflowId()) + ", "
        + uuid(run.id()) + ", NULL, ?, " + at + ", " + at + ")", key);
    SqlChecks.update(storageForChecks(), "INSERT INTO workflow_pause_reasons (id, created_at, updated_at, pause_id,"
        + " type_, form_id, node_id, message) VALUES (" + uuid(newId()) + ", " + at + ", " + at + ", " + uuid(pauseId)
        + ", 'human_input_required', ?, '', '')", formId);

    WorkflowPause expected = new WorkflowPause(pauseId, run.tenantId(), run.workflowId(), run.id(), key, null,
        Instant.parse("2025-06-01T12:00:00Z"), List.of(PauseReason.humanInputRequired(formId)));
    assertThat(repo.getWorkflowPause(run.tenantId(), run.id())).contains(expected);
    assertThatThrownBy(() -> repo.getWorkflowPauseState(expected)).isInstanceOf(IllegalStateException.class);

    WorkflowPause resumed = repo.resumeWorkflowPause(run.tenantId(), run.id(), pauseId);
    assertThat(resumed.resumedAt()).isNotNull();
    assertThat(repo.getWorkflowRunById(run.tenantId(), run.appId(), run.id()).orElseThrow().status())
        .isEqualTo(WorkflowRunStatus.RUNNING);

    repo.deleteWorkflowPause(run.tenantId(), pauseId);
    assertNoRowsOf(expected);
  }
}
