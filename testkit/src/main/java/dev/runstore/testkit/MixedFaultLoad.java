package dev.runstore.testkit;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Random operations from several threads over several tenants while a {@link FaultProxy} cuts
 * and stalls connections; afterwards every tenant's table must equal the in-memory model
 * ({@link SimpleRunModel}).
 *
 * <p>Each thread owns two apps in every tenant and keeps its own model of them, so the final
 * state is defined although threads interleave freely. Threads also try what must have no
 * effect across tenants: reading an owned run under another tenant, deleting owned ids under
 * another tenant, and saving an owned id under another tenant (refused). A call failing with a
 * transient {@link DataAccessException} is tried again until it succeeds (a careful caller),
 * since its outcome is unknown; every operation is idempotent when repeated that way.
 */
public final class MixedFaultLoad {

  /** System property with the load's duration in seconds (default 60). */
  public static final String DURATION_PROPERTY = "runstore.test.loadSeconds";

  private final WorkflowRunRepository repository;
  private final int threads;
  private final List<String> tenants = new ArrayList<>();
  private final long seed;
  private final AtomicLong failedCalls = new AtomicLong();
  private final AtomicLong longestFailureNanos = new AtomicLong();
  private final AtomicLong longestRecoveryNanos = new AtomicLong();
  private final AtomicLong operations = new AtomicLong();
  private final Map<String, Integer> reasons = Collections.synchronizedMap(new TreeMap<>());
  private final List<String> mismatches = Collections.synchronizedList(new ArrayList<>());

  /** A load of {@code threads} threads over {@code tenantCount} fresh tenants. */
  public MixedFaultLoad(WorkflowRunRepository repository, int threads, int tenantCount, long seed) {
    this.repository = repository;
    this.threads = threads;
    this.seed = seed;
    for (int i = 0; i < tenantCount; i++) {
      tenants.add(TestRuns.newId());
    }
  }

  /** {@value #DURATION_PROPERTY} seconds, default 60. */
  public static Duration configuredDuration() {
    return Duration.ofSeconds(Long.getLong(DURATION_PROPERTY, 60L));
  }

  /**
   * What the load saw.
   *
   * @param operations operations completed
   * @param failedCalls calls that failed (transiently) and were tried again
   * @param reasons failures by reason and SQLState
   * @param longestFailure the longest a failing call took
   * @param longestRecovery the longest from a first failure to the same operation's success
   * @param rowsLost acknowledged runs missing from the table
   * @param mismatches every disagreement with the model, empty when none
   */
  public record Result(long operations, long failedCalls, String reasons, Duration longestFailure,
      Duration longestRecovery, int rowsLost, List<String> mismatches) {}

  /**
   * Runs the load for {@code duration}, cutting every connection at a third of it and stalling
   * the proxy for 3 s at two thirds (ended by a cut, so no held request arrives late); then
   * compares each tenant's table with the models.
   */
  public Result run(Duration duration, FaultProxy proxy, Duration maxCall) throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Worker> workers = new ArrayList<>();
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        Worker w = new Worker(new Random(seed + t), maxCall);
        workers.add(w);
        futures.add(pool.submit(() -> w.loop(end)));
      }
      long third = duration.toMillis() / 3;
      Thread.sleep(third);
      proxy.cutAll();
      Thread.sleep(third);
      proxy.stall();
      Thread.sleep(3000);
      proxy.cutAll();
      proxy.pass();
      for (Future<?> f : futures) {
        f.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      proxy.pass();
    }
    int lost = 0;
    for (String tenant : tenants) {
      List<WorkflowRun> expected = new ArrayList<>();
      for (Worker w : workers) {
        for (WorkflowRun run : w.model.all()) {
          if (run.tenantId().equals(tenant)) {
            expected.add(run);
          }
        }
      }
      expected.sort(TestRuns.OLDEST_FIRST);
      List<WorkflowRun> actual = FaultWorkload.retrying(
          () -> repository.getExpiredRunsBatch(tenant, TestRuns.FAR_FUTURE, WorkflowRunRepository.MAX_BATCH_SIZE));
      String diff = RunDiff.between(expected, actual);
      if (diff != null) {
        mismatches.add("tenant " + tenant + ": " + diff);
        java.util.Set<String> present = new java.util.HashSet<>();
        actual.forEach(r -> present.add(r.id()));
        lost += (int) expected.stream().filter(r -> !present.contains(r.id())).count();
      }
    }
    return new Result(operations.get(), failedCalls.get(), reasons.toString(),
        Duration.ofNanos(longestFailureNanos.get()), Duration.ofNanos(longestRecoveryNanos.get()), lost,
        List.copyOf(mismatches));
  }

  /** One thread: its random source, its apps and its model. */
  private final class Worker {
    private final Random random;
    private final Duration maxCall;
    private final SimpleRunModel model = new SimpleRunModel();
    private final List<String[]> apps = new ArrayList<>();
    private int step;

    Worker(Random random, Duration maxCall) {
      this.random = random;
      this.maxCall = maxCall;
      for (String tenant : tenants) {
        apps.add(new String[] {tenant, TestRuns.newId(random)});
        apps.add(new String[] {tenant, TestRuns.newId(random)});
      }
    }

    void loop(long end) {
      while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
        step();
        operations.incrementAndGet();
      }
    }

    private void step() {
      String[] app = apps.get(random.nextInt(apps.size()));
      String tenant = app[0];
      String appId = app[1];
      String otherTenant = otherTenant(tenant);
      List<WorkflowRun> owned = ownedRuns(tenant, appId);
      int op = random.nextInt(100);
      if (op < 35 || owned.isEmpty()) {
        WorkflowRun run = TestRuns.run(tenant, appId)
            .id(TestRuns.newId(random))
            .triggeredFrom(random.nextBoolean() ? TriggeredFrom.APP_RUN : TriggeredFrom.DEBUGGING)
            .createdAt(TestRuns.BASE.plusMillis(step++ * 7L + random.nextInt(5)))
            .build();
        call(() -> {
          repository.save(run);
          return null;
        });
        model.save(run);
        return;
      }
      WorkflowRun some = owned.get(random.nextInt(owned.size()));
      if (op < 50) {
        WorkflowRun updated = some.toBuilder()
            .status(WorkflowRunStatus.values()[random.nextInt(WorkflowRunStatus.values().length)])
            .totalTokens(random.nextInt(100_000))
            .build();
        call(() -> {
          repository.save(updated);
          return null;
        });
        model.save(updated);
      } else if (op < 65) {
        Optional<WorkflowRun> got = call(() -> repository.getWorkflowRunById(tenant, appId, some.id()));
        expectSame("get " + some.id(), some, got.orElse(null));
        Optional<WorkflowRun> foreign = call(() -> repository.getWorkflowRunById(otherTenant, appId, some.id()));
        if (foreign.isPresent()) {
          mismatches.add("cross-tenant read: run " + some.id() + " read under tenant " + otherTenant);
        }
      } else if (op < 77) {
        TriggeredFrom trigger = some.triggeredFrom();
        InfiniteScrollPagination<WorkflowRun> page =
            call(() -> repository.getPaginatedWorkflowRuns(tenant, appId, trigger, 20, null));
        InfiniteScrollPagination<WorkflowRun> expected = model.page(tenant, appId, trigger, 20, null);
        String diff = RunDiff.between(expected.data(), page.data());
        if (diff != null || expected.hasMore() != page.hasMore()) {
          mismatches.add("page of " + appId + ": " + diff + " hasMore " + page.hasMore());
        }
      } else if (op < 85) {
        // Another tenant cannot overwrite the run: refused, the stored run unchanged.
        WorkflowRun intruder = some.toBuilder().tenantId(otherTenant).status(WorkflowRunStatus.FAILED).build();
        try {
          call(() -> {
            repository.save(intruder);
            return null;
          });
          mismatches.add("cross-tenant overwrite accepted: run " + some.id());
        } catch (IllegalArgumentException expectedRefusal) {
          // the id belongs to another tenant
        }
      } else if (op < 95) {
        List<String> ids = new ArrayList<>();
        for (WorkflowRun r : owned) {
          if (random.nextInt(4) == 0) {
            ids.add(r.id());
          }
        }
        ids.add(some.id());
        int foreign = call(() -> repository.deleteRunsByIds(otherTenant, ids));
        if (foreign != 0) {
          mismatches.add("cross-tenant delete: " + foreign + " runs of tenant " + tenant + " deleted under " + otherTenant);
        }
        long before = failedCalls.get();
        int deleted = call(() -> repository.deleteRunsByIds(tenant, ids));
        int modelDeleted = model.deleteByIds(ids);
        if (failedCalls.get() == before && deleted != modelDeleted) {
          mismatches.add("deleteRunsByIds deleted " + deleted + ", model " + modelDeleted);
        }
      } else {
        long before = failedCalls.get();
        int deleted = call(() -> repository.deleteRunsByApp(tenant, appId, 1 + random.nextInt(10)));
        int modelDeleted = model.deleteByApp(tenant, appId, 10);
        if (failedCalls.get() == before && deleted != modelDeleted) {
          mismatches.add("deleteRunsByApp deleted " + deleted + ", model " + modelDeleted);
        }
      }
    }

    private String otherTenant(String tenant) {
      String other = tenants.get(random.nextInt(tenants.size()));
      return other.equals(tenant) ? tenants.get((tenants.indexOf(tenant) + 1) % tenants.size()) : other;
    }

    private List<WorkflowRun> ownedRuns(String tenant, String appId) {
      List<WorkflowRun> runs = new ArrayList<>();
      for (WorkflowRun r : model.all()) {
        if (r.tenantId().equals(tenant) && r.appId().equals(appId)) {
          runs.add(r);
        }
      }
      return runs;
    }

    private void expectSame(String what, WorkflowRun expected, WorkflowRun actual) {
      String diff = RunDiff.between(expected, actual);
      if (diff != null) {
        mismatches.add(what + ": " + diff);
      }
    }

    /** {@code call}, tried again after each transient failure until it succeeds. */
    private <T> T call(Supplier<T> call) {
      long firstFailure = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        long start = System.nanoTime();
        try {
          T result = call.get();
          if (firstFailure != 0) {
            longestRecoveryNanos.accumulateAndGet(System.nanoTime() - firstFailure, Math::max);
          }
          return result;
        } catch (DataAccessException e) {
          long took = System.nanoTime() - start;
          failedCalls.incrementAndGet();
          longestFailureNanos.accumulateAndGet(took, Math::max);
          reasons.merge(e.reason() + "/" + e.sqlState(), 1, Integer::sum);
          if (!e.isTransient()) {
            mismatches.add("non-transient failure under a network fault: " + e);
            throw e;
          }
          if (took > maxCall.toNanos()) {
            mismatches.add("a call took " + took / 1_000_000 + " ms to fail (limit " + maxCall.toMillis() + " ms): " + e);
          }
          if (System.nanoTime() > deadline) {
            mismatches.add("no recovery within 60 s: " + e);
            throw e;
          }
          if (firstFailure == 0) {
            firstFailure = start;
          }
          try {
            Thread.sleep(50);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw e;
          }
        }
      }
    }
  }
}
