package dev.runstore.spi;

import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Observes what a repository and the retention jobs do: metrics, tracing, logging. Called around
 * every {@link dev.runstore.api.WorkflowRunRepository} method (except {@code close()} and
 * {@code executions(context)} itself, whose returned repository's {@code save} is observed) and
 * around each batch of {@code RetentionJob} and {@code RestoreJob}.
 *
 * <p>Register observers in code with
 * {@link dev.runstore.api.RepositoryOptions.Builder#observer(OperationObserver)} and
 * {@link dev.runstore.api.WorkflowRunRepositories#create(dev.runstore.api.RepositoryConfig, DataSource,
 * dev.runstore.api.RepositoryOptions)}, or list the implementation (a public class with a public
 * no-argument constructor) in {@code META-INF/services/dev.runstore.spi.OperationObserver} (and
 * {@code provides} in {@code module-info.java}): the factory then finds it with
 * {@link java.util.ServiceLoader} for every repository it creates. With no observer, the factory
 * returns the backend's repository itself: nothing is added to any call.
 *
 * <p>Each call is made on the thread that runs the operation, {@link #onStart} before it and
 * {@link #onEnd} once after it, whether it returned or threw. Implementations must be thread-safe
 * and quick; an exception thrown by an observer is logged and otherwise ignored, never changing
 * the operation's result.
 */
public interface OperationObserver {

  /**
   * Whether this observer wants {@link OperationEvent#durationNanos()} measured (two reads of
   * {@link System#nanoTime()} per call, about 40 ns). An observer that measures time itself
   * (e.g. with a span started in {@link #onStart}) or not at all returns false; events then carry
   * {@code -1} unless another observer asked for it. Read once, when the observer is registered.
   */
  default boolean needsDuration() {
    return true;
  }

  /**
   * An operation starts.
   *
   * @return what {@link #onEnd} receives as {@code context} (e.g. an open span); null for nothing
   */
  default @Nullable Object onStart(Operation operation, String backend) {
    return null;
  }

  /**
   * The operation ended.
   *
   * @param context what {@link #onStart} returned for this call
   */
  void onEnd(OperationEvent event, @Nullable Object context);

  /**
   * A repository created, and owns, this connection pool (a provider's repository built without
   * the application's DataSource); called once, before the repository is returned. The pool is a
   * {@code com.zaxxer.hikari.HikariDataSource} for the JDBC backends: an observer may attach pool
   * metrics to it. Default: nothing.
   *
   * @param backend the backend's short name
   */
  default void onOwnedPool(String backend, DataSource pool) {}
}
