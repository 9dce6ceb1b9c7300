package dev.runstore.testkit;

import dev.runstore.spi.PauseStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PauseStateStore} test double (a working store in memory, not a mock): it keeps copies of
 * what it is given, records every call, and fails on demand, so a test can see what a repository
 * puts, reads and deletes, take a state away behind its back, or refuse deletes of some keys.
 * Thread-safe.
 */
public final class RecordingPauseStateStore implements PauseStateStore {

  /** What the store throws when told to fail. */
  public static final class InjectedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFailure(String message) {
      super(message);
    }
  }

  private final Map<String, byte[]> states = new ConcurrentHashMap<>();
  private final List<String> puts = new ArrayList<>();
  private final List<String> deletes = new ArrayList<>();
  private volatile Predicate<String> failDeletes = key -> false;
  private volatile boolean failPuts;

  /** An empty store that fails nothing. */
  public RecordingPauseStateStore() {}

  @Override
  public void put(String key, byte[] state) {
    synchronized (puts) {
      puts.add(key);
    }
    if (failPuts) {
      throw new InjectedFailure("put refused by the test");
    }
    states.put(key, state.clone());
  }

  @Override
  public byte @Nullable [] get(String key) {
    byte[] state = states.get(key);
    return state == null ? null : state.clone();
  }

  @Override
  public void delete(String key) {
    synchronized (deletes) {
      deletes.add(key);
    }
    if (failDeletes.test(key)) {
      throw new InjectedFailure("delete refused by the test");
    }
    states.remove(key);
  }

  /** From now on, deletes of the keys {@code failing} accepts throw {@link InjectedFailure}. */
  public void failDeletesOf(Predicate<String> failing) {
    failDeletes = failing;
  }

  /** From now on, every put throws {@link InjectedFailure} (or stops doing so). */
  public void failPuts(boolean fail) {
    failPuts = fail;
  }

  /** The keys stored now, sorted. */
  public Set<String> keys() {
    return new TreeSet<>(states.keySet());
  }

  /** Whether a state is stored under {@code key}. */
  public boolean holds(String key) {
    return states.containsKey(key);
  }

  /** Replaces the state under {@code key} behind the repository's back. */
  public void replaceBehindTheBack(String key, byte[] state) {
    states.put(key, state.clone());
  }

  /** Removes the state under {@code key} behind the repository's back. */
  public void removeBehindTheBack(String key) {
    states.remove(key);
  }

  /** Every key given to {@link #put}, in call order (failed calls included). */
  public List<String> puts() {
    synchronized (puts) {
      return List.copyOf(puts);
    }
  }

  /** Every key given to {@link #delete}, in call order (failed calls included). */
  public List<String> deletes() {
    synchronized (deletes) {
      return List.copyOf(deletes);
    }
  }
}
