package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.runstore.api.Checks;
import dev.runstore.api.CreatorRole;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecution;
import dev.runstore.api.WorkflowExecutionRepository;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Contract rules under concurrency: parallel upserts (also of the same ids) leave exactly one
 * written version of each run; a reader paging while newer runs arrive sees every older run once,
 * in order; two callers deleting one app both succeed and their totals add up; parallel execution
 * saves all land. Every wait is bounded so that a hang fails the test instead of blocking the
 * build; nothing is timed.
 */
public interface ConcurrencyContract extends RepositoryFixture {

  /** How long any one concurrent task may take before the test counts it as hung. */
  long TASK_TIMEOUT_MINUTES = 2;

  /**
   * 8 writers × 200 upserts into one app, a quarter of them to 20 ids every writer shares: each id
   * ends as the last version written by one of the writers that wrote it, and no row is lost or
   * duplicated.
   */
  @Test
  default void parallelUpsertsKeepOneWrittenVersionPerId() throws Exception {
    WorkflowRunRepository repo = repository();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    int writers = 8;
    int writes = 200;
    List<String> shared = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      shared.add(TestRuns.newId());
    }
    // Per id: the last version each writer wrote (a writer's own writes are ordered).
    Map<String, Map<Integer, WorkflowRun>> lastByWriter = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      tasks.add(() -> {
        Random random = new Random(writer);
        List<String> own = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
          own.add(TestRuns.newId());
        }
        start.await();
        for (int seq = 0; seq < writes; seq++) {
          String id = seq % 4 == 0 ? shared.get(random.nextInt(shared.size())) : own.get(seq % own.size());
          WorkflowRun run = TestRuns.run(tenant, app)
              .id(id)
              .version("writer " + writer + " write " + seq)
              .totalSteps(writer * 1000 + seq)
              .totalTokens((1L << 32) + seq)
              .createdAt(TestRuns.BASE.plusSeconds(seq % 10))
              .build();
          repo.save(run);
          lastByWriter.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(writer, run);
        }
        return writes;
      });
    }
    runConcurrently(tasks, start);

    List<WorkflowRun> stored = listAll(repo, tenant, app, TriggeredFrom.APP_RUN);
    assertThat(stored).extracting(WorkflowRun::id).doesNotHaveDuplicates();
    assertThat(stored).extracting(WorkflowRun::id).containsExactlyInAnyOrderElementsOf(lastByWriter.keySet());
    for (WorkflowRun run : stored) {
      assertThat(lastByWriter.get(run.id()).values())
          .as("run %s must be the last version one of its writers wrote", run.id())
          .contains(run);
    }
    assertThat(stored).isSortedAccordingTo(newestFirst());
    assertThat(repo.getExpiredRunsBatch(tenant, Checks.MAX_INSTANT, WorkflowRunRepository.MAX_BATCH_SIZE))
        .hasSameSizeAs(stored);
  }

  /**
   * A reader pages (limit 7) through 300 runs while other threads, and the reader itself between
   * pages, insert runs newer than all of them: every older run is seen exactly once, in order,
   * and the whole sequence read is strictly ordered without repeats.
   */
  @Test
  default void pagingWhileNewerRunsArrive() throws Exception {
    WorkflowRunRepository repo = repository();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    Random random = new Random(300);
    List<WorkflowRun> older = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      older.add(TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, TestRuns.BASE.minusSeconds(random.nextInt(20))));
    }
    saveInParallel(repo, older, 4);
    List<WorkflowRun> expected = older.stream().sorted(newestFirst()).toList();

    Instant newer = TestRuns.BASE.plus(1, ChronoUnit.DAYS);
    AtomicLong clock = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Integer>> tasks = new ArrayList<>();
    List<WorkflowRun> seen = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      tasks.add(() -> {
        start.await();
        int inserted = 0;
        while (!done.get() && inserted < 1_000) {
          repo.save(TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, newer.plus(clock.incrementAndGet(), ChronoUnit.MICROS)));
          inserted++;
        }
        return inserted;
      });
    }
    tasks.add(() -> {
      try {
        start.await();
        String lastId = null;
        while (true) {
          InfiniteScrollPagination<WorkflowRun> page =
              repo.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 7, lastId);
          seen.addAll(page.data());
          if (!page.hasMore()) {
            return seen.size();
          }
          assertThat(page.data()).hasSize(7);
          lastId = page.data().get(6).id();
          // Guarantee at least one insert between every two pages, whatever the scheduling.
          repo.save(TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, newer.plus(clock.incrementAndGet(), ChronoUnit.MICROS)));
        }
      } finally {
        done.set(true);
      }
    });
    runConcurrently(tasks, start);

    Set<String> olderIds = new HashSet<>();
    older.forEach(r -> olderIds.add(r.id()));
    assertThat(seen).extracting(WorkflowRun::id).doesNotHaveDuplicates();
    assertThat(seen).isSortedAccordingTo(newestFirst());
    List<WorkflowRun> seenOlder = seen.stream().filter(r -> olderIds.contains(r.id())).toList();
    String difference = RunDiff.between(expected, seenOlder);
    if (difference != null) {
      fail("older runs seen while paging: " + difference);
    }
    for (WorkflowRun run : seen) {
      if (!olderIds.contains(run.id())) {
        assertThat(run.createdAt()).isAfter(newer);
      }
    }
  }

  /**
   * Two callers delete one app of 2,000 runs at once in batches of 100: both return normally,
   * their totals add up to 2,000, the app is empty, and the tenant's other app and another
   * tenant's app with the same id keep their runs.
   */
  @Test
  default void twoDeletersOnOneAppShareTheWork() throws Exception {
    WorkflowRunRepository repo = repository();
    String tenant = TestRuns.newId();
    String otherTenant = TestRuns.newId();
    String app = TestRuns.newId();
    String otherApp = TestRuns.newId();
    TriggeredFrom[] triggers = TriggeredFrom.values();
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      runs.add(TestRuns.run(tenant, app, triggers[i % triggers.length], TestRuns.BASE.plusSeconds(i % 50)));
    }
    List<WorkflowRun> keptHere = new ArrayList<>();
    List<WorkflowRun> keptThere = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      keptHere.add(TestRuns.run(tenant, otherApp, TriggeredFrom.APP_RUN, TestRuns.BASE.plusSeconds(i % 50)));
      keptThere.add(TestRuns.run(otherTenant, app, TriggeredFrom.APP_RUN, TestRuns.BASE.plusSeconds(i % 50)));
    }
    List<WorkflowRun> all = new ArrayList<>(runs);
    all.addAll(keptHere);
    all.addAll(keptThere);
    saveInParallel(repo, all, 4);

    CountDownLatch start = new CountDownLatch(1);
    Callable<Integer> deleter = () -> {
      start.await();
      return repo.deleteRunsByApp(tenant, app, 100);
    };
    List<Integer> totals = runConcurrently(List.of(deleter, deleter), start);

    assertThat(totals).allSatisfy(t -> assertThat(t).isNotNegative());
    assertThat(totals.get(0) + totals.get(1)).as("deleted by both, %s", totals).isEqualTo(2_000);
    for (TriggeredFrom trigger : triggers) {
      assertThat(repo.getPaginatedWorkflowRuns(tenant, app, trigger, 10, null).data()).isEmpty();
    }
    Comparator<WorkflowRun> oldestFirst = Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id);
    assertThat(repo.getExpiredRunsBatch(tenant, Checks.MAX_INSTANT, 10_000))
        .containsExactlyElementsOf(keptHere.stream().sorted(oldestFirst).toList());
    assertThat(repo.getExpiredRunsBatch(otherTenant, Checks.MAX_INSTANT, 10_000))
        .containsExactlyElementsOf(keptThere.stream().sorted(oldestFirst).toList());
    assertThat(repo.deleteRunsByApp(tenant, app, 100)).isZero();
  }

  /**
   * 8 threads start and finish 40 executions each (two saves per run) through bound
   * repositories, half of the threads sharing one: every run ends as its finished execution.
   */
  @Test
  default void concurrentExecutionSaves() throws Exception {
    WorkflowRunRepository repo = repository();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    ExecutionContext sharedContext =
        new ExecutionContext(tenant, app, CreatorRole.ACCOUNT, TestRuns.newId(), TriggeredFrom.APP_RUN);
    WorkflowExecutionRepository shared = repo.executions(sharedContext);
    Map<String, WorkflowRun> expected = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      tasks.add(() -> {
        ExecutionContext context = thread % 2 == 0
            ? sharedContext
            : new ExecutionContext(tenant, app, CreatorRole.END_USER, TestRuns.newId(),
                TriggeredFrom.values()[thread % TriggeredFrom.values().length]);
        WorkflowExecutionRepository executions = thread % 2 == 0 ? shared : repo.executions(context);
        start.await();
        for (int i = 0; i < 40; i++) {
          Instant started = TestRuns.BASE.plusSeconds(i);
          WorkflowExecution running = WorkflowExecution.start(
              TestRuns.newId(), TestRuns.newId(), "v" + thread, WorkflowType.WORKFLOW, "{\"t\":" + thread + "}",
              "{\"i\":" + i + "}", started);
          executions.save(running);
          WorkflowExecution finished = running.finish(
              i % 3 == 0 ? WorkflowRunStatus.FAILED : WorkflowRunStatus.SUCCEEDED, "{\"ok\":" + i + "}",
              i % 3 == 0 ? "failed " + i : "", (1L << 31) + i, i, thread, started.plusMillis(1_000 + i));
          executions.save(finished);
          expected.put(finished.id(), SimpleRunModel.toRun(context, finished));
        }
        return 40;
      });
    }
    runConcurrently(tasks, start);

    assertThat(expected).hasSize(320);
    for (WorkflowRun run : expected.values()) {
      Optional<WorkflowRun> read = repo.getWorkflowRunById(tenant, app, run.id());
      assertThat(read).as("run %s", run.id()).isPresent();
      String difference = RunDiff.between(run, read.get());
      if (difference != null) {
        fail(difference);
      }
    }
    assertThat(repo.getExpiredRunsBatch(tenant, Checks.MAX_INSTANT, 10_000)).hasSize(320);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Runs the tasks on their own threads, opens {@code start} once all are submitted, and returns
   * their results in task order. Fails when a task throws or takes longer than
   * {@link #TASK_TIMEOUT_MINUTES}.
   */
  private static <T> List<T> runConcurrently(List<Callable<T>> tasks, CountDownLatch start) throws InterruptedException {
    ExecutorService executor = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(executor.submit(task));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          results.add(futures.get(i).get(TASK_TIMEOUT_MINUTES, TimeUnit.MINUTES));
        } catch (ExecutionException e) {
          throw new AssertionError("concurrent task " + i + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
          throw new AssertionError("concurrent task " + i + " did not finish within " + TASK_TIMEOUT_MINUTES
              + " minutes (hung?)", e);
        }
      }
      return results;
    } finally {
      executor.shutdownNow();
      if (!executor.awaitTermination(TASK_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        throw new AssertionError("concurrent tasks did not stop");
      }
    }
  }

  /** Saves the runs from {@code threads} threads (setup only: keeps large fixtures quick). */
  private static void saveInParallel(WorkflowRunRepository repo, List<WorkflowRun> runs, int threads)
      throws InterruptedException {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      tasks.add(() -> {
        int saved = 0;
        for (int i = first; i < runs.size(); i += threads) {
          repo.save(runs.get(i));
          saved++;
        }
        return saved;
      });
    }
    runConcurrently(tasks, new CountDownLatch(0));
  }

  /** Every run of the listing, page by page (limit 1000). */
  private static List<WorkflowRun> listAll(
      WorkflowRunRepository repo, String tenant, String app, TriggeredFrom trigger) {
    List<WorkflowRun> all = new ArrayList<>();
    String lastId = null;
    while (true) {
      InfiniteScrollPagination<WorkflowRun> page =
          repo.getPaginatedWorkflowRuns(tenant, app, trigger, WorkflowRunRepository.MAX_PAGE_LIMIT, lastId);
      all.addAll(page.data());
      if (!page.hasMore()) {
        return all;
      }
      lastId = page.data().get(page.data().size() - 1).id();
    }
  }

  private static Comparator<WorkflowRun> newestFirst() {
    return Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id).reversed();
  }
}
