package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.WorkflowRunRepository;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The database server stops and starts again while a writer saves runs: the saves during the
 * outage fail with a transient {@link dev.runstore.api.DataAccessException} within
 * {@link #maxCall()}, the same repository works again soon after the server is back, and every
 * acknowledged save is present. Prints one {@code FAULT} line with its figures.
 *
 * <p>A backend extends this with a private server of its own (never the shared test server),
 * and a repository over it with small time limits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerRestartContract {

  /** The repository under test, over the private server. */
  protected abstract WorkflowRunRepository repository();

  /** Stops the private server (a fast shutdown: open sessions are ended). */
  protected abstract void stopServer() throws Exception;

  /** Starts the private server again, on the same port and data. */
  protected abstract void startServer() throws Exception;

  /** The longest any call may take while the server is down. */
  protected abstract Duration maxCall();

  /** A short name of the database for the figures. */
  protected abstract String database();

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void restartMidWorkloadFailsCallsTransientlyAndLosesNoAcknowledgedSave() throws Exception {
    WorkflowRunRepository repository = repository();
    try (FaultWorkload writer = new FaultWorkload(repository)) {
      writer.awaitAcknowledged(50, Duration.ofSeconds(30));
      long stopAt = System.nanoTime();
      stopServer();
      Duration stopTook = Duration.ofNanos(System.nanoTime() - stopAt);
      // down for a while: the writer's saves must fail, each within the limits
      Thread.sleep(maxCall().toMillis() + 1000);
      long startAt = System.nanoTime();
      startServer();
      long upAt = System.nanoTime();
      Duration recovery = writer.awaitRecovery(upAt, Duration.ofSeconds(60));
      writer.awaitAcknowledged(writer.acknowledgedCount() + 50, Duration.ofSeconds(30));
      FaultWorkload.Figures figures = writer.stop(maxCall());
      System.out.printf("FAULT|%s|server restart (stop %d ms, start %d ms)|time to fail %d ms (longest failing save)"
              + "|%d failed saves %s|time to recover %d ms after the server was up|rows lost %d of %d acknowledged%n",
          database(), stopTook.toMillis(), Duration.ofNanos(upAt - startAt).toMillis(),
          figures.longestFailure().toMillis(), figures.failedCalls(), figures.reasons(), recovery.toMillis(),
          figures.rowsLost(), figures.acknowledged());
      assertThat(figures.failedCalls()).as("saves failed while the server was down").isPositive();
      assertThat(figures.rowsLost()).as("acknowledged saves lost").isZero();
    }
  }
}
