package dev.runstore.testkit;

import static dev.runstore.testkit.Pauses.FAR_FUTURE;
import static dev.runstore.testkit.Pauses.FAR_PAST;
import static dev.runstore.testkit.Pauses.justAfter;
import static dev.runstore.testkit.TestRuns.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.PauseReason;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * v1.2 {@code pruneWorkflowPauses(expiration, resumptionExpiration, limit)}, system-wide: the
 * pauses created strictly before {@code expiration}, or resumed strictly before
 * {@code resumptionExpiration} (a pause never resumed is not pruned by that rule), oldest first by
 * {@code (createdAt, id)}, at most {@code limit}, each with its reasons and state object; their ids
 * are returned. Runs are left as they are.
 *
 * <p>Pruning sees every pause of the storage. Each test therefore first prunes what earlier tests
 * left ({@link Pauses#drain}) and then expects exact results. Pause times are stamped by the
 * repository; the tests take them from what it returns.
 */
public interface PausePruneContract extends RepositoryFixture {

  private WorkflowPause newPause(String tenant) {
    WorkflowRun run = Pauses.running(tenant, newId()).build();
    repository().save(run);
    return repository().createWorkflowPause(
        tenant, run.id(), newId(), Pauses.utf8("{\"run\":\"" + run.id() + "\"}"),
        List.of(PauseReason.scheduledPause("prune me"), PauseReason.humanInputRequired(newId())));
  }

  private List<String> prune(Instant expiration, Instant resumptionExpiration, int limit) {
    return repository().pruneWorkflowPauses(expiration, resumptionExpiration, limit);
  }

  private void assertGone(WorkflowPause pause) {
    assertThat(repository().getWorkflowPause(pause.tenantId(), pause.workflowRunId())).as("pause %s", pause.id())
        .isEmpty();
    assertThatThrownBy(() -> repository().getWorkflowPauseState(pause)).as("state of pause %s", pause.id())
        .isInstanceOf(IllegalStateException.class);
  }

  private void assertKept(WorkflowPause pause) {
    assertThat(repository().getWorkflowPause(pause.tenantId(), pause.workflowRunId())).as("pause %s", pause.id())
        .contains(pause);
  }

  @Test
  default void pausesCreatedStrictlyBeforeExpirationArePruned() {
    Pauses.drain(repository());
    WorkflowPause pause = newPause(newId());
    WorkflowRun run = repository().getWorkflowRunByIdAndTenantId(pause.tenantId(), pause.workflowRunId()).orElseThrow();

    assertThat(prune(pause.createdAt(), FAR_PAST, 10)).as("created at the expiration: kept").isEmpty();
    assertKept(pause);

    assertThat(prune(justAfter(pause.createdAt()), FAR_PAST, 10)).containsExactly(pause.id());
    assertGone(pause);
    assertThat(repository().getWorkflowRunByIdAndTenantId(pause.tenantId(), pause.workflowRunId()))
        .as("the run is left as it is").contains(run);
    assertThat(prune(FAR_FUTURE, FAR_FUTURE, 10)).as("pruned once only").isEmpty();
  }

  @Test
  default void pausesResumedStrictlyBeforeResumptionExpirationArePruned() {
    Pauses.drain(repository());
    WorkflowPause created = newPause(newId());
    WorkflowPause resumed = repository().resumeWorkflowPause(created.tenantId(), created.workflowRunId(), created.id());
    Instant resumedAt = resumed.resumedAt();
    assertThat(resumedAt).isNotNull();

    assertThat(prune(FAR_PAST, resumedAt, 10)).as("resumed at the resumption expiration: kept").isEmpty();
    assertKept(resumed);

    assertThat(prune(FAR_PAST, justAfter(resumedAt), 10)).containsExactly(resumed.id());
    assertGone(resumed);
    assertThat(repository().getWorkflowRunByIdAndTenantId(created.tenantId(), created.workflowRunId())
            .orElseThrow().status())
        .isEqualTo(WorkflowRunStatus.RUNNING);
  }

  /** The resumption rule needs a resumption: a pause never resumed is not pruned by it. */
  @Test
  default void pausesNeverResumedAreNotPrunedByTheResumptionRule() {
    Pauses.drain(repository());
    WorkflowPause waiting = newPause(newId());
    WorkflowPause other = newPause(newId());
    WorkflowPause resumed = repository().resumeWorkflowPause(other.tenantId(), other.workflowRunId(), other.id());

    assertThat(prune(FAR_PAST, FAR_FUTURE, 10)).containsExactly(resumed.id());

    assertKept(waiting);
    assertGone(resumed);
  }

  /**
   * Oldest first, at most {@code limit} per call, over every tenant; a pause due under either
   * rule is one candidate; successive calls continue where the last one stopped.
   */
  @Test
  default void oldestFirstAtMostLimitAcrossTenants() {
    Pauses.drain(repository());
    List<String> tenants = List.of(newId(), newId());
    List<WorkflowPause> pauses = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      WorkflowPause pause = newPause(tenants.get(i % 2));
      if (i % 3 == 0) {
        pause = repository().resumeWorkflowPause(pause.tenantId(), pause.workflowRunId(), pause.id());
      }
      pauses.add(pause);
    }
    Instant newest = pauses.stream().map(WorkflowPause::createdAt).max(Comparator.naturalOrder()).orElseThrow();
    Instant expiration = justAfter(newest);

    List<String> pruned = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      List<String> batch = prune(expiration, FAR_FUTURE, 2);
      List<WorkflowPause> remaining = pauses.stream().filter(p -> !pruned.contains(p.id())).toList();
      assertThat(batch).as("round %d", round).isEqualTo(Pauses.expectedPrune(remaining, expiration, FAR_FUTURE, 2));
      pruned.addAll(batch);
    }
    assertThat(pruned).isEqualTo(Pauses.expectedPrune(pauses, expiration, FAR_FUTURE, 100)).hasSize(7);
    assertThat(prune(expiration, FAR_FUTURE, 2)).isEmpty();
    pauses.forEach(this::assertGone);
  }

  /**
   * Both rules together: some pauses are due because they are old, others because they were
   * resumed long enough ago; the rest stay. The boundaries come from the pauses' own times.
   */
  @Test
  default void eitherRuleMakesAPauseDue() {
    Pauses.drain(repository());
    List<WorkflowPause> pauses = new ArrayList<>();
    String tenant = newId();
    for (int i = 0; i < 6; i++) {
      pauses.add(newPause(tenant));
    }
    List<WorkflowPause> current = new ArrayList<>();
    for (int i = 0; i < pauses.size(); i++) {
      WorkflowPause p = pauses.get(i);
      current.add(i % 2 == 1 ? repository().resumeWorkflowPause(tenant, p.workflowRunId(), p.id()) : p);
    }
    List<WorkflowPause> byAge = new ArrayList<>(current);
    byAge.sort(Pauses.OLDEST_FIRST);
    Instant expiration = byAge.get(2).createdAt(); // strictly before: the two oldest, or fewer on ties
    Instant resumption = justAfter(current.get(3).resumedAt());

    List<String> expected = Pauses.expectedPrune(current, expiration, resumption, 10_000);
    assertThat(prune(expiration, resumption, 10_000)).isEqualTo(expected);

    for (WorkflowPause pause : current) {
      if (expected.contains(pause.id())) {
        assertGone(pause);
      } else {
        assertKept(pause);
      }
    }
    assertThat(expected).as("resumed no later than the boundary pause")
        .contains(current.get(1).id(), current.get(3).id());
  }

  /** A pause whose run was deleted (runs only) is still a pause: prune removes it when it is due. */
  @Test
  default void pausesOfDeletedRunsArePruned() {
    Pauses.drain(repository());
    WorkflowPause pause = newPause(newId());
    assertThat(repository().deleteRunsByIds(pause.tenantId(), List.of(pause.workflowRunId()))).isEqualTo(1);

    assertThat(prune(justAfter(pause.createdAt()), FAR_PAST, 10)).containsExactly(pause.id());
    assertThatThrownBy(() -> repository().getWorkflowPauseState(pause)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  default void pruneOfNothingDueReturnsNothing() {
    Pauses.drain(repository());
    WorkflowPause pause = newPause(newId());

    assertThat(prune(FAR_PAST, FAR_PAST, WorkflowRunRepository.MAX_PRUNE_LIMIT)).isEmpty();
    assertThat(prune(FAR_PAST, FAR_FUTURE, 1)).isEmpty();
    assertKept(pause);
    assertThat(prune(FAR_FUTURE, FAR_PAST, 1)).containsExactly(pause.id());
  }
}
