package dev.runstore.spring.boot;

import dev.runstore.retention.RetentionJob;
import dev.runstore.retention.RetentionReport;
import java.util.concurrent.ScheduledFuture;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs the {@link RetentionJob} on {@code runstore.retention.cron}, on a thread of its own
 * ({@code runstore-retention-1}), one run at a time. A failed run is logged; the next scheduled
 * run continues where it stopped (the job is crash-safe). Stopped with the application context:
 * a run in progress finishes its batch first (the job's own budget bounds it).
 */
public class RunstoreRetentionScheduler implements SmartLifecycle {

  private static final Log LOG = LogFactory.getLog(RunstoreRetentionScheduler.class);

  private final RetentionJob job;
  private final CronTrigger trigger;
  private @Nullable ThreadPoolTaskScheduler scheduler;
  private @Nullable ScheduledFuture<?> scheduled;

  /**
   * Runs {@code job} on {@code cron}.
   *
   * @throws IllegalArgumentException when {@code cron} is not a valid cron expression (naming
   *     runstore.retention.cron)
   */
  public RunstoreRetentionScheduler(RetentionJob job, String cron) {
    this.job = job;
    try {
      this.trigger = new CronTrigger(cron);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("runstore.retention.cron is not a valid cron expression: " + e.getMessage(), e);
    }
  }

  /** Runs the job once now, on the calling thread, logging its report; failures are logged too. */
  public void runOnce() {
    try {
      RetentionReport report = job.run();
      LOG.info("runstore retention: " + report.runsDeleted() + " runs purged in " + report.batches()
          + " batches (" + report.bytesWritten() + " bytes archived, " + report.duration().toMillis() + " ms"
          + (report.stoppedByBudget() ? ", stopped by the time budget: the next run continues" : "") + ")");
    } catch (RuntimeException e) {
      LOG.error("runstore retention failed; the next scheduled run continues where it stopped", e);
    }
  }

  @Override
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    ThreadPoolTaskScheduler s = new ThreadPoolTaskScheduler();
    s.setPoolSize(1);
    s.setThreadNamePrefix("runstore-retention-");
    s.setWaitForTasksToCompleteOnShutdown(true);
    s.setAwaitTerminationSeconds(60);
    s.initialize();
    scheduler = s;
    scheduled = s.schedule(this::runOnce, trigger);
  }

  @Override
  public synchronized void stop() {
    ThreadPoolTaskScheduler s = scheduler;
    if (s == null) {
      return;
    }
    ScheduledFuture<?> f = scheduled;
    if (f != null) {
      f.cancel(false);
    }
    s.shutdown();
    scheduler = null;
    scheduled = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }

  /** The cron expression it runs on. */
  public String cron() {
    return trigger.getExpression();
  }
}
