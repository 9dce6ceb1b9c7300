package dev.runstore.spi;

import org.jspecify.annotations.Nullable;

/**
 * Where the engine's state of a paused run is kept, by key ({@code workflow-state-<uuid4>.json}):
 * Dify keeps it in its object storage. The default store of a SQL backend is a table of
 * runstore's own, {@code workflow_pause_states(key, state)}, in the same database; pass another
 * through {@link dev.runstore.api.RepositoryOptions.Builder#pauseStateStore} (for example one on the
 * object storage Dify reads). Implementations are thread-safe; their failures are runtime
 * exceptions, reported to the caller of the repository method that needed them.
 */
public interface PauseStateStore {

  /** Stores {@code state} under {@code key}, replacing what was there. */
  void put(String key, byte[] state);

  /** The state stored under {@code key}, or null when there is none. */
  byte @Nullable [] get(String key);

  /** Removes the state under {@code key}; a missing key is not an error. */
  void delete(String key);
}
