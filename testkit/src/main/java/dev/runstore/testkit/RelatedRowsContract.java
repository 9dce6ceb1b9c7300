package dev.runstore.testkit;

import static dev.runstore.testkit.TestRuns.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.PauseReason;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RelatedRows;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs with their related rows (API v1.2) as every backend has them: pauses and their reasons,
 * written through the repository. Exact counts per key, count equals what delete removes, other
 * tenants' ids ignored, other runs untouched, pause states deleted after the commit, the
 * runs-only setting, concurrent deleters whose totals add up, and read, delete, restore giving
 * back equal rows. In a database with only runstore's schema the other related keys are 0 (a
 * database without Dify's tables). SQL backends add {@link DifyRelatedRowsContract} for Dify's
 * other tables.
 *
 * <p>A backend's contract test implements this interface next to
 * {@link WorkflowRunRepositoryContract}, giving {@link #runsOnlyRepository()}.
 */
public interface RelatedRowsContract extends RepositoryFixture {

  /** A repository over the same storage as {@link #repository()} with {@code runstore.related.tables=none}. */
  WorkflowRunRepository runsOnlyRepository();

  /** A repository over the same storage built with {@code options} (as {@link WorkflowRunRepositoryContract} gives it). */
  WorkflowRunRepository repositoryWith(RepositoryOptions options);

  /** A saved run of {@code (tenant, app)}, paused with {@code reasons} reasons when {@code reasons > 0}. */
  private static WorkflowRun pausedRun(WorkflowRunRepository repo, String tenant, String app, int reasons, Random random) {
    WorkflowRun run = Pauses.running(tenant, app).build();
    repo.save(run);
    if (reasons > 0) {
      List<PauseReason> list = new ArrayList<>();
      for (int i = 0; i < reasons; i++) {
        list.add(i % 2 == 0 ? PauseReason.humanInputRequired(newId(random)) : PauseReason.scheduledPause("at " + i));
      }
      byte[] state = new byte[64 + random.nextInt(500)];
      random.nextBytes(state);
      repo.createWorkflowPause(tenant, run.id(), newId(random), state, list);
    }
    return run;
  }

  private static List<String> ids(List<WorkflowRun> runs) {
    return runs.stream().map(WorkflowRun::id).toList();
  }

  @Test
  default void emptyInputCountsZeroAndUnknownOrMalformedIdsAreIgnored() {
    WorkflowRunRepository repo = repository();
    assertThat(repo.countRunsWithRelated(newId(), List.of())).isEqualTo(RelatedCounts.ZERO);
    assertThat(repo.deleteRunsWithRelated(newId(), List.of())).isEqualTo(RelatedCounts.ZERO);
    assertThat(repo.readRelatedRows(newId(), List.of())).isEqualTo(RelatedRows.NONE);
    WorkflowRun run = pausedRun(repo, newId(), newId(), 1, new Random(7));
    List<String> noise = List.of(newId(), "not-a-uuid", "", run.id().toUpperCase(java.util.Locale.ROOT) + "x");
    assertThat(repo.countRunsWithRelated(run.tenantId(), noise)).isEqualTo(RelatedCounts.ZERO);
    assertThat(repo.deleteRunsWithRelated(run.tenantId(), noise)).isEqualTo(RelatedCounts.ZERO);
    assertThat(repo.getWorkflowRunById(run.tenantId(), run.appId(), run.id())).isPresent();
  }

  /**
   * Exact counts per key; the count equals what delete removes; runs of the same app not named, and
   * another tenant's runs named by id, keep their rows; the pause states of deleted pauses are gone.
   */
  @Test
  default void countIsExactAndEqualsWhatDeleteRemovesAndNothingElseIsTouched() {
    RecordingPauseStateStore states = new RecordingPauseStateStore();
    WorkflowRunRepository repo = repositoryWith(RepositoryOptions.builder().pauseStateStore(states).build());
    Random random = new Random(11);
    String tenant = newId();
    String app = newId();
    WorkflowRun twoReasons = pausedRun(repo, tenant, app, 2, random);
    WorkflowRun oneReason = pausedRun(repo, tenant, app, 1, random);
    WorkflowRun threeReasons = pausedRun(repo, tenant, app, 3, random);
    WorkflowRun noPause = pausedRun(repo, tenant, app, 0, random);
    WorkflowRun keptSameApp = pausedRun(repo, tenant, app, 2, random);
    WorkflowRun otherTenant = pausedRun(repo, newId(), app, 2, random);
    List<WorkflowRun> doomed = List.of(twoReasons, oneReason, threeReasons, noPause);
    List<String> named = new ArrayList<>(ids(doomed));
    named.add(otherTenant.id());
    named.add(twoReasons.id()); // duplicates count once
    named.add(newId());

    RelatedCounts counted = repo.countRunsWithRelated(tenant, named);
    assertThat(counted).isEqualTo(new RelatedCounts(4, 0, 0, 0, 0, 3, 6));
    assertThat(repo.countRunsWithRelated(tenant, named)).as("counting changes nothing").isEqualTo(counted);

    List<String> doomedKeys = new ArrayList<>();
    for (WorkflowRun run : List.of(twoReasons, oneReason, threeReasons)) {
      doomedKeys.add(repo.getWorkflowPause(tenant, run.id()).orElseThrow().stateObjectKey());
    }
    WorkflowPause keptPause = repo.getWorkflowPause(tenant, keptSameApp.id()).orElseThrow();
    WorkflowPause otherPause = repo.getWorkflowPause(otherTenant.tenantId(), otherTenant.id()).orElseThrow();

    assertThat(repo.deleteRunsWithRelated(tenant, named)).isEqualTo(counted);

    for (WorkflowRun run : doomed) {
      assertThat(repo.getWorkflowRunById(tenant, app, run.id())).as("run %s", run.id()).isEmpty();
      assertThat(repo.getWorkflowPause(tenant, run.id())).isEmpty();
    }
    assertThat(doomedKeys).allSatisfy(key -> assertThat(states.holds(key)).as("state %s", key).isFalse());
    assertThat(repo.getWorkflowPause(tenant, keptSameApp.id())).contains(keptPause);
    assertThat(repo.getWorkflowPause(otherTenant.tenantId(), otherTenant.id())).contains(otherPause);
    assertThat(states.holds(keptPause.stateObjectKey())).isTrue();
    assertThat(states.holds(otherPause.stateObjectKey())).isTrue();
    assertThat(repo.countRunsWithRelated(tenant, named)).as("after delete").isEqualTo(RelatedCounts.ZERO);
    assertThat(repo.deleteRunsWithRelated(tenant, named)).as("second delete").isEqualTo(RelatedCounts.ZERO);
  }

  /** Another tenant's run ids name nothing: counted 0, deleted 0, its runs and pauses stay. */
  @Test
  default void anotherTenantsIdsAreIgnored() {
    WorkflowRunRepository repo = repository();
    Random random = new Random(13);
    String owner = newId();
    List<WorkflowRun> runs = List.of(pausedRun(repo, owner, newId(), 2, random), pausedRun(repo, owner, newId(), 0, random));
    RelatedCounts before = repo.countRunsWithRelated(owner, ids(runs));
    assertThat(before).isEqualTo(new RelatedCounts(2, 0, 0, 0, 0, 1, 2));

    String stranger = newId();
    assertThat(repo.countRunsWithRelated(stranger, ids(runs))).isEqualTo(RelatedCounts.ZERO);
    assertThat(repo.deleteRunsWithRelated(stranger, ids(runs))).isEqualTo(RelatedCounts.ZERO);
    assertThat(repo.readRelatedRows(stranger, ids(runs))).isEqualTo(RelatedRows.NONE);
    assertThat(repo.countRunsWithRelated(owner, ids(runs))).isEqualTo(before);
  }

  /** {@code runstore.related.tables=none}: runs are counted and deleted, every related key is 0. */
  @Test
  default void runsOnlySettingCountsAndDeletesRunsAlone() {
    WorkflowRunRepository runsOnly = runsOnlyRepository();
    Random random = new Random(17);
    String tenant = newId();
    List<WorkflowRun> runs = List.of(pausedRun(runsOnly, tenant, newId(), 2, random),
        pausedRun(runsOnly, tenant, newId(), 1, random), pausedRun(runsOnly, tenant, newId(), 0, random));

    assertThat(runsOnly.countRunsWithRelated(tenant, ids(runs))).isEqualTo(new RelatedCounts(3, 0, 0, 0, 0, 0, 0));
    assertThat(runsOnly.readRelatedRows(tenant, ids(runs))).isEqualTo(RelatedRows.NONE);
    assertThat(runsOnly.deleteRunsWithRelated(tenant, ids(runs))).isEqualTo(new RelatedCounts(3, 0, 0, 0, 0, 0, 0));
    for (WorkflowRun run : runs) {
      assertThat(runsOnly.getWorkflowRunById(tenant, run.appId(), run.id())).isEmpty();
    }
  }

  /** Deleters racing over overlapping id lists: every run is deleted once, the totals add up to the count. */
  @Test
  default void concurrentDeletersTotalsAddUpToTheCount() throws Exception {
    WorkflowRunRepository repo = repository();
    Random random = new Random(19);
    String tenant = newId();
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add(pausedRun(repo, tenant, newId(), i % 4, random).id());
    }
    RelatedCounts counted = repo.countRunsWithRelated(tenant, all);
    assertThat(counted.runs()).isEqualTo(40);
    assertThat(counted.pauses()).isEqualTo(30);
    assertThat(counted.pauseReasons()).isEqualTo(60);

    int deleters = 4;
    ExecutorService pool = Executors.newFixedThreadPool(deleters);
    try {
      List<Future<RelatedCounts>> results = new ArrayList<>();
      for (int d = 0; d < deleters; d++) {
        // The first deleter names every run, the others overlapping random halves, each shuffled.
        Random pick = new Random(100 + d);
        List<String> mine = new ArrayList<>(d == 0 ? all : all.stream().filter(id -> pick.nextBoolean()).toList());
        Collections.shuffle(mine, pick);
        Callable<RelatedCounts> work = () -> repo.deleteRunsWithRelated(tenant, mine);
        results.add(pool.submit(work));
      }
      RelatedCounts total = RelatedCounts.ZERO;
      for (Future<RelatedCounts> result : results) {
        total = total.plus(result.get(60, TimeUnit.SECONDS));
      }
      assertThat(total).isEqualTo(counted);
    } finally {
      pool.shutdownNow();
    }
    assertThat(repo.countRunsWithRelated(tenant, all)).isEqualTo(RelatedCounts.ZERO);
  }

  /** Read, delete, save the runs again, restore: the rows read afterwards equal those read before, states included. */
  @Test
  default void readDeleteRestoreGivesBackEqualRows() {
    WorkflowRunRepository repo = repository();
    Random random = new Random(23);
    String tenant = newId();
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      runs.add(pausedRun(repo, tenant, newId(), i % 3, random));
    }
    WorkflowRun resumed = runs.get(1);
    WorkflowPause pause = repo.getWorkflowPause(tenant, resumed.id()).orElseThrow();
    repo.resumeWorkflowPause(tenant, resumed.id(), pause.id());
    List<WorkflowRun> saved = new ArrayList<>();
    for (WorkflowRun run : runs) {
      saved.add(repo.getWorkflowRunById(tenant, run.appId(), run.id()).orElseThrow());
    }
    List<WorkflowPause> pauses = saved.stream()
        .map(run -> repo.getWorkflowPause(tenant, run.id())).flatMap(java.util.Optional::stream).toList();

    RelatedRows before = repo.readRelatedRows(tenant, ids(saved));
    assertThat(before.counts()).isEqualTo(new RelatedCounts(0, 0, 0, 0, 0, 3, 4));
    assertThat(before.pauseStates()).hasSize(3);
    RelatedCounts deleted = repo.deleteRunsWithRelated(tenant, ids(saved));
    assertThat(deleted).isEqualTo(new RelatedCounts(5, 0, 0, 0, 0, 3, 4));
    assertThat(repo.readRelatedRows(tenant, ids(saved))).isEqualTo(RelatedRows.NONE);

    saved.forEach(repo::save);
    assertThat(repo.restoreRelatedRows(tenant, before)).isEqualTo(new RelatedCounts(0, 0, 0, 0, 0, 3, 4));
    assertThat(repo.readRelatedRows(tenant, ids(saved))).isEqualTo(before);
    for (WorkflowPause p : pauses) {
      assertThat(repo.getWorkflowPause(tenant, p.workflowRunId())).contains(p);
      assertThat(repo.getWorkflowPauseState(p)).isEqualTo(before.pauseStates().get(p.stateObjectKey()));
    }
    assertThat(repo.restoreRelatedRows(tenant, before)).as("rows present are left as they are")
        .isEqualTo(RelatedCounts.ZERO);
    assertThat(repo.countRunsWithRelated(tenant, ids(saved))).isEqualTo(new RelatedCounts(5, 0, 0, 0, 0, 3, 4));
  }
}
