package dev.runstore.api;

import dev.runstore.spi.PauseStateStore;
import org.jspecify.annotations.Nullable;

/**
 * What a repository is given in code rather than in configuration: objects, not strings. Pass it to
 * {@link WorkflowRunRepositories#create(RepositoryConfig, javax.sql.DataSource, RepositoryOptions)}
 * or to a backend's constructor taking options. Immutable; {@link #defaults()} has every option unset.
 */
public final class RepositoryOptions {

  private static final RepositoryOptions DEFAULTS = new Builder().build();

  private final @Nullable PauseStateStore pauseStateStore;

  private RepositoryOptions(Builder b) {
    this.pauseStateStore = b.pauseStateStore;
  }

  /** Every option unset: the backends' defaults. */
  public static RepositoryOptions defaults() {
    return DEFAULTS;
  }

  /** A builder with every option unset. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.pauseStateStore = pauseStateStore;
    return b;
  }

  /**
   * Where pause states are kept, or null for the backend's default (a table of runstore's own in
   * the same database; in memory for the in-memory backend).
   */
  public @Nullable PauseStateStore pauseStateStore() {
    return pauseStateStore;
  }

  @Override
  public String toString() {
    return "RepositoryOptions[pauseStateStore=" + (pauseStateStore == null ? "default" : pauseStateStore) + "]";
  }

  /** Builds {@link RepositoryOptions}. */
  public static final class Builder {
    private @Nullable PauseStateStore pauseStateStore;

    private Builder() {}

    /** Where pause states are kept (null: the backend's default). */
    public Builder pauseStateStore(@Nullable PauseStateStore store) {
      this.pauseStateStore = store;
      return this;
    }

    /** The options. */
    public RepositoryOptions build() {
      return new RepositoryOptions(this);
    }
  }
}
