package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Network faults between a JDBC repository and its server, injected by a {@link FaultProxy}: the
 * time limits ({@code runstore.jdbc.connect-timeout}, {@code .pool.acquire-timeout},
 * {@code .query-timeout}, {@code .lock-timeout}, set small here) bound every call on a stalled,
 * cut or black-holed server; each failure is a transient {@link DataAccessException}; once the
 * proxy passes through again the same repository recovers, and no acknowledged save is lost.
 *
 * <p>A backend extends this once, saying where its server is and how a repository reaches it
 * through the proxy. Each test prints one {@code FAULT} line with its figures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class NetworkFaultContract {

  /** The connect, acquire and query timeouts the tests set. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** See {@link #CONNECT_TIMEOUT}. */
  public static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(1);
  /** See {@link #CONNECT_TIMEOUT}. */
  public static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);
  /** The pool size of the tests' repositories. */
  protected static final int POOL_SIZE = 4;
  /** See {@link #CONNECT_TIMEOUT}. */
  protected static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);

  /**
   * The longest any call may take under a fault: every limit that can apply in turn (connect,
   * acquire, query) plus 3 s for the driver's own clean-up on a loaded 2-core machine.
   */
  public static final Duration MAX_CALL = CONNECT_TIMEOUT.plus(ACQUIRE_TIMEOUT).plus(QUERY_TIMEOUT)
      .plusSeconds(3);

  /**
   * The longest a call may take when the server goes silent in the middle of it (a stall): the
   * query timeout's cancel request cannot reach a silent server either, so the driver's socket
   * timeout ends the call, which runstore sets to the query timeout + 30 s; plus 3 s.
   */
  public static final Duration MAX_STALLED_CALL = QUERY_TIMEOUT.plusSeconds(30 + 3);

  /**
   * The bound a stalled call is held to on this database: {@link #MAX_STALLED_CALL} unless the
   * driver is known to wait longer on a silent socket (still a bound, stated by the subclass).
   */
  protected Duration maxStalledCall() {
    return MAX_STALLED_CALL;
  }

  private FaultProxy proxy;
  private WorkflowRunRepository repository;

  /** Host of the database server the proxy forwards to. */
  protected abstract String serverHost();

  /** Port of the database server the proxy forwards to. */
  protected abstract int serverPort();

  /**
   * A configuration (repository name, JDBC URL on {@code 127.0.0.1:proxyPort}, credentials, the
   * test's own schema or database, {@code schemaCreate}) for a repository that reaches the server
   * only through the proxy; the contract adds the time limits.
   */
  protected abstract RepositoryConfig.Builder configThrough(int proxyPort);

  /** A short name of the database for the figures, e.g. {@code PostgreSQL 15}. */
  protected abstract String database();

  /** The proxy of the current test. */
  protected final FaultProxy proxy() {
    return proxy;
  }

  /** The repository of the current test: its own pool, reaching the server through the proxy. */
  protected final WorkflowRunRepository repository() {
    return repository;
  }

  @BeforeEach
  void startProxy() throws IOException {
    proxy = FaultProxy.start(serverHost(), serverPort());
    repository = WorkflowRunRepositories.create(withTimeouts(configThrough(proxy.port())).build());
  }

  /** Adds the small time limits of these tests and a pool of 4 to {@code config}. */
  public static RepositoryConfig.Builder withTimeouts(RepositoryConfig.Builder config) {
    return config
        .set("runstore.jdbc.connect-timeout", CONNECT_TIMEOUT.toMillis() + "ms")
        .set("runstore.jdbc.pool.acquire-timeout", ACQUIRE_TIMEOUT.toMillis() + "ms")
        .set("runstore.jdbc.query-timeout", QUERY_TIMEOUT.toSeconds() + "s")
        .set("runstore.jdbc.lock-timeout", LOCK_TIMEOUT.toSeconds() + "s")
        .poolMaxSize(POOL_SIZE);
  }

  @AfterEach
  void stopProxy() {
    try {
      if (repository != null) {
        repository.close();
      }
    } finally {
      proxy.close();
    }
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void stalledServerFailsEveryCallWithinTheLimitsAndTheSameRepositoryRecovers() throws Exception {
    try (FaultWorkload writer = new FaultWorkload(repository)) {
      writer.awaitAcknowledged(20, Duration.ofSeconds(20));
      proxy.stall();
      long failStart = System.nanoTime();
      DataAccessException failure = timedFailure(() -> repository.getWorkflowRunById(
          TestRuns.newId(), TestRuns.newId(), TestRuns.newId()), maxStalledCall());
      Duration timeToFail = Duration.ofNanos(System.nanoTime() - failStart);
      // The writer's save (an INSERT, not a read) meets the stall too; wait for it, bounded by
      // the socket timeout. (A call whose borrowed connection HikariCP checks first fails sooner,
      // after the acquire timeout, than one that gets a connection used in the last 500 ms.)
      writer.awaitFailure(maxStalledCall());
      long end = System.nanoTime();
      proxy.pass();
      Duration recovery = writer.awaitRecovery(end, Duration.ofSeconds(30));
      writer.awaitAcknowledged(writer.acknowledgedCount() + 20, Duration.ofSeconds(20));
      FaultWorkload.Figures figures = writer.stop(maxStalledCall());
      report("stall (accept, forward nothing)", timeToFail, failure, figures, recovery);
      assertThat(figures.failedCalls()).as("the writer met the stall").isPositive();
    }
  }

  @Test
  void blackHoledServerFailsNewConnectionsWithinTheConnectTimeoutAndTheSameRepositoryRecovers()
      throws Exception {
    try (FaultWorkload writer = new FaultWorkload(repository)) {
      writer.awaitAcknowledged(20, Duration.ofSeconds(20));
      proxy.blackHole();
      proxy.cutAll(); // every pooled connection dies: the pool must connect anew, into the black hole
      try {
        // may fail at once on a cut connection (which evicts the pool's idle ones)
        repository.getWorkflowRunById(TestRuns.newId(), TestRuns.newId(), TestRuns.newId());
      } catch (DataAccessException expected) {
        // the next call must open a connection
      }
      long failStart = System.nanoTime();
      DataAccessException failure = timedFailure(() -> repository.getWorkflowRunById(
          TestRuns.newId(), TestRuns.newId(), TestRuns.newId()), MAX_CALL);
      Duration timeToFail = Duration.ofNanos(System.nanoTime() - failStart);
      Thread.sleep(MAX_CALL.toMillis());
      long end = System.nanoTime();
      proxy.pass();
      Duration recovery = writer.awaitRecovery(end, Duration.ofSeconds(30));
      writer.awaitAcknowledged(writer.acknowledgedCount() + 20, Duration.ofSeconds(20));
      FaultWorkload.Figures figures = writer.stop(MAX_CALL);
      report("black hole (SYN dropped) + cut", timeToFail, failure, figures, recovery);
      assertThat(figures.failedCalls()).as("the writer met the black hole").isPositive();
    }
  }

  @Test
  void cutConnectionsFailOnlyTheCallsInFlightAndTheSameRepositoryRecovers() throws Exception {
    try (FaultWorkload writer = new FaultWorkload(repository)) {
      Duration worstRecovery = Duration.ZERO;
      for (int round = 0; round < 5; round++) {
        writer.awaitAcknowledged(writer.acknowledgedCount() + 20, Duration.ofSeconds(20));
        proxy.cutAll();
        long cutAt = System.nanoTime();
        Duration recovery = writer.awaitRecovery(cutAt, Duration.ofSeconds(30));
        worstRecovery = recovery.compareTo(worstRecovery) > 0 ? recovery : worstRecovery;
      }
      writer.awaitAcknowledged(writer.acknowledgedCount() + 20, Duration.ofSeconds(20));
      FaultWorkload.Figures figures = writer.stop(MAX_CALL);
      report("cut every connection (RST), 5 times", figures.longestFailure(), null, figures, worstRecovery);
      assertThat(proxy.cutConnections()).as("connections were cut").isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void poolExhaustedByFourTimesItsSizeFailsTheCallersBeyondItAfterTheAcquireTimeout() throws Exception {
    int threads = 4 * POOL_SIZE;
    // Warm up: concurrent calls make the pool open all its connections.
    runConcurrently(threads, () -> repository.getWorkflowRunById(TestRuns.newId(), TestRuns.newId(), TestRuns.newId()));
    proxy.stall(); // every call that gets a connection now hangs in it
    long start = System.nanoTime();
    java.util.List<java.util.concurrent.Future<Duration>> calls = new java.util.ArrayList<>();
    java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(threads);
    java.util.List<DataAccessException> poolFailures = new java.util.ArrayList<>();
    Duration longest = Duration.ZERO;
    try {
      for (int i = 0; i < threads; i++) {
        calls.add(executor.submit(() -> {
          long t = System.nanoTime();
          try {
            repository.getWorkflowRunById(TestRuns.newId(), TestRuns.newId(), TestRuns.newId());
            throw new AssertionError("a call succeeded on a stalled server");
          } catch (DataAccessException e) {
            synchronized (poolFailures) {
              if (e.getMessage().contains("pool '")) {
                poolFailures.add(e);
              }
            }
            return Duration.ofNanos(System.nanoTime() - t);
          }
        }));
      }
      // The callers beyond the pool give up after the acquire timeout; the ones holding a
      // connection would wait for the socket timeout: cut them loose once the others are done.
      long deadline = System.nanoTime() + MAX_CALL.toNanos();
      while (System.nanoTime() < deadline) {
        synchronized (poolFailures) {
          if (poolFailures.size() >= threads - POOL_SIZE) {
            break;
          }
        }
        Thread.sleep(20);
      }
      Duration timeToFail = Duration.ofNanos(System.nanoTime() - start);
      proxy.cutAll();
      proxy.pass();
      for (java.util.concurrent.Future<Duration> call : calls) {
        Duration took = call.get(MAX_CALL.toMillis(), TimeUnit.MILLISECONDS);
        longest = took.compareTo(longest) > 0 ? took : longest;
      }
      long recoverFrom = System.nanoTime();
      FaultWorkload.retrying(() -> repository.getWorkflowRunById(TestRuns.newId(), TestRuns.newId(), TestRuns.newId()));
      Duration recovery = Duration.ofNanos(System.nanoTime() - recoverFrom);
      DataAccessException sample;
      synchronized (poolFailures) {
        assertThat(poolFailures).as("callers beyond the pool fail naming the pool").hasSizeGreaterThanOrEqualTo(threads - POOL_SIZE);
        sample = poolFailures.get(0);
        for (DataAccessException e : poolFailures) {
          assertThat(e.isTransient()).isTrue();
          assertThat(e.getMessage()).contains("maximum size " + POOL_SIZE)
              .contains("within " + ACQUIRE_TIMEOUT.toMillis() + " ms").doesNotContain("SELECT");
        }
      }
      System.out.printf("FAULT|%s|pool of %d exhausted by %d threads (stalled server)|%d callers failed naming the pool"
              + " after %d ms (%s: %s)|longest call %d ms|time to recover %d ms|rows lost 0 (reads only)%n",
          database(), POOL_SIZE, threads, poolFailures.size(), timeToFail.toMillis(), sample.reason(),
          sample.getMessage(), longest.toMillis(), recovery.toMillis());
      assertThat(timeToFail).isLessThan(MAX_CALL);
    } finally {
      executor.shutdownNow();
    }
  }

  private static void runConcurrently(int threads, Runnable call) throws Exception {
    java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < threads * 4; i++) {
        futures.add(executor.submit(call));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void mixedLoadWithFaultsEndsEqualToTheModel() throws Exception {
    Duration duration = MixedFaultLoad.configuredDuration();
    MixedFaultLoad load = new MixedFaultLoad(repository, 8, 5, 20260312L);
    MixedFaultLoad.Result result = load.run(duration, proxy, MAX_CALL);
    System.out.printf("FAULT|%s|mixed load %ds, 8 threads, 5 tenants, cut + 3 s stall|%d ops, %d failed calls %s"
            + "|longest failing call %d ms|recovery %d ms|rows lost %d, model mismatches %d%n",
        database(), duration.toSeconds(), result.operations(), result.failedCalls(), result.reasons(),
        result.longestFailure().toMillis(), result.longestRecovery().toMillis(), result.rowsLost(),
        result.mismatches().size());
    assertThat(result.mismatches()).as("final table equals the model; no cross-tenant effect").isEmpty();
    assertThat(result.rowsLost()).isZero();
    assertThat(result.operations()).isGreaterThan(100);
  }

  /** Runs {@code call}, which must fail with a transient DataAccessException within {@code bound}. */
  private static DataAccessException timedFailure(Supplier<?> call, Duration bound) {
    long start = System.nanoTime();
    try {
      Object result = call.get();
      return fail("the call succeeded under the fault: " + result);
    } catch (DataAccessException e) {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(e.isTransient()).as("transient: %s (reason %s, SQLState %s)", e, e.reason(), e.sqlState()).isTrue();
      assertThat(took).as("time to fail, %s", e).isLessThanOrEqualTo(bound);
      return e;
    }
  }

  private void report(String fault, Duration timeToFail, DataAccessException failure,
      FaultWorkload.Figures figures, Duration recovery) {
    System.out.printf("FAULT|%s|%s|time to fail %d ms%s|writer: %d failed saves %s, longest %d ms"
            + "|time to recover %d ms|rows lost %d of %d acknowledged%n",
        database(), fault, timeToFail.toMillis(),
        failure == null ? "" : " (" + failure.reason() + "/" + failure.sqlState() + ": " + failure.getMessage() + ")",
        figures.failedCalls(), figures.reasons(), figures.longestFailure().toMillis(), recovery.toMillis(),
        figures.rowsLost(), figures.acknowledged());
    assertThat(figures.rowsLost()).as("acknowledged saves lost").isZero();
    assertThat(recovery).as("time to recover").isLessThanOrEqualTo(Duration.ofSeconds(30));
  }
}
