package dev.runstore.testkit;

import static dev.runstore.testkit.TestRuns.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.runstore.api.PauseReason;
import dev.runstore.api.PauseReasonType;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * v1.2 pauses (human-in-the-loop), API.md "Pauses", with Dify's own pause tests as the checklist:
 * create (only RUNNING or PAUSED runs, an unknown or another tenant's run is absent, one pause per
 * run, the state stored exactly, a UUIDv7 id, a {@code workflow-state-<uuid4>.json} key, the run
 * PAUSED), get, resume (only a PAUSED run, by the id of its pause, once), delete, state reads, and
 * tenant isolation in every call. Pruning: {@link PausePruneContract}; stores given in code:
 * {@link PauseStateStoreContract}; bad arguments: {@link ValidationV12Contract}.
 */
public interface PauseContract extends RepositoryFixture {

  private WorkflowRun saveRun(String tenant, String app, WorkflowRunStatus status) {
    WorkflowRun run = TestRuns.run(tenant, app).status(status)
        .finishedAt(status.isEnded() ? TestRuns.BASE.plusSeconds(1) : null).build();
    repository().save(run);
    return run;
  }

  private WorkflowRun read(WorkflowRun run) {
    return repository().getWorkflowRunById(run.tenantId(), run.appId(), run.id()).orElseThrow();
  }

  private WorkflowPause pause(WorkflowRun run, String state, List<PauseReason> reasons) {
    return repository().createWorkflowPause(run.tenantId(), run.id(), newId(), Pauses.utf8(state), reasons);
  }

  private static List<PauseReason> someReasons() {
    return List.of(
        PauseReason.humanInputRequired(newId()),
        PauseReason.scheduledPause("nightly window " + Texts.CJK),
        new PauseReason(PauseReasonType.HUMAN_INPUT_REQUIRED, newId(), "node-7", ""),
        new PauseReason(PauseReasonType.SCHEDULED_PAUSE, "", "node-2", "x".repeat(255)));
  }

  // ------------------------------------------------------------------------------------ create

  @Test
  default void createPausesARunningRun() {
    String tenant = newId();
    WorkflowRun run = saveRun(tenant, newId(), WorkflowRunStatus.RUNNING);
    List<PauseReason> reasons = someReasons();
    byte[] state = Pauses.utf8("{\"version\":\"1\",\"serialized_graph_runtime_state\":\"{}\"}");
    Instant before = Instant.now();

    WorkflowPause pause = repository().createWorkflowPause(tenant, run.id(), newId(), state, reasons);

    Instant after = Instant.now();
    Pauses.assertUuidV7(pause.id());
    Pauses.assertStateKey(pause.stateObjectKey());
    assertThat(pause.tenantId()).isEqualTo(tenant);
    assertThat(pause.workflowId()).isEqualTo(run.workflowId());
    assertThat(pause.workflowRunId()).isEqualTo(run.id());
    assertThat(pause.resumedAt()).isNull();
    assertThat(pause.isResumed()).isFalse();
    Pauses.assertStampedNow(pause.createdAt(), before, after, "createdAt");
    assertThat(pause.reasons()).as("reasons in the order given").isEqualTo(reasons);
    assertThat(repository().getWorkflowPause(tenant, run.id())).as("what get reads afterwards").contains(pause);
    assertThat(repository().getWorkflowPauseState(pause)).isEqualTo(state);
    assertThat(read(run)).as("the run: PAUSED, nothing else changed")
        .isEqualTo(run.toBuilder().status(WorkflowRunStatus.PAUSED).build());
  }

  @Test
  default void createPausesAPausedRunThatHasNoPauseYet() {
    WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.PAUSED);

    WorkflowPause pause = pause(run, "{}", List.of(PauseReason.scheduledPause("")));

    assertThat(repository().getWorkflowPause(run.tenantId(), run.id())).contains(pause);
    assertThat(read(run)).isEqualTo(run);
  }

  @Test
  default void createWithoutReasons() {
    WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.RUNNING);

    WorkflowPause pause = pause(run, "{}", List.of());

    assertThat(pause.reasons()).isEmpty();
    assertThat(repository().getWorkflowPause(run.tenantId(), run.id())).contains(pause);
  }

  /** Many reasons keep the order they were given in, not any order of their own. */
  @Test
  default void reasonsKeepTheOrderGiven() {
    WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.RUNNING);
    Random random = new Random(4);
    List<PauseReason> reasons = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String n = String.format(Locale.ROOT, "%02d", 39 - i);
      reasons.add(random.nextBoolean()
          ? new PauseReason(PauseReasonType.HUMAN_INPUT_REQUIRED, newId(), "node-" + n, "")
          : new PauseReason(PauseReasonType.SCHEDULED_PAUSE, "", "node-" + n, "message " + n));
    }
    reasons.add(reasons.get(3)); // a duplicate is a reason of its own

    WorkflowPause pause = pause(run, "{}", reasons);

    assertThat(pause.reasons()).isEqualTo(reasons);
    assertThat(repository().getWorkflowPause(run.tenantId(), run.id()).orElseThrow().reasons()).isEqualTo(reasons);
  }

  @ParameterizedTest
  @EnumSource(value = WorkflowRunStatus.class, names = {"RUNNING", "PAUSED"}, mode = EnumSource.Mode.EXCLUDE)
  default void onlyRunningOrPausedRunsCanPause(WorkflowRunStatus status) {
    WorkflowRun run = saveRun(newId(), newId(), status);

    assertThatThrownBy(() -> pause(run, "{}", someReasons())).isInstanceOf(IllegalStateException.class);

    assertThat(read(run)).as("run unchanged").isEqualTo(run);
    assertThat(repository().getWorkflowPause(run.tenantId(), run.id())).isEmpty();
  }

  @Test
  default void createForAnUnknownOrAnotherTenantsRunIsAnIllegalArgument() {
    String tenant = newId();
    String app = newId();
    WorkflowRun run = saveRun(tenant, app, WorkflowRunStatus.RUNNING);
    String other = newId();
    saveRun(other, app, WorkflowRunStatus.RUNNING); // the other tenant has an app of the same id

    assertThatThrownBy(() -> repository().createWorkflowPause(tenant, newId(), newId(), Pauses.utf8("{}"), List.of()))
        .as("unknown run").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().createWorkflowPause(other, run.id(), newId(), Pauses.utf8("{}"), List.of()))
        .as("another tenant's run").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().createWorkflowPause("tenant-x", run.id(), newId(), Pauses.utf8("{}"), List.of()))
        .as("malformed tenant").isInstanceOf(IllegalArgumentException.class);
    WorkflowRun deleted = saveRun(tenant, app, WorkflowRunStatus.RUNNING);
    repository().deleteRunsByIds(List.of(deleted.id()));
    assertThatThrownBy(() -> pause(deleted, "{}", List.of())).as("deleted run")
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(read(run)).isEqualTo(run);
    assertThat(repository().getWorkflowPause(tenant, run.id())).isEmpty();
    assertThat(repository().getWorkflowPause(other, run.id())).isEmpty();
  }

  /** One pause per run: a second create replaces the first, its reasons and its state object. */
  @Test
  default void secondCreateReplacesTheFirstPause() {
    WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.RUNNING);
    WorkflowPause first = pause(run, "{\"first\":1}", someReasons());
    List<PauseReason> secondReasons = List.of(PauseReason.scheduledPause("second"));

    WorkflowPause second = pause(run, "{\"second\":2}", secondReasons);

    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(second.stateObjectKey()).isNotEqualTo(first.stateObjectKey());
    assertThat(second.reasons()).isEqualTo(secondReasons);
    assertThat(repository().getWorkflowPause(run.tenantId(), run.id())).contains(second);
    assertThat(repository().getWorkflowPauseState(second)).isEqualTo(Pauses.utf8("{\"second\":2}"));
    assertThatThrownBy(() -> repository().getWorkflowPauseState(first)).as("the first state object is gone")
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> repository().deleteWorkflowPause(run.tenantId(), first.id()))
        .as("the first pause is gone").isInstanceOf(IllegalArgumentException.class);
    assertThat(read(run).status()).isEqualTo(WorkflowRunStatus.PAUSED);
  }

  /** Pausing again after a resume replaces the resumed pause with a new, unresumed one. */
  @Test
  default void createAfterResumeReplacesTheResumedPause() {
    WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.RUNNING);
    WorkflowPause first = pause(run, "{\"n\":1}", List.of());
    repository().resumeWorkflowPause(run.tenantId(), run.id(), first.id());

    WorkflowPause second = pause(run, "{\"n\":2}", List.of(PauseReason.humanInputRequired(newId())));

    assertThat(second.resumedAt()).isNull();
    assertThat(repository().getWorkflowPause(run.tenantId(), run.id())).contains(second);
    assertThatThrownBy(() -> repository().getWorkflowPauseState(first)).isInstanceOf(IllegalStateException.class);
    assertThat(read(run).status()).isEqualTo(WorkflowRunStatus.PAUSED);
    assertThat(repository().resumeWorkflowPause(run.tenantId(), run.id(), second.id()).isResumed()).isTrue();
  }

  /** Pause ids and state keys are new on every create. */
  @Test
  default void everyPauseHasItsOwnIdAndStateKey() {
    Set<String> ids = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.RUNNING);
      for (int again = 0; again < 2; again++) {
        WorkflowPause pause = pause(run, "{}", List.of());
        Pauses.assertUuidV7(pause.id());
        Pauses.assertStateKey(pause.stateObjectKey());
        ids.add(pause.id());
        keys.add(pause.stateObjectKey());
      }
    }
    assertThat(ids).hasSize(24);
    assertThat(keys).hasSize(24);
  }

  // ------------------------------------------------------------------------------------- state

  /** The state is returned byte for byte: text, every byte value, a megabyte of random bytes. */
  @Test
  default void stateBytesAreReturnedExactly() {
    byte[] everyByte = new byte[256 * 3];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    byte[] large = new byte[Texts.MEBI + 17];
    new Random(8).nextBytes(large);
    List<byte[]> states = List.of(Pauses.utf8(Texts.unicodeJson()), everyByte, large, new byte[] {0}, new byte[] {-1});
    for (byte[] state : states) {
      WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.RUNNING);
      WorkflowPause pause = repository().createWorkflowPause(run.tenantId(), run.id(), newId(), state, List.of());
      assertThat(repository().getWorkflowPauseState(pause)).as("state of %d bytes", state.length).isEqualTo(state);
      WorkflowPause read = repository().getWorkflowPause(run.tenantId(), run.id()).orElseThrow();
      assertThat(repository().getWorkflowPauseState(read)).as("state of %d bytes, read", state.length).isEqualTo(state);
      repository().deleteWorkflowPause(run.tenantId(), pause.id()); // leave no megabytes behind
    }
  }

  @Test
  default void emptyStateIsStoredAsEmpty() {
    WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.RUNNING);

    WorkflowPause pause = repository().createWorkflowPause(run.tenantId(), run.id(), newId(), new byte[0], List.of());

    assertThat(repository().getWorkflowPauseState(pause)).isEmpty();
  }

  /** The repository keeps the bytes, not the caller's array; a returned array is the caller's own. */
  @Test
  default void stateIsCopiedInAndOut() {
    WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.RUNNING);
    byte[] state = Pauses.utf8("{\"a\":1}");
    WorkflowPause pause = repository().createWorkflowPause(run.tenantId(), run.id(), newId(), state, List.of());
    state[2] = 'X';
    byte[] read = repository().getWorkflowPauseState(pause);
    assertThat(read).isEqualTo(Pauses.utf8("{\"a\":1}"));
    read[2] = 'Y';
    assertThat(repository().getWorkflowPauseState(pause)).isEqualTo(Pauses.utf8("{\"a\":1}"));
  }

  // --------------------------------------------------------------------------------------- get

  @Test
  default void getIsEmptyWithoutAPause() {
    String tenant = newId();
    WorkflowRun run = saveRun(tenant, newId(), WorkflowRunStatus.RUNNING);
    WorkflowRun paused = saveRun(tenant, newId(), WorkflowRunStatus.RUNNING);
    pause(paused, "{}", List.of());

    assertThat(repository().getWorkflowPause(tenant, run.id())).as("run without pause").isEmpty();
    assertThat(repository().getWorkflowPause(tenant, newId())).as("unknown run").isEmpty();
    assertThat(repository().getWorkflowPause(newId(), paused.id())).as("another tenant").isEmpty();
    for (String malformed : List.of("", " ", "x", paused.id() + "0", paused.id().substring(1), "' OR '1'='1")) {
      assertThat(repository().getWorkflowPause(tenant, malformed)).as("run id '%s'", malformed).isEmpty();
    }
    assertThat(repository().getWorkflowPause("tenant-x", paused.id())).as("malformed tenant").isEmpty();
    assertThat(repository().getWorkflowPause(tenant, paused.id())).isPresent();
  }

  /** Ids in upper case address the same run and pause, as everywhere in the API. */
  @Test
  default void upperCaseIdsAddressThePause() {
    WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.RUNNING);
    String tenant = run.tenantId().toUpperCase(Locale.ROOT);
    String runId = run.id().toUpperCase(Locale.ROOT);
    WorkflowPause pause = repository().createWorkflowPause(tenant, runId, newId().toUpperCase(Locale.ROOT),
        Pauses.utf8("{}"), List.of());
    assertThat(pause.workflowRunId()).isEqualTo(run.id());
    assertThat(pause.tenantId()).isEqualTo(run.tenantId());
    assertThat(repository().getWorkflowPause(tenant, runId)).contains(pause);

    WorkflowPause resumed = repository().resumeWorkflowPause(tenant, runId, pause.id().toUpperCase(Locale.ROOT));
    assertThat(resumed.id()).isEqualTo(pause.id());
    repository().deleteWorkflowPause(tenant, pause.id().toUpperCase(Locale.ROOT));
    assertThat(repository().getWorkflowPause(run.tenantId(), run.id())).isEmpty();
  }

  // ------------------------------------------------------------------------------------ resume

  @Test
  default void resumeResumesThePausedRun() {
    WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.RUNNING);
    WorkflowPause pause = pause(run, "{\"s\":1}", someReasons());
    Instant before = Instant.now();

    WorkflowPause resumed = repository().resumeWorkflowPause(run.tenantId(), run.id(), pause.id());

    Instant after = Instant.now();
    assertThat(resumed.resumedAt()).isNotNull();
    Pauses.assertStampedNow(resumed.resumedAt(), before, after, "resumedAt");
    assertThat(resumed.resumedAt()).isAfterOrEqualTo(pause.createdAt());
    assertThat(resumed).as("the pause, now resumed").isEqualTo(new WorkflowPause(pause.id(), pause.tenantId(),
        pause.workflowId(), pause.workflowRunId(), pause.stateObjectKey(), resumed.resumedAt(), pause.createdAt(),
        pause.reasons()));
    assertThat(repository().getWorkflowPause(run.tenantId(), run.id())).as("the pause row is kept").contains(resumed);
    assertThat(repository().getWorkflowPauseState(resumed)).isEqualTo(Pauses.utf8("{\"s\":1}"));
    assertThat(read(run)).isEqualTo(run.toBuilder().status(WorkflowRunStatus.RUNNING).build());
  }

  /**
   * Dify's refusals, each an IllegalStateException saying which: the run is not PAUSED, its pause
   * has another id, the pause was already resumed. A refused resume changes nothing.
   */
  @Test
  default void resumeRefusesWithAnIllegalStateSayingWhich() {
    String tenant = newId();
    WorkflowRun running = saveRun(tenant, newId(), WorkflowRunStatus.RUNNING);
    Throwable notPaused = catchThrowable(() -> repository().resumeWorkflowPause(tenant, running.id(), newId()));
    assertThat(notPaused).as("run not paused").isInstanceOf(IllegalStateException.class);
    assertThat(read(running)).isEqualTo(running);

    WorkflowRun pausedWithoutPause = saveRun(tenant, newId(), WorkflowRunStatus.PAUSED);
    assertThatThrownBy(() -> repository().resumeWorkflowPause(tenant, pausedWithoutPause.id(), newId()))
        .as("paused run without a pause").isInstanceOf(IllegalStateException.class);
    assertThat(read(pausedWithoutPause)).isEqualTo(pausedWithoutPause);

    WorkflowRun run = saveRun(tenant, newId(), WorkflowRunStatus.RUNNING);
    WorkflowPause pause = pause(run, "{}", someReasons());
    Throwable otherId = catchThrowable(() -> repository().resumeWorkflowPause(tenant, run.id(), newId()));
    assertThat(otherId).as("another pause id").isInstanceOf(IllegalStateException.class);
    assertThat(repository().getWorkflowPause(tenant, run.id())).contains(pause);
    assertThat(read(run).status()).isEqualTo(WorkflowRunStatus.PAUSED);

    WorkflowPause resumed = repository().resumeWorkflowPause(tenant, run.id(), pause.id());
    Throwable again = catchThrowable(() -> repository().resumeWorkflowPause(tenant, run.id(), pause.id()));
    assertThat(again).as("resumed run is RUNNING: not paused").isInstanceOf(IllegalStateException.class);
    // Marked PAUSED again (a save), while its pause is already resumed.
    repository().save(read(run).toBuilder().status(WorkflowRunStatus.PAUSED).build());
    Throwable alreadyResumed = catchThrowable(() -> repository().resumeWorkflowPause(tenant, run.id(), pause.id()));
    assertThat(alreadyResumed).as("pause already resumed").isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("resumed");
    assertThat(repository().getWorkflowPause(tenant, run.id())).contains(resumed);
    assertThat(read(run).status()).isEqualTo(WorkflowRunStatus.PAUSED);

    assertThat(Set.of(notPaused.getMessage(), otherId.getMessage(), alreadyResumed.getMessage()))
        .as("three different refusals, three different messages").hasSize(3);
  }

  @Test
  default void resumeOfAnUnknownOrAnotherTenantsRunIsAnIllegalArgument() {
    String tenant = newId();
    WorkflowRun run = saveRun(tenant, newId(), WorkflowRunStatus.RUNNING);
    WorkflowPause pause = pause(run, "{}", List.of());

    assertThatThrownBy(() -> repository().resumeWorkflowPause(tenant, newId(), pause.id())).as("unknown run")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().resumeWorkflowPause(newId(), run.id(), pause.id())).as("another tenant")
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(repository().getWorkflowPause(tenant, run.id())).contains(pause);
    assertThat(read(run).status()).isEqualTo(WorkflowRunStatus.PAUSED);
  }

  // ------------------------------------------------------------------------------------ delete

  @Test
  default void deleteRemovesThePauseAndItsStateButNotTheRun() {
    WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.RUNNING);
    WorkflowPause pause = pause(run, "{\"s\":1}", someReasons());
    WorkflowRun paused = read(run);

    repository().deleteWorkflowPause(run.tenantId(), pause.id());

    assertThat(repository().getWorkflowPause(run.tenantId(), run.id())).isEmpty();
    assertThatThrownBy(() -> repository().getWorkflowPauseState(pause)).isInstanceOf(IllegalStateException.class);
    assertThat(read(run)).as("the run is untouched").isEqualTo(paused);
    assertThatThrownBy(() -> repository().deleteWorkflowPause(run.tenantId(), pause.id())).as("deleted twice")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().resumeWorkflowPause(run.tenantId(), run.id(), pause.id()))
        .as("resume of a deleted pause").isInstanceOf(IllegalStateException.class);
    // The run can pause again, with only the new reasons.
    List<PauseReason> reasons = List.of(PauseReason.scheduledPause("again"));
    WorkflowPause again = pause(run, "{}", reasons);
    assertThat(repository().getWorkflowPause(run.tenantId(), run.id()).orElseThrow().reasons()).isEqualTo(reasons);
    assertThat(again.id()).isNotEqualTo(pause.id());
  }

  @Test
  default void deleteOfAResumedPause() {
    WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.RUNNING);
    WorkflowPause pause = pause(run, "{}", List.of());
    repository().resumeWorkflowPause(run.tenantId(), run.id(), pause.id());

    repository().deleteWorkflowPause(run.tenantId(), pause.id());

    assertThat(repository().getWorkflowPause(run.tenantId(), run.id())).isEmpty();
    assertThat(read(run).status()).isEqualTo(WorkflowRunStatus.RUNNING);
  }

  @Test
  default void deleteOfAnUnknownOrAnotherTenantsPauseIsAnIllegalArgument() {
    String tenant = newId();
    WorkflowRun run = saveRun(tenant, newId(), WorkflowRunStatus.RUNNING);
    WorkflowPause pause = pause(run, "{\"s\":1}", List.of());

    assertThatThrownBy(() -> repository().deleteWorkflowPause(tenant, newId())).as("unknown pause")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().deleteWorkflowPause(newId(), pause.id())).as("another tenant")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().deleteWorkflowPause(tenant, run.id())).as("a run id is no pause id")
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(repository().getWorkflowPause(tenant, run.id())).contains(pause);
    assertThat(repository().getWorkflowPauseState(pause)).isEqualTo(Pauses.utf8("{\"s\":1}"));
  }

  // ------------------------------------------------------------------------- tenant isolation

  /** Two tenants, the same app id, one paused run each: every call sees its own tenant's only. */
  @Test
  default void eachTenantSeesOnlyItsOwnPauses() {
    String app = newId();
    WorkflowRun a = saveRun(newId(), app, WorkflowRunStatus.RUNNING);
    WorkflowRun b = saveRun(newId(), app, WorkflowRunStatus.RUNNING);
    WorkflowPause pauseA = pause(a, "{\"a\":1}", List.of(PauseReason.scheduledPause("a")));
    WorkflowPause pauseB = pause(b, "{\"b\":1}", List.of(PauseReason.scheduledPause("b")));
    WorkflowRunRepository repo = repository();

    assertThat(repo.getWorkflowPause(a.tenantId(), a.id())).contains(pauseA);
    assertThat(repo.getWorkflowPause(a.tenantId(), b.id())).isEmpty();
    assertThat(repo.getWorkflowPause(b.tenantId(), a.id())).isEmpty();
    assertThatThrownBy(() -> repo.createWorkflowPause(a.tenantId(), b.id(), newId(), Pauses.utf8("{}"), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.resumeWorkflowPause(a.tenantId(), b.id(), pauseB.id()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.deleteWorkflowPause(a.tenantId(), pauseB.id()))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(repo.getWorkflowPause(b.tenantId(), b.id())).contains(pauseB);
    assertThat(repo.getWorkflowPauseState(pauseB)).isEqualTo(Pauses.utf8("{\"b\":1}"));
    assertThat(read(b).status()).isEqualTo(WorkflowRunStatus.PAUSED);
    repo.resumeWorkflowPause(b.tenantId(), b.id(), pauseB.id());
    repo.deleteWorkflowPause(b.tenantId(), pauseB.id());
    assertThat(repo.getWorkflowPause(a.tenantId(), a.id())).contains(pauseA);
    assertThat(read(a).status()).isEqualTo(WorkflowRunStatus.PAUSED);
  }

  /** A run's pause survives the engine's saves of the run. */
  @Test
  default void pauseSurvivesSavesOfItsRun() {
    WorkflowRun run = saveRun(newId(), newId(), WorkflowRunStatus.RUNNING);
    WorkflowPause pause = pause(run, "{}", someReasons());

    repository().save(read(run).toBuilder().totalSteps(99).build());

    assertThat(repository().getWorkflowPause(run.tenantId(), run.id())).contains(pause);
  }
}
