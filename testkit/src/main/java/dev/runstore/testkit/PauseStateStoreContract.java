package dev.runstore.testkit;

import static dev.runstore.testkit.Pauses.FAR_PAST;
import static dev.runstore.testkit.Pauses.justAfter;
import static dev.runstore.testkit.TestRuns.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.runstore.api.PauseReason;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * v1.2 {@code PauseStateStore} given in code ({@code RepositoryOptions.pauseStateStore}): the
 * repository keeps pause states there and only there, under the pause's key; reads a missing
 * state as an {@link IllegalStateException}; deletes the state object when a pause is replaced,
 * deleted or pruned; leaves nothing behind when a create fails; and keeps a pause whose state
 * object cannot be deleted (out of the prune result, tried again next time). Uses
 * {@link RecordingPauseStateStore} through the backend's hook {@link #repositoryWith}.
 */
public interface PauseStateStoreContract extends RepositoryFixture {

  /**
   * A new repository over the same storage as {@link #repository()}, built with {@code options}
   * (the backend's constructor taking {@link RepositoryOptions}). The caller closes it.
   */
  WorkflowRunRepository repositoryWith(RepositoryOptions options);

  private static WorkflowRun savedRunning(WorkflowRunRepository repo) {
    return Pauses.savedRunning(repo);
  }

  private static WorkflowPause pause(WorkflowRunRepository repo, WorkflowRun run, byte[] state) {
    return repo.createWorkflowPause(run.tenantId(), run.id(), newId(), state, List.of(PauseReason.scheduledPause("s")));
  }

  @Test
  default void stateIsKeptInTheGivenStoreUnderThePausesKey() {
    RecordingPauseStateStore store = new RecordingPauseStateStore();
    try (WorkflowRunRepository repo = repositoryWith(RepositoryOptions.builder().pauseStateStore(store).build())) {
      WorkflowRun run = savedRunning(repo);
      byte[] state = Pauses.utf8("{\"given\":\"store\"}");

      WorkflowPause pause = pause(repo, run, state);

      Pauses.assertStateKey(pause.stateObjectKey());
      assertThat(store.puts()).containsExactly(pause.stateObjectKey());
      assertThat(store.keys()).containsExactly(pause.stateObjectKey());
      assertThat(store.get(pause.stateObjectKey())).isEqualTo(state);
      // Reads go to the store: a state changed there is what the repository returns.
      store.replaceBehindTheBack(pause.stateObjectKey(), Pauses.utf8("{\"changed\":1}"));
      assertThat(repo.getWorkflowPauseState(pause)).isEqualTo(Pauses.utf8("{\"changed\":1}"));
      assertThat(repo.getWorkflowPause(run.tenantId(), run.id())).contains(pause);
    }
  }

  @Test
  default void missingStateIsAnIllegalState() {
    RecordingPauseStateStore store = new RecordingPauseStateStore();
    try (WorkflowRunRepository repo = repositoryWith(RepositoryOptions.builder().pauseStateStore(store).build())) {
      WorkflowRun run = savedRunning(repo);
      WorkflowPause pause = pause(repo, run, Pauses.utf8("{}"));
      store.removeBehindTheBack(pause.stateObjectKey());

      assertThatThrownBy(() -> repo.getWorkflowPauseState(pause)).isInstanceOf(IllegalStateException.class);
      assertThat(repo.getWorkflowPause(run.tenantId(), run.id())).as("the pause row is still there").contains(pause);
    }
  }

  /** Replacing, deleting and pruning a pause delete its state object from the store. */
  @Test
  default void replacedDeletedAndPrunedPausesLoseTheirStateObjects() {
    RecordingPauseStateStore store = new RecordingPauseStateStore();
    try (WorkflowRunRepository repo = repositoryWith(RepositoryOptions.builder().pauseStateStore(store).build())) {
      Pauses.drain(repo);
      WorkflowRun run = savedRunning(repo);
      WorkflowPause first = pause(repo, run, Pauses.utf8("{\"n\":1}"));
      WorkflowPause second = pause(repo, run, Pauses.utf8("{\"n\":2}"));
      assertThat(store.holds(first.stateObjectKey())).as("replaced").isFalse();
      assertThat(store.holds(second.stateObjectKey())).isTrue();

      repo.deleteWorkflowPause(run.tenantId(), second.id());
      assertThat(store.holds(second.stateObjectKey())).as("deleted").isFalse();

      WorkflowPause third = pause(repo, run, Pauses.utf8("{\"n\":3}"));
      assertThat(repo.pruneWorkflowPauses(justAfter(third.createdAt()), FAR_PAST, 10)).containsExactly(third.id());
      assertThat(store.holds(third.stateObjectKey())).as("pruned").isFalse();
      assertThat(store.deletes()).contains(first.stateObjectKey(), second.stateObjectKey(), third.stateObjectKey());
    }
  }

  /**
   * A state object that cannot be deleted leaves its pause in place and out of the prune result;
   * the other due pauses are pruned; once the store deletes again, the next prune takes it.
   */
  @Test
  default void undeletableStateObjectKeepsItsPauseForTheNextPrune() {
    RecordingPauseStateStore store = new RecordingPauseStateStore();
    try (WorkflowRunRepository repo = repositoryWith(RepositoryOptions.builder().pauseStateStore(store).build())) {
      Pauses.drain(repo);
      WorkflowPause stuck = pause(repo, savedRunning(repo), Pauses.utf8("{\"stuck\":1}"));
      WorkflowPause free = pause(repo, savedRunning(repo), Pauses.utf8("{\"free\":1}"));
      Instant expiration = justAfter(free.createdAt().isAfter(stuck.createdAt()) ? free.createdAt() : stuck.createdAt());
      store.failDeletesOf(key -> key.equals(stuck.stateObjectKey()));
      try {
        assertThat(repo.pruneWorkflowPauses(expiration, FAR_PAST, 10)).containsExactly(free.id());
        assertThat(repo.getWorkflowPause(stuck.tenantId(), stuck.workflowRunId())).contains(stuck);
        assertThat(repo.getWorkflowPauseState(stuck)).isEqualTo(Pauses.utf8("{\"stuck\":1}"));
        assertThat(repo.getWorkflowPause(free.tenantId(), free.workflowRunId())).isEmpty();
        assertThat(store.holds(free.stateObjectKey())).isFalse();
        assertThat(repo.pruneWorkflowPauses(expiration, FAR_PAST, 10)).as("still stuck").isEmpty();
      } finally {
        store.failDeletesOf(key -> false);
      }
      assertThat(repo.pruneWorkflowPauses(expiration, FAR_PAST, 10)).containsExactly(stuck.id());
      assertThat(repo.getWorkflowPause(stuck.tenantId(), stuck.workflowRunId())).isEmpty();
      assertThat(store.holds(stuck.stateObjectKey())).isFalse();
    }
  }

  /** A store that refuses the state: create fails, no pause is recorded, the run keeps its status. */
  @Test
  default void createFailsWholeWhenTheStoreRefusesTheState() {
    RecordingPauseStateStore store = new RecordingPauseStateStore();
    try (WorkflowRunRepository repo = repositoryWith(RepositoryOptions.builder().pauseStateStore(store).build())) {
      WorkflowRun run = savedRunning(repo);
      store.failPuts(true);

      Throwable thrown = catchThrowable(() -> pause(repo, run, Pauses.utf8("{}")));

      assertThat(thrown).as("the store's failure, reported to the caller").isNotNull();
      boolean reported = false;
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        reported |= t instanceof RecordingPauseStateStore.InjectedFailure;
      }
      assertThat(reported).as("%s carries the store's failure", thrown).isTrue();
      assertThat(store.puts()).as("the store was asked").hasSize(1);
      assertThat(repo.getWorkflowPause(run.tenantId(), run.id())).isEmpty();
      assertThat(repo.getWorkflowRunById(run.tenantId(), run.appId(), run.id())).contains(run);
      assertThat(store.keys()).isEmpty();
      store.failPuts(false);
      WorkflowPause pause = pause(repo, run, Pauses.utf8("{\"later\":1}"));
      assertThat(repo.getWorkflowPauseState(pause)).isEqualTo(Pauses.utf8("{\"later\":1}"));
    }
  }

  /** A refused create (state, unknown run, another tenant) leaves no state object in the store. */
  @Test
  default void refusedCreateLeavesNoStateObject() {
    RecordingPauseStateStore store = new RecordingPauseStateStore();
    try (WorkflowRunRepository repo = repositoryWith(RepositoryOptions.builder().pauseStateStore(store).build())) {
      WorkflowRun finished = TestRuns.run(newId(), newId()).status(WorkflowRunStatus.SUCCEEDED).build();
      repo.save(finished);
      WorkflowRun running = savedRunning(repo);

      assertThatThrownBy(() -> pause(repo, finished, Pauses.utf8("{}"))).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> repo.createWorkflowPause(newId(), running.id(), newId(), Pauses.utf8("{}"), List.of()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> repo.createWorkflowPause(running.tenantId(), newId(), newId(), Pauses.utf8("{}"),
              List.of()))
          .isInstanceOf(IllegalArgumentException.class);

      assertThat(store.keys()).isEmpty();
    }
  }
}
