package dev.runstore.memory;

import dev.runstore.spi.PauseStateStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Pause states kept in memory, copied in and out (a caller's array never aliases a stored one). */
final class InMemoryPauseStateStore implements PauseStateStore {

  private final Map<String, byte[]> states = new ConcurrentHashMap<>();

  @Override
  public void put(String key, byte[] state) {
    states.put(key, state.clone());
  }

  @Override
  public byte @Nullable [] get(String key) {
    byte[] state = states.get(key);
    return state == null ? null : state.clone();
  }

  @Override
  public void delete(String key) {
    states.remove(key);
  }
}
