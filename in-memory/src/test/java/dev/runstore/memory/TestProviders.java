package dev.runstore.memory;

import dev.runstore.testkit.ForwardingWorkflowRunRepository;

import dev.runstore.api.ExecutionContext;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecutionRepository;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.spi.WorkflowRunRepositoryProvider;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Test-only providers, registered in the test resources' {@code META-INF/services} next to the
 * real in-memory provider: one counting its instances, one failing to load on demand, and two
 * sharing a short name.
 */
public final class TestProviders {

  private TestProviders() {}

  /** A repository class of its own per provider, so that class names tell providers apart. */
  public abstract static class DelegatingRepository extends ForwardingWorkflowRunRepository {
    DelegatingRepository() {
      super(new InMemoryWorkflowRunRepository());
    }
  }

  /** The repository of {@link Counting}. */
  public static final class CountingRepository extends DelegatingRepository {}

  /** The repository of {@link Failing}. */
  public static final class FailingRepository extends DelegatingRepository {}

  /** The repository of {@link TwinA}. */
  public static final class TwinARepository extends DelegatingRepository {}

  /** The repository of {@link TwinB}. */
  public static final class TwinBRepository extends DelegatingRepository {}

  /** Counts its instances: proves which providers the factory creates. */
  public static final class Counting implements WorkflowRunRepositoryProvider {
    static final AtomicInteger INSTANCES = new AtomicInteger();

    public Counting() {
      INSTANCES.incrementAndGet();
    }

    @Override
    public String name() {
      return "counting-test";
    }

    @Override
    public Class<CountingRepository> implementationType() {
      return CountingRepository.class;
    }

    @Override
    public WorkflowRunRepository create(RepositoryConfig config, @Nullable DataSource dataSource) {
      return new CountingRepository();
    }
  }

  /** Fails in its constructor while {@link #FAIL} is set, like a provider missing a dependency. */
  public static final class Failing implements WorkflowRunRepositoryProvider {
    static volatile boolean FAIL;

    public Failing() {
      if (FAIL) {
        throw new IllegalStateException("failing-test provider refuses to load");
      }
    }

    @Override
    public String name() {
      return "failing-test";
    }

    @Override
    public Class<FailingRepository> implementationType() {
      return FailingRepository.class;
    }

    @Override
    public WorkflowRunRepository create(RepositoryConfig config, @Nullable DataSource dataSource) {
      return new FailingRepository();
    }
  }

  /** Shares the short name {@code twin-test} with {@link TwinB}. */
  public static final class TwinA implements WorkflowRunRepositoryProvider {
    @Override
    public String name() {
      return "twin-test";
    }

    @Override
    public Class<TwinARepository> implementationType() {
      return TwinARepository.class;
    }

    @Override
    public WorkflowRunRepository create(RepositoryConfig config, @Nullable DataSource dataSource) {
      return new TwinARepository();
    }
  }

  /** Shares the short name {@code twin-test} with {@link TwinA}. */
  public static final class TwinB implements WorkflowRunRepositoryProvider {
    @Override
    public String name() {
      return "twin-test";
    }

    @Override
    public Class<TwinBRepository> implementationType() {
      return TwinBRepository.class;
    }

    @Override
    public WorkflowRunRepository create(RepositoryConfig config, @Nullable DataSource dataSource) {
      return new TwinBRepository();
    }
  }
}
