package dev.runstore.internal.observe;

import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * How a pool built deep inside a provider reaches the observers of the factory call that asked
 * for it, without the provider passing anything along: the factory runs the provider's
 * {@code create} inside {@link #whileCreating}, and {@code dev.runstore.jdbc.JdbcPools} reports
 * each pool it builds with {@link #created}. Scoped to the calling thread and to that one call.
 */
public final class OwnedPools {

  private static final ThreadLocal<@Nullable ObserverCalls> LISTENER = new ThreadLocal<>();

  private OwnedPools() {}

  /** Runs {@code creation}; pools built meanwhile on this thread are reported to {@code calls}. */
  public static <T> T whileCreating(ObserverCalls calls, Supplier<T> creation) {
    ObserverCalls previous = LISTENER.get();
    LISTENER.set(calls);
    try {
      return creation.get();
    } finally {
      if (previous == null) {
        LISTENER.remove();
      } else {
        LISTENER.set(previous);
      }
    }
  }

  /** A pool was built for a repository that will own it; a no-op outside {@link #whileCreating}. */
  public static void created(DataSource pool) {
    ObserverCalls calls = LISTENER.get();
    if (calls != null) {
      calls.ownedPool(pool);
    }
  }
}
