package dev.runstore.api;

import dev.runstore.spi.OperationObserver;
import dev.runstore.spi.PauseStateStore;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Settings given in code rather than configuration, for
 * {@link WorkflowRunRepositories#create(RepositoryConfig, javax.sql.DataSource, RepositoryOptions)}
 * and the backends' constructors: objects, not strings.
 *
 * <pre>{@code
 * RepositoryOptions options = RepositoryOptions.builder().observer(metrics).pauseStateStore(store).build();
 * WorkflowRunRepository repo = WorkflowRunRepositories.create(config, dataSource, options);
 * }</pre>
 *
 * <p>Immutable; {@link #defaults()} has every option at its default. More options join the
 * builder over time.
 */
public final class RepositoryOptions {

  private static final RepositoryOptions DEFAULTS = new Builder().build();

  private final List<OperationObserver> observers;
  private final boolean discoverObservers;
  private final @Nullable PauseStateStore pauseStateStore;

  private RepositoryOptions(Builder b) {
    this.observers = List.copyOf(b.observers);
    this.discoverObservers = b.discoverObservers;
    this.pauseStateStore = b.pauseStateStore;
  }

  /**
   * Every option at its default: no observers in code, observers discovered by ServiceLoader, the
   * backend's own pause state store.
   */
  public static RepositoryOptions defaults() {
    return DEFAULTS;
  }

  /** A builder with every option at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.observers.addAll(observers);
    b.discoverObservers = discoverObservers;
    b.pauseStateStore = pauseStateStore;
    return b;
  }

  /** These options without observers: the factory applies observers itself, around the backend. */
  RepositoryOptions withoutObservers() {
    if (observers.isEmpty()) {
      return this;
    }
    Builder b = toBuilder();
    b.observers.clear();
    return b.build();
  }

  /** The observers given in code, in the order given. */
  public List<OperationObserver> observers() {
    return observers;
  }

  /**
   * Whether the factory also adds the observers listed in
   * {@code META-INF/services/dev.runstore.spi.OperationObserver} (default true).
   */
  public boolean discoverObservers() {
    return discoverObservers;
  }

  /**
   * Where pause states are kept, or null for the backend's default (a table of runstore's own in
   * the same database; memory for the in-memory backend).
   */
  public @Nullable PauseStateStore pauseStateStore() {
    return pauseStateStore;
  }

  @Override
  public String toString() {
    return "RepositoryOptions[observers=" + observers.size() + ", discoverObservers=" + discoverObservers
        + ", pauseStateStore=" + (pauseStateStore == null ? "default" : pauseStateStore) + "]";
  }

  /** Builds {@link RepositoryOptions}. */
  public static final class Builder {
    private final List<OperationObserver> observers = new ArrayList<>();
    private boolean discoverObservers = true;
    private @Nullable PauseStateStore pauseStateStore;

    private Builder() {}

    /**
     * Adds an observer of every operation of the repository (see {@link OperationObserver}).
     *
     * @throws IllegalArgumentException when {@code observer} is null
     */
    public Builder observer(OperationObserver observer) {
      observers.add(Checks.requireNonNull(observer, "observer"));
      return this;
    }

    /**
     * Whether to add the observers found by {@link java.util.ServiceLoader} too (default true);
     * false uses only those given with {@link #observer}.
     */
    public Builder discoverObservers(boolean discoverObservers) {
      this.discoverObservers = discoverObservers;
      return this;
    }

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
