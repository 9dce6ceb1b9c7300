package dev.runstore.internal.observe;

import dev.runstore.api.Checks;
import dev.runstore.spi.Operation;
import dev.runstore.spi.OperationEvent;
import dev.runstore.spi.OperationObserver;
import dev.runstore.spi.Outcome;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Calls the observers of one backend around operations: reads the clock only when an observer
 * asked for durations, builds the {@link OperationEvent}, and keeps an observer's exception from
 * reaching the caller (it is logged). Several observers act as one. Shared by
 * {@link ObservedWorkflowRunRepository} and the retention jobs.
 *
 * <p>Usage, allocation-free apart from the event:
 *
 * <pre>{@code
 * long started = calls.clock();
 * Object context = calls.start(op);
 * try { result = ...; } catch (RuntimeException | Error e) { calls.failed(op, started, context, e); throw e; }
 * calls.succeeded(op, started, context, rows);
 * }</pre>
 */
public final class ObserverCalls {

  private static final System.Logger LOG = System.getLogger(ObserverCalls.class.getName());

  private final OperationObserver observer;
  private final String backend;
  private final boolean timed;
  private final AtomicBoolean warned = new AtomicBoolean();

  private ObserverCalls(OperationObserver observer, String backend) {
    this.observer = observer;
    this.backend = backend;
    this.timed = observer.needsDuration();
  }

  /**
   * Calls for these observers under the tag {@code backend}, or null when there are none.
   *
   * @throws IllegalArgumentException when an observer or the backend is null
   */
  public static @Nullable ObserverCalls of(List<? extends OperationObserver> observers, String backend) {
    if (backend == null || backend.isBlank()) {
      throw new IllegalArgumentException("backend must not be null or blank");
    }
    for (OperationObserver o : observers) {
      if (o == null) {
        throw new IllegalArgumentException("observers must not contain null");
      }
    }
    if (observers.isEmpty()) {
      return null;
    }
    OperationObserver single = observers.size() == 1 ? observers.get(0) : new Composite(observers);
    return new ObserverCalls(single, backend);
  }

  /** Calls that tell nobody and read no clock: for code that always reports, observed or not. */
  public static ObserverCalls none() {
    return NONE;
  }

  private static final ObserverCalls NONE = new ObserverCalls(new OperationObserver() {
    @Override
    public boolean needsDuration() {
      return false;
    }

    @Override
    public void onEnd(OperationEvent event, @Nullable Object context) {}
  }, "none");

  /**
   * Calls for one observer under the tag {@code backend}.
   *
   * @throws IllegalArgumentException when an argument is null or the backend is blank
   */
  public static ObserverCalls of(OperationObserver observer, String backend) {
    ObserverCalls calls = of(List.of(Checks.requireNonNull(observer, "observer")), backend);
    return Checks.requireNonNull(calls, "calls");
  }

  /** The backend tag. */
  public String backend() {
    return backend;
  }

  /** The observers, as one. */
  OperationObserver observer() {
    return observer;
  }

  /** The start time to pass back to {@link #succeeded} or {@link #failed}; 0 when none is measured. */
  public long clock() {
    return timed ? System.nanoTime() : 0L;
  }

  /** Tells the observers {@code operation} starts; returns their context. */
  public @Nullable Object start(Operation operation) {
    try {
      return observer.onStart(operation, backend);
    } catch (RuntimeException e) {
      warn(e);
      return null;
    }
  }

  /** The operation returned; {@code rows} as {@link OperationEvent#rows()} says. */
  public void succeeded(Operation operation, long started, @Nullable Object context, long rows) {
    end(operation, started, context, Outcome.OK, rows, 0, 0, null);
  }

  /** The operation returned, with related rows and archive bytes (retention steps). */
  public void succeeded(
      Operation operation, long started, @Nullable Object context, long rows, long relatedRows, long bytes) {
    end(operation, started, context, Outcome.OK, rows, relatedRows, bytes, null);
  }

  /** The operation threw {@code failure} (which the caller rethrows). */
  public void failed(Operation operation, long started, @Nullable Object context, Throwable failure) {
    end(operation, started, context, Outcome.of(failure), -1, 0, 0, failure);
  }

  /** Tells the observers about a pool the repository of this backend owns. */
  public void ownedPool(DataSource pool) {
    try {
      observer.onOwnedPool(backend, pool);
    } catch (RuntimeException e) {
      warn(e);
    }
  }

  private void end(
      Operation operation,
      long started,
      @Nullable Object context,
      Outcome outcome,
      long rows,
      long relatedRows,
      long bytes,
      @Nullable Throwable failure) {
    long duration = timed ? System.nanoTime() - started : -1L;
    try {
      observer.onEnd(
          new OperationEvent(operation, backend, outcome, duration, rows, relatedRows, bytes, failure), context);
    } catch (RuntimeException e) {
      warn(e);
    }
  }

  private void warn(RuntimeException e) {
    // Once loudly, then quietly: a broken observer must not flood the log on every call.
    System.Logger.Level level = warned.compareAndSet(false, true) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
    LOG.log(level, "runstore: an OperationObserver threw; the operation itself is unaffected", e);
  }

  /** Several observers as one; each gets its own context, and one failing does not stop the others. */
  private static final class Composite implements OperationObserver {
    private final OperationObserver[] observers;
    private final boolean timed;

    Composite(List<? extends OperationObserver> observers) {
      this.observers = observers.toArray(new OperationObserver[0]);
      boolean any = false;
      for (OperationObserver o : this.observers) {
        any |= o.needsDuration();
      }
      this.timed = any;
    }

    @Override
    public boolean needsDuration() {
      return timed;
    }

    @Override
    public @Nullable Object onStart(Operation operation, String backend) {
      @Nullable Object[] contexts = new Object[observers.length];
      for (int i = 0; i < observers.length; i++) {
        try {
          contexts[i] = observers[i].onStart(operation, backend);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.DEBUG, "runstore: an OperationObserver threw in onStart", e);
        }
      }
      return contexts;
    }

    @Override
    public void onEnd(OperationEvent event, @Nullable Object context) {
      @Nullable Object[] contexts = context instanceof Object[] a ? a : new Object[observers.length];
      RuntimeException first = null;
      for (int i = 0; i < observers.length; i++) {
        try {
          observers[i].onEnd(event, contexts[i]);
        } catch (RuntimeException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }

    @Override
    public void onOwnedPool(String backend, DataSource pool) {
      RuntimeException first = null;
      for (OperationObserver o : observers) {
        try {
          o.onOwnedPool(backend, pool);
        } catch (RuntimeException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }
}
