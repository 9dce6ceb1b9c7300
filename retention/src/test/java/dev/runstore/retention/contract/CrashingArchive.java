package dev.runstore.retention.contract;

import dev.runstore.retention.RunArchive;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RunArchive} that delegates to a real one and "kills the process" at an armed
 * {@code put}: before it stores anything, or right after the store returned.
 */
public final class CrashingArchive implements RunArchive {
  private final RunArchive delegate;
  private int puts;
  private int crashAtPut = -1;
  private boolean afterStore;

  /** Wraps {@code delegate}; nothing is armed. */
  public CrashingArchive(RunArchive delegate) {
    this.delegate = delegate;
  }

  /**
   * Crash at the {@code n}-th put from now (1-based): before storing when {@code afterStore}
   * is false, else just after the content was stored.
   */
  public CrashingArchive crashAtPut(int n, boolean afterStore) {
    this.puts = 0;
    this.crashAtPut = n;
    this.afterStore = afterStore;
    return this;
  }

  /** Disarms. */
  public CrashingArchive disarm() {
    this.crashAtPut = -1;
    return this;
  }

  @Override
  public void put(String key, byte[] content) {
    puts++;
    if (puts == crashAtPut && !afterStore) {
      crashAtPut = -1;
      throw new SimulatedCrash("before put #" + puts + " of " + key);
    }
    delegate.put(key, content);
    if (puts == crashAtPut) {
      crashAtPut = -1;
      throw new SimulatedCrash("after put #" + puts + " of " + key);
    }
  }

  @Override
  public Optional<byte[]> get(String key) {
    return delegate.get(key);
  }

  @Override
  public List<String> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public String describe() {
    return "crashing " + delegate.describe();
  }
}
