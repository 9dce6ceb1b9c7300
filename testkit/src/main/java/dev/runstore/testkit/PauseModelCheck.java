package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.CreatorRole;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.PauseReason;
import dev.runstore.api.PauseReasonType;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecution;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One seeded sequence of pause, resume, delete and prune calls mixed with run saves, execution
 * saves and run deletes, against a repository and a {@link PauseModel} side by side: every result,
 * every refusal (IllegalArgumentException or IllegalStateException) and the final state must agree.
 *
 * <p>Reproducible like {@link ModelCheck}: the seed decides every operation and argument; run ids
 * are {@code UUID(seeded 64 bits, per-execution salt)}. Pause ids, state keys and times are the
 * repository's: the model takes them from its results (after checking their form), so a replay
 * repeats the operations, not the clock. Pruning is system-wide, so the check first prunes what
 * earlier tests left ({@link Pauses#drain}).
 */
final class PauseModelCheck {

  private final WorkflowRunRepository repo;
  private final Random random;
  private final long salt = ThreadLocalRandom.current().nextLong();
  private final PauseModel model = new PauseModel();
  private final StepTrail trail;

  private final List<String> tenants = List.of(TestRuns.newId(), TestRuns.newId());
  private final List<String> apps = List.of(TestRuns.newId(), TestRuns.newId());
  /** Every pause the repository ever returned (created or resumed), for stale ids and state reads. */
  private final List<WorkflowPause> history = new ArrayList<>();
  private final Set<String> pauseIds = new HashSet<>();
  private final Set<String> stateKeys = new HashSet<>();
  private final List<String> deletedRunIds = new ArrayList<>();

  PauseModelCheck(WorkflowRunRepository repo, long seed, int steps) {
    this.repo = repo;
    this.random = new Random(seed);
    this.trail = new StepTrail("randomized pause model check", seed, steps, 15);
  }

  void run() {
    Pauses.drain(repo);
    trail.run(this::randomStep, this::compareEverything);
  }

  private void describe(String description) {
    trail.describe(description);
  }

  // ------------------------------------------------------------------------------------ steps

  private void randomStep() {
    int dice = random.nextInt(100);
    if (dice < 14) {
      saveNewRun();
    } else if (dice < 21) {
      saveRunUpdate();
    } else if (dice < 26) {
      saveExecution();
    } else if (dice < 29) {
      deleteRuns();
    } else if (dice < 51) {
      create();
    } else if (dice < 62) {
      get();
    } else if (dice < 68) {
      state();
    } else if (dice < 82) {
      resume();
    } else if (dice < 90) {
      delete();
    } else if (dice < 97) {
      prune();
    } else {
      compareRun(pickRun());
    }
  }

  private void saveNewRun() {
    WorkflowRunStatus status = randomStatus();
    WorkflowRun run = TestRuns.run(pick(tenants), pick(apps)).id(newRunId()).status(status)
        .finishedAt(status.isEnded() ? TestRuns.BASE.plusSeconds(1) : null).build();
    describe("save new run " + label(run) + " " + status);
    saveBoth(run);
  }

  private void saveRunUpdate() {
    WorkflowRun existing = pickRun();
    if (existing == null) {
      saveNewRun();
      return;
    }
    WorkflowRunStatus status = randomStatus();
    WorkflowRun run = existing.toBuilder().status(status).totalSteps(random.nextInt(100))
        .createdAt(random.nextBoolean() ? existing.createdAt() : TestRuns.BASE.plusSeconds(random.nextInt(1000)))
        .finishedAt(status.isEnded() ? TestRuns.BASE.plusSeconds(2000) : null).build();
    describe("save update " + label(run) + " " + existing.status() + " -> " + status);
    saveBoth(run);
  }

  private void saveBoth(WorkflowRun run) {
    expectSame("save", () -> {
      model.runs.save(run);
      return null;
    }, () -> {
      repo.save(run);
      return null;
    });
  }

  private void saveExecution() {
    WorkflowRun existing = pickRun();
    String tenant = existing != null && random.nextInt(4) > 0 ? existing.tenantId() : pick(tenants);
    String app = existing != null && random.nextInt(4) > 0 ? existing.appId() : pick(apps);
    String id = existing != null && random.nextBoolean() ? existing.id() : newRunId();
    ExecutionContext context = new ExecutionContext(tenant, app, CreatorRole.ACCOUNT, TestRuns.newId(),
        TriggeredFrom.APP_RUN);
    WorkflowExecution execution = WorkflowExecution.start(id, TestRuns.newId(), "v", WorkflowType.WORKFLOW, "{}", "{}",
        TestRuns.BASE.plusSeconds(random.nextInt(1000)));
    WorkflowExecution saved = random.nextBoolean() ? execution
        : execution.finish(randomStatus(), "{}", "", 1, 1, 0, execution.startedAt().plusSeconds(1));
    describe("executions(" + tenantLabel(tenant) + ").save " + shortId(id) + " " + saved.status());
    expectSame("executions().save", () -> {
      model.runs.saveExecution(context, saved);
      return null;
    }, () -> {
      repo.executions(context).save(saved);
      return null;
    });
  }

  private void deleteRuns() {
    List<String> ids = new ArrayList<>();
    for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
      WorkflowRun run = pickRun();
      if (run != null) {
        ids.add(run.id());
      }
    }
    describe("deleteRunsByIds(" + ids.stream().map(PauseModelCheck::shortId).toList() + ")");
    expectSame("deleteRunsByIds", () -> model.runs.deleteByIds(ids), () -> repo.deleteRunsByIds(ids));
    deletedRunIds.addAll(ids);
  }

  private void create() {
    WorkflowRun run = pickRun();
    int kind = random.nextInt(10);
    String tenant;
    String runId;
    if (run != null && kind < 7) {
      tenant = run.tenantId();
      runId = run.id();
    } else if (run != null && kind < 8) {
      tenant = other(run.tenantId());
      runId = run.id();
    } else if (kind < 9 && !deletedRunIds.isEmpty()) {
      tenant = pick(tenants);
      runId = pick(deletedRunIds);
    } else {
      tenant = pick(tenants);
      runId = newRunId();
    }
    byte[] state = randomState();
    List<PauseReason> reasons = randomReasons();
    describe("createWorkflowPause(" + tenantLabel(tenant) + ", " + shortId(runId) + ", " + state.length + " bytes, "
        + reasons.size() + " reasons)");
    PauseModel.Refusal refusal = model.createRefusal(tenant, runId);
    Instant before = Instant.now();
    WorkflowPause pause = call("createWorkflowPause", refusal,
        () -> repo.createWorkflowPause(tenant, runId, TestRuns.newId(), state, reasons));
    if (pause == null) {
      return;
    }
    Instant after = Instant.now();
    WorkflowRun owner = Objects.requireNonNull(model.runUnder(tenant, runId));
    Pauses.assertUuidV7(pause.id());
    Pauses.assertStateKey(pause.stateObjectKey());
    Pauses.assertStampedNow(pause.createdAt(), before, after, "createdAt");
    assertThat(pauseIds.add(pause.id())).as("pause id %s is new", pause.id()).isTrue();
    assertThat(stateKeys.add(pause.stateObjectKey())).as("state key %s is new", pause.stateObjectKey()).isTrue();
    assertThat(pause).isEqualTo(new WorkflowPause(pause.id(), tenant, owner.workflowId(), runId, pause.stateObjectKey(),
        null, pause.createdAt(), reasons));
    model.created(pause, state);
    history.add(pause);
    compareGet(tenant, runId);
  }

  private void get() {
    WorkflowRun run = pickRun();
    String tenant = run == null || random.nextInt(5) == 0 ? pick(tenants) : run.tenantId();
    String runId = run == null || random.nextInt(8) == 0
        ? (deletedRunIds.isEmpty() || random.nextBoolean() ? newRunId() : pick(deletedRunIds))
        : run.id();
    describe("getWorkflowPause(" + tenantLabel(tenant) + ", " + shortId(runId) + ")");
    compareGet(tenant, runId);
  }

  private void state() {
    if (history.isEmpty()) {
      get();
      return;
    }
    WorkflowPause pause = pick(history);
    WorkflowPause currentPause = model.pauseOfRun(pause.workflowRunId());
    boolean current = currentPause != null && currentPause.stateObjectKey().equals(pause.stateObjectKey());
    if (current && model.runs.find(pause.workflowRunId()) == null) {
      get(); // a pause whose run was deleted: what its state reads is not the contract's business
      return;
    }
    describe("getWorkflowPauseState(" + shortId(pause.id()) + " of " + shortId(pause.workflowRunId()) + ")");
    byte[] expected = model.state(pause);
    byte[] got = call("getWorkflowPauseState", expected == null ? PauseModel.Refusal.ILLEGAL_STATE : null,
        () -> repo.getWorkflowPauseState(pause));
    if (got != null) {
      assertThat(got).isEqualTo(expected);
    }
  }

  private void resume() {
    // Mostly the run of a current pause (whose run still exists), so that resumes succeed often.
    List<WorkflowPause> pausedRuns = model.pauses().stream()
        .filter(p -> model.runs.find(p.workflowRunId()) != null).toList();
    WorkflowRun run = !pausedRuns.isEmpty() && random.nextInt(4) > 0
        ? model.runs.find(pick(pausedRuns).workflowRunId())
        : pickRun();
    if (run == null) {
      saveNewRun();
      return;
    }
    WorkflowPause pause = model.pauseOfRun(run.id());
    int kind = random.nextInt(10);
    String tenant = kind == 0 ? other(run.tenantId()) : run.tenantId();
    String pauseId;
    if (pause != null && kind < 8) {
      pauseId = pause.id();
    } else if (kind < 9 && !history.isEmpty()) {
      pauseId = pick(history).id();
    } else {
      pauseId = TestRuns.newId();
    }
    describe("resumeWorkflowPause(" + tenantLabel(tenant) + ", " + shortId(run.id()) + ", " + shortId(pauseId) + ") run "
        + run.status() + ", pause " + (pause == null ? "none" : shortId(pause.id()) + (pause.isResumed() ? " resumed" : "")));
    PauseModel.Refusal refusal = model.resumeRefusal(tenant, run.id(), pauseId);
    Instant before = Instant.now();
    WorkflowPause resumed = call("resumeWorkflowPause", refusal, () -> repo.resumeWorkflowPause(tenant, run.id(), pauseId));
    if (resumed == null) {
      return;
    }
    Instant after = Instant.now();
    WorkflowPause was = Objects.requireNonNull(pause);
    assertThat(resumed.resumedAt()).isNotNull();
    Pauses.assertStampedNow(resumed.resumedAt(), before, after, "resumedAt");
    assertThat(resumed).isEqualTo(new WorkflowPause(was.id(), was.tenantId(), was.workflowId(), was.workflowRunId(),
        was.stateObjectKey(), resumed.resumedAt(), was.createdAt(), was.reasons()));
    model.resumed(resumed);
    history.add(resumed);
    compareGet(tenant, run.id());
  }

  private void delete() {
    String pauseId;
    String tenant;
    List<WorkflowPause> pauses = model.pauses();
    int kind = random.nextInt(10);
    if (!pauses.isEmpty() && kind < 7) {
      WorkflowPause pause = pick(pauses);
      pauseId = pause.id();
      tenant = kind == 0 ? other(pause.tenantId()) : pause.tenantId();
    } else if (!history.isEmpty() && kind < 9) {
      WorkflowPause pause = pick(history);
      pauseId = pause.id();
      tenant = pause.tenantId();
    } else {
      pauseId = TestRuns.newId();
      tenant = pick(tenants);
    }
    describe("deleteWorkflowPause(" + tenantLabel(tenant) + ", " + shortId(pauseId) + ")");
    PauseModel.Refusal refusal = model.deleteRefusal(tenant, pauseId);
    Boolean done = call("deleteWorkflowPause", refusal, () -> {
      repo.deleteWorkflowPause(tenant, pauseId);
      return Boolean.TRUE;
    });
    if (done != null) {
      model.deleted(pauseId);
    }
  }

  private void prune() {
    List<Instant> stamps = new ArrayList<>();
    for (WorkflowPause pause : model.pauses()) {
      stamps.add(pause.createdAt());
      if (pause.resumedAt() != null) {
        stamps.add(pause.resumedAt());
      }
    }
    Instant expiration = randomBoundary(stamps);
    Instant resumption = randomBoundary(stamps);
    int limit = random.nextInt(4) == 0 ? WorkflowRunRepository.MAX_PRUNE_LIMIT : 1 + random.nextInt(4);
    describe("pruneWorkflowPauses(" + expiration + ", " + resumption + ", " + limit + ") of " + stamps.size()
        + " stamps");
    List<String> got = repo.pruneWorkflowPauses(expiration, resumption, limit);
    List<String> expected = model.prune(expiration, resumption, limit);
    assertThat(got).isEqualTo(expected);
  }

  private Instant randomBoundary(List<Instant> stamps) {
    int dice = random.nextInt(10);
    if (stamps.isEmpty() || dice == 0) {
      return Pauses.FAR_PAST;
    }
    if (dice == 1) {
      return Pauses.FAR_FUTURE;
    }
    Instant stamp = pick(stamps);
    return dice < 5 ? stamp : dice < 8 ? Pauses.justAfter(stamp) : stamp.minusNanos(1000);
  }

  // ------------------------------------------------------------------------------ comparisons

  private void compareGet(String tenant, String runId) {
    Optional<WorkflowPause> expected = model.get(tenant, runId);
    Optional<WorkflowPause> got = repo.getWorkflowPause(tenant, runId);
    assertThat(got).as("getWorkflowPause(%s, %s)", tenantLabel(tenant), shortId(runId)).isEqualTo(expected);
  }

  private void compareRun(@Nullable WorkflowRun run) {
    if (run == null) {
      return;
    }
    describe("getWorkflowRunById " + label(run));
    String difference = RunDiff.between(run, repo.getWorkflowRunById(run.tenantId(), run.appId(), run.id()).orElse(null));
    assertThat(difference).as("run %s", shortId(run.id())).isNull();
  }

  private void compareEverything() {
    for (WorkflowRun run : model.runs.all()) {
      compareRun(run);
      describe("final getWorkflowPause of " + label(run));
      compareGet(run.tenantId(), run.id());
      WorkflowPause pause = model.pauseOfRun(run.id());
      if (pause != null) {
        assertThat(repo.getWorkflowPauseState(pause)).isEqualTo(model.state(pause));
      }
    }
    describe("final prune of every pause");
    List<WorkflowPause> pauses = model.pauses();
    assertThat(repo.pruneWorkflowPauses(Pauses.FAR_FUTURE, Pauses.FAR_FUTURE, WorkflowRunRepository.MAX_PRUNE_LIMIT))
        .isEqualTo(model.prune(Pauses.FAR_FUTURE, Pauses.FAR_FUTURE, WorkflowRunRepository.MAX_PRUNE_LIMIT))
        .hasSize(pauses.size());
  }

  /**
   * Calls the repository where the model expects {@code refusal} (null: success); fails unless
   * both agree. Returns the result, or null when the call was refused as expected.
   */
  private <T> @Nullable T call(String operation, PauseModel.@Nullable Refusal refusal, Supplier<T> repoCall) {
    T result;
    try {
      result = repoCall.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      if (refusal == null) {
        throw new AssertionError(operation + " threw " + e + " but the model expected success", e);
      }
      if (!refusal.type.isInstance(e)) {
        throw new AssertionError(operation + " threw " + e + " but the model expected " + refusal.type.getSimpleName(), e);
      }
      return null;
    }
    if (refusal != null) {
      throw new AssertionError(operation + " returned " + result + " but the model expected "
          + refusal.type.getSimpleName());
    }
    return result;
  }

  /** Run operations: model and repository must both succeed with equal results or both refuse (IAE). */
  private <T> void expectSame(String operation, Supplier<T> modelCall, Supplier<T> repoCall) {
    T expected;
    boolean refused = false;
    try {
      expected = modelCall.get();
    } catch (IllegalArgumentException e) {
      expected = null;
      refused = true;
    }
    T got = call(operation, refused ? PauseModel.Refusal.ILLEGAL_ARGUMENT : null, repoCall);
    if (!refused) {
      assertThat(got).as(operation).isEqualTo(expected);
    }
  }

  // ------------------------------------------------------------------------------- generators

  private String newRunId() {
    return new UUID(random.nextLong(), salt).toString();
  }

  private WorkflowRunStatus randomStatus() {
    int dice = random.nextInt(10);
    return dice < 5 ? WorkflowRunStatus.RUNNING : dice < 7 ? WorkflowRunStatus.PAUSED
        : pick(Arrays.asList(WorkflowRunStatus.values()));
  }

  private byte[] randomState() {
    byte[] state = new byte[random.nextInt(65)];
    random.nextBytes(state);
    return random.nextBoolean() ? state : Pauses.utf8("{\"step\":" + trail.step() + "}");
  }

  private List<PauseReason> randomReasons() {
    List<PauseReason> reasons = new ArrayList<>();
    for (int i = 0, n = random.nextInt(4); i < n; i++) {
      reasons.add(random.nextBoolean()
          ? new PauseReason(PauseReasonType.HUMAN_INPUT_REQUIRED, TestRuns.newId(), "node-" + random.nextInt(5), "")
          : new PauseReason(PauseReasonType.SCHEDULED_PAUSE, "", "", "message " + random.nextInt(100)));
    }
    return reasons;
  }

  private @Nullable WorkflowRun pickRun() {
    List<WorkflowRun> all = model.runs.all();
    return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
  }

  private String other(String tenant) {
    return tenants.get(0).equals(tenant) ? tenants.get(1) : tenants.get(0);
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  // ---------------------------------------------------------------------------------- labels

  private String label(WorkflowRun run) {
    return shortId(run.id()) + " " + tenantLabel(run.tenantId()) + " " + run.status();
  }

  private String tenantLabel(String tenant) {
    int i = tenants.indexOf(tenant);
    return i >= 0 ? "tenant" + i : "tenant?" + shortId(tenant);
  }

  private static String shortId(String id) {
    return StepTrail.shortId(id);
  }
}
