package dev.runstore.api;

import dev.runstore.spi.OperationObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings given in code rather than configuration, for
 * {@link WorkflowRunRepositories#create(RepositoryConfig, javax.sql.DataSource, RepositoryOptions)}
 * and the backends' constructors: objects, not strings.
 *
 * <pre>{@code
 * RepositoryOptions options = RepositoryOptions.builder().observer(metrics).build();
 * WorkflowRunRepository repo = WorkflowRunRepositories.create(config, dataSource, options);
 * }</pre>
 *
 * <p>Immutable; more options join the builder over time.
 */
public final class RepositoryOptions {

  private static final RepositoryOptions DEFAULTS = new Builder().build();

  private final List<OperationObserver> observers;
  private final boolean discoverObservers;

  private RepositoryOptions(Builder b) {
    this.observers = List.copyOf(b.observers);
    this.discoverObservers = b.discoverObservers;
  }

  /** A builder with every option at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every option at its default: no observers in code, observers discovered by ServiceLoader. */
  public static RepositoryOptions defaults() {
    return DEFAULTS;
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

  @Override
  public String toString() {
    return "RepositoryOptions[observers=" + observers.size() + ", discoverObservers=" + discoverObservers + "]";
  }

  /** Builds {@link RepositoryOptions}. */
  public static final class Builder {
    private final List<OperationObserver> observers = new ArrayList<>();
    private boolean discoverObservers = true;

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

    /** The options. */
    public RepositoryOptions build() {
      return new RepositoryOptions(this);
    }
  }
}
