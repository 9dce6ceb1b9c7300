package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12, for the SQL servers that lock rows (PostgreSQL, MySQL, MariaDB): row locks held by
 * another transaction ({@code SELECT ... FOR UPDATE}) against {@code save}, {@code deleteRunsByApp},
 * a retention purge and a page; a pool with every connection busy. Every call returns within the
 * configured lock timeout (or pool wait) plus a margin, with a {@link DataAccessException.Reason}
 * that says which limit ran out; none is retried as if it were a deadlock; a page is not blocked
 * at all (MVCC). The bounds are generous (several times the limit) but far below what the
 * defects took: forever, or eight retries of the lock wait.
 *
 * <p>A backend test supplies repositories built from {@link RepositoryConfig} (its own pool),
 * the locking transaction, and the purge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class RowLockContract {

  /** The lock timeout of the repositories under test. */
  protected static final Duration LOCK = Duration.ofSeconds(1);
  /** What a call may take beyond its limit: one lock wait and the scheduling of a loaded machine. */
  protected static final Duration MARGIN = Duration.ofMillis(2500);

  private final ExecutorService background = Executors.newCachedThreadPool();
  private final List<WorkflowRunRepository> opened = new ArrayList<>();

  /**
   * A repository over a pool the backend builds from {@code settings} plus its URL and
   * credentials (the provider's {@code create(config, null)}); the contract closes it.
   */
  protected abstract WorkflowRunRepository repository(RepositoryConfig.Builder settings);

  /**
   * Opens a transaction on a connection of its own that locks these runs
   * ({@code SELECT ... FOR UPDATE}); closing the handle rolls it back and releases the locks.
   */
  protected abstract AutoCloseable lock(String tenantId, List<String> runIds) throws Exception;

  /** Purges (retention job) the tenant's runs created before {@code before}, archiving them first. */
  protected abstract void purge(WorkflowRunRepository repository, String tenantId, Instant before);

  private WorkflowRunRepository open(RepositoryConfig.Builder settings) {
    WorkflowRunRepository repository = repository(settings);
    opened.add(repository);
    return repository;
  }

  private WorkflowRunRepository lockLimited() {
    return open(RepositoryConfig.builder().lockTimeout(LOCK).queryTimeout(Duration.ofSeconds(20)));
  }

  @AfterAll
  void closeAll() {
    background.shutdownNow();
    opened.forEach(WorkflowRunRepository::close);
  }

  private static List<WorkflowRun> runs(WorkflowRunRepository repository, String tenant, String app, int n) {
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      WorkflowRun run = TestRuns.run(tenant, app).createdAt(TestRuns.BASE.plusMillis(i)).build();
      repository.save(run);
      runs.add(run);
    }
    return runs;
  }

  private static List<String> ids(List<WorkflowRun> runs) {
    return runs.stream().map(WorkflowRun::id).toList();
  }

  /** The exception {@code call} throws, asserting it came within {@code limit} + margin. */
  private static DataAccessException failsWithin(Duration limit, Runnable call) {
    long start = System.nanoTime();
    Throwable thrown = null;
    try {
      call.run();
    } catch (Throwable t) {
      thrown = t;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println(RowLockContract.class.getSimpleName() + ": failed after " + took.toMillis() + " ms: " + thrown);
    assertThat(thrown).isInstanceOf(DataAccessException.class);
    assertThat(took).as("time to fail").isLessThan(limit.plus(MARGIN));
    return (DataAccessException) thrown;
  }

  @Test
  void saveOfALockedRunFailsWithLockTimeoutWithoutRetries() throws Exception {
    WorkflowRunRepository repository = lockLimited();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun run = runs(repository, tenant, app, 1).get(0);
    try (AutoCloseable held = lock(tenant, List.of(run.id()))) {
      WorkflowRun changed = run.toBuilder().status(WorkflowRunStatus.FAILED).build();
      DataAccessException e = failsWithin(LOCK, () -> repository.save(changed));
      assertThat(e.reason()).isEqualTo(DataAccessException.Reason.LOCK_TIMEOUT);
      assertThat(e.isTransient()).isTrue();
      assertThat(e.reason().isRetryable()).isFalse();
      assertThat(e.getMessage()).startsWith("save failed: ").doesNotContain(tenant);
    }
    assertThat(repository.getWorkflowRunById(tenant, app, run.id())).contains(run);
  }

  @Test
  void deleteRunsByAppOfLockedRunsFailsWithLockTimeoutAndDoesNotSpin() throws Exception {
    WorkflowRunRepository repository = lockLimited();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = runs(repository, tenant, app, 6);
    try (AutoCloseable held = lock(tenant, ids(runs))) {
      DataAccessException e = failsWithin(LOCK, () -> repository.deleteRunsByApp(tenant, app, 2));
      assertThat(e.reason()).isEqualTo(DataAccessException.Reason.LOCK_TIMEOUT);
      assertThat(e.getMessage()).startsWith("deleteRunsByApp failed: ");
    }
    assertThat(repository.deleteRunsByApp(tenant, app, 2)).isEqualTo(6);
  }

  @Test
  void deleteRunsByAppSaysHowManyRunsItDeletedBeforeALockStoppedIt() throws Exception {
    WorkflowRunRepository repository = lockLimited();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = runs(repository, tenant, app, 12);
    // The newest three are locked; the others can go.
    List<String> locked = ids(runs.subList(9, 12));
    try (AutoCloseable held = lock(tenant, locked)) {
      DataAccessException e = failsWithin(LOCK.multipliedBy(2), () -> repository.deleteRunsByApp(tenant, app, 2));
      assertThat(e.reason()).isEqualTo(DataAccessException.Reason.LOCK_TIMEOUT);
      int left = count(repository, tenant, app);
      assertThat(left).isGreaterThanOrEqualTo(3);
      if (left < 12) {
        assertThat(e.getMessage()).contains("(" + (12 - left) + " runs of the app were deleted before");
      }
      for (String id : locked) {
        assertThat(repository.getWorkflowRunById(tenant, app, id)).isPresent();
      }
    }
    int left = count(repository, tenant, app);
    assertThat(repository.deleteRunsByApp(tenant, app, 2)).isEqualTo(left);
    assertThat(count(repository, tenant, app)).isZero();
  }

  @Test
  void deleteRunsByAppFinishesOnceTheLocksAreReleased() throws Exception {
    WorkflowRunRepository repository = open(
        RepositoryConfig.builder().lockTimeout(Duration.ofSeconds(10)).queryTimeout(Duration.ofSeconds(20)));
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = runs(repository, tenant, app, 5);
    AutoCloseable held = lock(tenant, ids(runs));
    Future<Integer> delete = background.submit(() -> repository.deleteRunsByApp(tenant, app, 2));
    Thread.sleep(500);
    assertThat(delete).as("waits for the locks").isNotDone();
    held.close();
    assertThat(delete.get(10, TimeUnit.SECONDS)).isEqualTo(5);
    assertThat(count(repository, tenant, app)).isZero();
  }

  @Test
  void purgeOfALockedRunFailsWithLockTimeout() throws Exception {
    WorkflowRunRepository repository = lockLimited();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = runs(repository, tenant, app, 4);
    try (AutoCloseable held = lock(tenant, List.of(runs.get(0).id()))) {
      // The job archives (writes, reads back and verifies) the batch before it deletes.
      DataAccessException e = failsWithin(LOCK.multipliedBy(4),
          () -> purge(repository, tenant, TestRuns.BASE.plusSeconds(1)));
      assertThat(e.reason()).isEqualTo(DataAccessException.Reason.LOCK_TIMEOUT);
    }
    assertThat(repository.getWorkflowRunById(tenant, app, runs.get(0).id())).isPresent();
    purge(repository, tenant, TestRuns.BASE.plusSeconds(1));
    assertThat(count(repository, tenant, app)).isZero();
  }

  @Test
  void aPageIsNotBlockedByRowLocks() throws Exception {
    WorkflowRunRepository repository = lockLimited();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = runs(repository, tenant, app, 5);
    try (AutoCloseable held = lock(tenant, ids(runs))) {
      // No lock wait at all: a read that waited would fail with LOCK_TIMEOUT after LOCK.
      Future<InfiniteScrollPagination<WorkflowRun>> page = background.submit(
          () -> repository.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, null));
      assertThat(page.get(LOCK.toMillis() / 2, TimeUnit.MILLISECONDS).data()).hasSize(5);
      assertThat(repository.getWorkflowRunById(tenant, app, runs.get(0).id())).contains(runs.get(0));
    }
  }

  @Test
  void aQueryTimeoutIsToldApartFromALockTimeout() throws Exception {
    // No lock timeout (the server's own, long): the statement's time limit ends the wait.
    WorkflowRunRepository repository = open(
        RepositoryConfig.builder().lockTimeout(Duration.ZERO).queryTimeout(Duration.ofSeconds(1)));
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun run = runs(repository, tenant, app, 1).get(0);
    try (AutoCloseable held = lock(tenant, List.of(run.id()))) {
      WorkflowRun changed = run.toBuilder().status(WorkflowRunStatus.FAILED).build();
      DataAccessException e = failsWithin(Duration.ofSeconds(1), () -> repository.save(changed));
      assertThat(e.reason()).isEqualTo(DataAccessException.Reason.QUERY_TIMEOUT);
      assertThat(e.isTransient()).isTrue();
      assertThat(e.reason().isRetryable()).isFalse();
    }
  }

  @Test
  void aPoolTimeoutNamesThePoolItsSizeAndItsWaitNotAStatement() throws Exception {
    WorkflowRunRepository repository = open(RepositoryConfig.builder().poolMaxSize(1)
        .poolAcquireTimeout(Duration.ofMillis(500)).lockTimeout(Duration.ofSeconds(5)));
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun run = runs(repository, tenant, app, 1).get(0);
    try (AutoCloseable held = lock(tenant, List.of(run.id()))) {
      // The pool's only connection waits for the lock.
      Future<?> blocked = background.submit(() -> repository.save(run.toBuilder().status(WorkflowRunStatus.FAILED).build()));
      Thread.sleep(300);
      DataAccessException e = failsWithin(Duration.ofMillis(500),
          () -> repository.getWorkflowRunById(tenant, app, run.id()));
      assertThat(e.reason()).isEqualTo(DataAccessException.Reason.POOL_TIMEOUT);
      assertThat(e.isTransient()).isTrue();
      assertThat(e.getMessage())
          .startsWith("getWorkflowRunById failed: no connection of pool 'runstore-")
          .contains("maximum size 1", "within 500 ms", "runstore.jdbc.pool.acquire-timeout")
          .doesNotContain("SELECT", "workflow_runs", tenant);
      assertThat(blocked).isNotDone();
    }
  }

  private static int count(WorkflowRunRepository repository, String tenant, String app) {
    return repository.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 100, null).data().size();
  }
}
