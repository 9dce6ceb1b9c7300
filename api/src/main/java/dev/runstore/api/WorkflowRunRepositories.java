package dev.runstore.api;

import dev.runstore.internal.observe.ObservedWorkflowRunRepository;
import dev.runstore.internal.observe.ObserverCalls;
import dev.runstore.internal.observe.OwnedPools;
import dev.runstore.spi.OperationObserver;
import dev.runstore.spi.WorkflowRunRepositoryProvider;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Creates the {@link WorkflowRunRepository} named by {@code runstore.repository}, choosing among
 * the {@link WorkflowRunRepositoryProvider}s found by {@link ServiceLoader}.
 *
 * <pre>{@code
 * RepositoryConfig config = RepositoryConfig.fromProperties(props);
 * try (WorkflowRunRepository repo = WorkflowRunRepositories.create(config)) { ... }
 * }</pre>
 *
 * <p>A provider matches when its {@code implementationType().getName()} or its {@code name()}
 * equals the configured value. Providers not picked are not instantiated when matching by class
 * name (see {@link WorkflowRunRepositoryProvider}). No match, two matches, or a provider that
 * cannot be loaded throws {@link RepositoryConfigurationException} naming the configured value
 * and listing every provider found.
 */
public final class WorkflowRunRepositories {

  private WorkflowRunRepositories() {}

  /**
   * A repository that builds (and owns) its connections from {@code config}.
   *
   * @throws RepositoryConfigurationException as described in the class comment
   */
  public static WorkflowRunRepository create(RepositoryConfig config) {
    return create(config, null);
  }

  /**
   * A repository that uses the application's own {@code dataSource} (null: build one from
   * {@code config}).
   *
   * @throws RepositoryConfigurationException as described in the class comment
   */
  public static WorkflowRunRepository create(RepositoryConfig config, @Nullable DataSource dataSource) {
    return create(config, dataSource, RepositoryOptions.defaults());
  }

  /**
   * A repository that uses the application's own {@code dataSource} (null: build one from
   * {@code config}), with options given in code ({@link RepositoryOptions}: observers, the
   * {@link dev.runstore.spi.PauseStateStore} where pause states are kept, ...).
   *
   * <p>Observers: those of {@code options}, then (unless {@code options.discoverObservers()} is
   * false) every {@link OperationObserver} listed in
   * {@code META-INF/services/dev.runstore.spi.OperationObserver} on the thread's context class
   * loader (or {@code provides} on the module path), each created anew. With any observer the
   * repository is returned wrapped so that it reports every operation, tagged with the provider's
   * short name; with none, the backend's repository is returned as it is.
   *
   * @throws IllegalArgumentException when {@code config} or {@code options} is null
   * @throws RepositoryConfigurationException as described in the class comment, when a listed
   *     observer cannot be loaded, or when the chosen backend does not take an option that is set
   */
  public static WorkflowRunRepository create(
      RepositoryConfig config, @Nullable DataSource dataSource, RepositoryOptions options) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    List<Candidate> candidates = discover();
    String wanted = config.repository();
    if (wanted == null) {
      // Instantiated only for the message: their short names are what a user can configure.
      candidates.forEach(Candidate::tryInstantiate);
      throw new RepositoryConfigurationException(
          RepositoryConfig.describe(RepositoryConfig.REPOSITORY)
              + " is required: set it to a provider's short name or implementation class name; "
              + "providers found: " + describe(candidates));
    }
    Candidate chosen = select(wanted, candidates);
    return createObserved(chosen.instance(), config, dataSource, options);
  }

  // ---- observers (OperationObserver): from the options and from ServiceLoader ----

  private static WorkflowRunRepository createObserved(
      WorkflowRunRepositoryProvider provider,
      RepositoryConfig config,
      @Nullable DataSource dataSource,
      RepositoryOptions options) {
    List<OperationObserver> observers = new ArrayList<>(options.observers());
    if (options.discoverObservers()) {
      observers.addAll(discoverObservers());
    }
    ObserverCalls calls = ObserverCalls.of(observers, provider.name());
    RepositoryOptions forProvider = options.withoutObservers(); // applied here, once
    if (calls == null) {
      return provider.create(config, dataSource, forProvider);
    }
    // A pool the provider builds meanwhile (no DataSource given) is shown to the observers.
    WorkflowRunRepository repository =
        OwnedPools.whileCreating(calls, () -> provider.create(config, dataSource, forProvider));
    return ObservedWorkflowRunRepository.wrap(repository, calls);
  }

  private static List<OperationObserver> discoverObservers() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    ServiceLoader<OperationObserver> serviceLoader =
        loader == null
            ? ServiceLoader.load(OperationObserver.class)
            : ServiceLoader.load(OperationObserver.class, loader);
    List<OperationObserver> found = new ArrayList<>();
    try {
      serviceLoader.forEach(found::add);
    } catch (ServiceConfigurationError e) {
      throw new RepositoryConfigurationException(
          "an OperationObserver listed in META-INF/services/" + OperationObserver.class.getName()
              + " cannot be loaded: " + e.getMessage(),
          e);
    }
    return found;
  }

  /** Every provider found, as {@code "short-name (implementation class)"}, for diagnostics. */
  public static List<String> availableProviders() {
    List<Candidate> candidates = discover();
    candidates.forEach(Candidate::tryInstantiate);
    return candidates.stream().map(Candidate::toString).toList();
  }

  /**
   * The short names of the providers that {@linkplain WorkflowRunRepositoryProvider#acceptsJdbcUrl
   * accept} {@code jdbcUrl}, for tools that pick a backend from a URL alone; providers that fail
   * to load are left out (creating a repository reports them).
   */
  public static List<String> providersAcceptingJdbcUrl(String jdbcUrl) {
    List<String> names = new ArrayList<>();
    for (Candidate c : discover()) {
      c.tryInstantiate();
      WorkflowRunRepositoryProvider provider = c.instance;
      if (provider != null && provider.acceptsJdbcUrl(jdbcUrl)) {
        names.add(provider.name());
      }
    }
    return names;
  }

  private static Candidate select(String wanted, List<Candidate> candidates) {
    // By class name first: the reflected return type of implementationType() identifies most
    // providers without creating them; only the others are instantiated to ask.
    List<Candidate> byClass = new ArrayList<>();
    for (Candidate c : candidates) {
      String type = c.declaredImplementation;
      if (type == null) {
        c.tryInstantiate();
        type = c.implementationName;
      }
      if (wanted.equals(type)) {
        byClass.add(c);
      }
    }
    if (byClass.size() > 1) {
      throw failure(wanted, "matches " + byClass.size() + " providers by class name", candidates);
    }
    if (byClass.size() == 1) {
      Candidate c = byClass.get(0);
      c.tryInstantiate();
      if (c.failure != null) {
        throw failure(wanted, "names a provider that failed to load", candidates, c.failure);
      }
      return c;
    }
    List<Candidate> byName = new ArrayList<>();
    Candidate broken = null;
    for (Candidate c : candidates) {
      c.tryInstantiate();
      if (c.failure != null) {
        broken = c;
      } else if (wanted.equals(c.shortName)) {
        byName.add(c);
      }
    }
    if (broken != null) {
      throw failure(wanted, "cannot be resolved: a provider failed to load", candidates, broken.failure);
    }
    if (byName.size() == 1) {
      return byName.get(0);
    }
    throw failure(
        wanted,
        byName.isEmpty() ? "matches no provider" : "matches " + byName.size() + " providers by short name",
        candidates);
  }

  private static RepositoryConfigurationException failure(
      String wanted, String problem, List<Candidate> candidates) {
    return failure(wanted, problem, candidates, null);
  }

  private static RepositoryConfigurationException failure(
      String wanted, String problem, List<Candidate> candidates, @Nullable Throwable cause) {
    candidates.forEach(Candidate::tryInstantiate);
    return new RepositoryConfigurationException(
        RepositoryConfig.describe(RepositoryConfig.REPOSITORY) + " = '" + wanted + "' " + problem
            + "; providers found: " + describe(candidates),
        cause);
  }

  private static String describe(List<Candidate> candidates) {
    if (candidates.isEmpty()) {
      return "none (put a backend such as runstore-in-memory or runstore-jdbc-postgres on the class path)";
    }
    return candidates.stream().map(Candidate::toString).collect(Collectors.joining(", "));
  }

  private static List<Candidate> discover() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    ServiceLoader<WorkflowRunRepositoryProvider> serviceLoader =
        loader == null
            ? ServiceLoader.load(WorkflowRunRepositoryProvider.class)
            : ServiceLoader.load(WorkflowRunRepositoryProvider.class, loader);
    List<Candidate> found = new ArrayList<>();
    Iterator<ServiceLoader.Provider<WorkflowRunRepositoryProvider>> it = serviceLoader.stream().iterator();
    // A broken META-INF/services entry throws from hasNext/next; record it and go on.
    for (int errors = 0; errors < 100; ) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(new Candidate(it.next()));
      } catch (ServiceConfigurationError e) {
        errors++;
        found.add(new Candidate(e));
      }
    }
    return found;
  }

  /** One provider found by ServiceLoader, instantiated only when needed. */
  private static final class Candidate {
    private final ServiceLoader.@Nullable Provider<WorkflowRunRepositoryProvider> provider;
    private final String providerClass;
    private final @Nullable String declaredImplementation;
    private @Nullable WorkflowRunRepositoryProvider instance;
    private @Nullable String shortName;
    private @Nullable String implementationName;
    private @Nullable Throwable failure;
    private boolean attempted;

    Candidate(ServiceLoader.Provider<WorkflowRunRepositoryProvider> provider) {
      this.provider = provider;
      this.providerClass = provider.type().getName();
      this.declaredImplementation = declaredImplementation(provider.type());
    }

    Candidate(ServiceConfigurationError error) {
      this.provider = null;
      this.providerClass = "?";
      this.declaredImplementation = null;
      this.failure = error;
      this.attempted = true;
    }

    void tryInstantiate() {
      if (attempted) {
        return;
      }
      attempted = true;
      ServiceLoader.Provider<WorkflowRunRepositoryProvider> loading = provider;
      if (loading == null) {
        return;
      }
      try {
        WorkflowRunRepositoryProvider p = loading.get();
        shortName = p.name();
        implementationName = p.implementationType().getName();
        instance = p;
      } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
        failure = e;
      }
    }

    WorkflowRunRepositoryProvider instance() {
      tryInstantiate();
      if (instance == null) {
        throw new IllegalStateException("provider " + providerClass + " is not loaded");
      }
      return instance;
    }

    @Override
    public String toString() {
      if (failure != null) {
        return "<failed to load: " + failure + "> (provider " + providerClass + ")";
      }
      String impl = implementationName != null ? implementationName : declaredImplementation;
      return (shortName != null ? shortName : "?") + " (" + impl + ")";
    }

    /** The implementation class named by the generic return type of implementationType(), if concrete. */
    private static @Nullable String declaredImplementation(Class<?> providerType) {
      try {
        Method m = providerType.getMethod("implementationType");
        Type t = m.getGenericReturnType();
        if (t instanceof ParameterizedType p
            && p.getActualTypeArguments().length == 1
            && p.getActualTypeArguments()[0] instanceof Class<?> c) {
          return c.getName();
        }
      } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
        // fall back to instantiating the provider
      }
      return null;
    }
  }
}
