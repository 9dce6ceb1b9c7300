package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A writer that saves runs one after another on its own thread while a test injects a fault,
 * and the figures the fault tests report: how long failing calls took (time to fail), how long
 * after the fault ended the first call succeeded again (time to recover), and how many
 * acknowledged saves are missing afterwards (rows lost, which must be 0).
 */
public final class FaultWorkload implements AutoCloseable {

  private final WorkflowRunRepository repository;
  private final String tenantId = TestRuns.newId();
  private final String appId = TestRuns.newId();
  private final Map<String, WorkflowRun> acknowledged = new ConcurrentHashMap<>();
  private final List<DataAccessException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<RuntimeException> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong longestFailureNanos = new AtomicLong();
  private final AtomicLong longestCallNanos = new AtomicLong();
  private final AtomicLong lastSuccessNanos = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  /** Starts saving runs through {@code repository} on a new daemon thread. */
  public FaultWorkload(WorkflowRunRepository repository) {
    this.repository = repository;
    this.thread = new Thread(this::loop, "fault-workload");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    int i = 0;
    while (running.get()) {
      WorkflowRun run = TestRuns.run(tenantId, appId).createdAt(TestRuns.BASE.plusMillis(i++)).build();
      long start = System.nanoTime();
      try {
        repository.save(run);
        acknowledged.put(run.id(), run);
        lastSuccessNanos.set(System.nanoTime());
      } catch (DataAccessException e) {
        failures.add(e);
        longestFailureNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
        pause(50);
      } catch (RuntimeException e) {
        unexpected.add(e);
        pause(50);
      }
      longestCallNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
      pause(5);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Saves failed so far. */
  public int failedCount() {
    return failures.size();
  }

  /** Waits (at most {@code timeout}) until at least one save has failed. */
  public void awaitFailure(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (failures.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  /** Saves acknowledged so far. */
  public int acknowledgedCount() {
    return acknowledged.size();
  }

  /** Waits (at most {@code timeout}) until at least {@code n} saves are acknowledged. */
  public void awaitAcknowledged(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (acknowledged.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + acknowledged.size() + " of " + n + " saves acknowledged in " + timeout
            + "; failures: " + failures.size() + (failures.isEmpty() ? "" : " last " + failures.get(failures.size() - 1)));
      }
      Thread.sleep(10);
    }
  }

  /**
   * Waits (at most {@code timeout}) for the first save acknowledged after {@code sinceNanos}
   * ({@link System#nanoTime()}), and returns how long after {@code sinceNanos} it came.
   */
  public Duration awaitRecovery(long sinceNanos, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lastSuccessNanos.get() - sinceNanos <= 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no save acknowledged within " + timeout + " after the fault ended; failures: "
            + failures.size() + (failures.isEmpty() ? "" : ", last " + failures.get(failures.size() - 1)));
      }
      Thread.sleep(5);
    }
    return Duration.ofNanos(lastSuccessNanos.get() - sinceNanos);
  }

  /** Stops the writer (bounded wait) and checks what it saw; returns the figures. */
  public Figures stop(Duration maxCallTime) throws InterruptedException {
    running.set(false);
    thread.join(maxCallTime.toMillis() + 10_000);
    assertThat(thread.isAlive()).as("the writer is stuck in a call").isFalse();
    assertThat(unexpected).as("only DataAccessException may fail a save").isEmpty();
    for (DataAccessException e : List.copyOf(failures)) {
      assertThat(e.isTransient()).as("transient: %s (reason %s, SQLState %s)", e, e.reason(), e.sqlState()).isTrue();
      assertThat(e.getMessage()).doesNotContain(tenantId).doesNotContain(appId);
    }
    assertThat(Duration.ofNanos(longestCallNanos.get()))
        .as("every call bounded (longest failure %s)", Duration.ofNanos(longestFailureNanos.get()))
        .isLessThanOrEqualTo(maxCallTime);
    return new Figures(failures.size(), Duration.ofNanos(longestFailureNanos.get()), acknowledged.size(),
        rowsLost(), reasons());
  }

  private String reasons() {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (DataAccessException e : List.copyOf(failures)) {
      counts.merge(e.reason() + "/" + e.sqlState(), 1, Integer::sum);
    }
    return counts.toString();
  }

  /** Acknowledged saves that the repository no longer returns as saved. */
  private int rowsLost() {
    int lost = 0;
    for (WorkflowRun run : acknowledged.values()) {
      Optional<WorkflowRun> stored = retrying(() -> repository.getWorkflowRunById(tenantId, appId, run.id()));
      if (stored.isEmpty() || RunDiff.between(run, stored.get()) != null) {
        lost++;
      }
    }
    return lost;
  }

  /** {@code call}, again after a transient failure, for at most 20 s. */
  static <T> T retrying(Supplier<T> call) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return call.get();
      } catch (DataAccessException e) {
        if (!e.isTransient() || System.nanoTime() > deadline) {
          throw e;
        }
        pause(100);
      }
    }
  }

  @Override
  public void close() {
    running.set(false);
    thread.interrupt();
  }

  /**
   * What one fault did to the writer.
   *
   * @param failedCalls saves that failed (all transient)
   * @param longestFailure the longest a failing save took (time to fail)
   * @param acknowledged saves acknowledged in all
   * @param rowsLost acknowledged saves missing or different afterwards
   * @param reasons failures by reason and SQLState
   */
  public record Figures(int failedCalls, Duration longestFailure, int acknowledged, int rowsLost, String reasons) {}
}
