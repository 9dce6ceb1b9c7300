package dev.runstore.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryConfigurationException;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.spi.WorkflowRunRepositoryProvider;
import dev.runstore.testkit.TestRuns;
import java.lang.reflect.ParameterizedType;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Choosing the in-memory backend through {@link WorkflowRunRepositories} and ServiceLoader, next to
 * the test-only providers of {@link TestProviders}.
 */
class WorkflowRunRepositoriesTest {

  private static final String CLASS_NAME = "dev.runstore.memory.InMemoryWorkflowRunRepository";
  private static final String LISTED = "in-memory (" + CLASS_NAME + ")";

  @BeforeEach
  void reset() {
    TestProviders.Counting.INSTANCES.set(0);
    TestProviders.Failing.FAIL = false;
  }

  @AfterEach
  void restore() {
    TestProviders.Failing.FAIL = false;
  }

  private static WorkflowRunRepository create(String repository) {
    return WorkflowRunRepositories.create(RepositoryConfig.builder().repository(repository).build());
  }

  /** The repository works: what it saves it finds. */
  private static void assertUsable(WorkflowRunRepository repository) {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun run = TestRuns.run(tenant, app).build();
    repository.save(run);
    assertThat(repository.getWorkflowRunById(tenant, app, run.id())).contains(run);
  }

  @Test
  void selectsInMemoryByClassNameWithoutCreatingOtherProviders() {
    try (WorkflowRunRepository repository = create(CLASS_NAME)) {
      assertThat(repository).isInstanceOf(InMemoryWorkflowRunRepository.class);
      assertUsable(repository);
    }
    assertThat(TestProviders.Counting.INSTANCES).hasValue(0);
  }

  @Test
  void selectsAProviderByItsClassNameCreatingOnlyIt() {
    try (WorkflowRunRepository repository = create(TestProviders.CountingRepository.class.getName())) {
      assertThat(repository).isInstanceOf(TestProviders.CountingRepository.class);
    }
    assertThat(TestProviders.Counting.INSTANCES).hasValue(1);
  }

  @Test
  void selectsInMemoryByShortName() {
    try (WorkflowRunRepository repository = create("in-memory")) {
      assertThat(repository).isInstanceOf(InMemoryWorkflowRunRepository.class);
      assertUsable(repository);
    }
  }

  @Test
  void eachCreatedRepositoryHasItsOwnStore() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun run = TestRuns.run(tenant, app).build();
    try (WorkflowRunRepository one = create("in-memory"); WorkflowRunRepository two = create("in-memory")) {
      one.save(run);
      assertThat(one.getWorkflowRunById(tenant, app, run.id())).contains(run);
      assertThat(two.getWorkflowRunById(tenant, app, run.id())).isEmpty();
    }
  }

  @Test
  void selectsFromProperties() {
    Properties properties = new Properties();
    properties.setProperty("runstore.repository", "in-memory");
    properties.setProperty("unrelated.key", "ignored");

    try (WorkflowRunRepository repository = WorkflowRunRepositories.create(RepositoryConfig.fromProperties(properties))) {
      assertThat(repository).isInstanceOf(InMemoryWorkflowRunRepository.class);
      assertUsable(repository);
    }
  }

  @Test
  void selectsFromTheEnvironment() {
    Map<String, String> environment = Map.of("RUNSTORE_REPOSITORY", CLASS_NAME, "PATH", "/usr/bin");

    try (WorkflowRunRepository repository =
        WorkflowRunRepositories.create(RepositoryConfig.fromEnvironment(environment))) {
      assertThat(repository).isInstanceOf(InMemoryWorkflowRunRepository.class);
    }
    assertThat(TestProviders.Counting.INSTANCES).hasValue(0);
  }

  @Test
  void unknownNameIsRejectedNamingItAndListingEveryProvider() {
    for (String wanted : List.of("postgress", "IN-MEMORY", "dev.runstore.memory.InMemory", "InMemoryWorkflowRunRepository")) {
      assertThatThrownBy(() -> create(wanted))
          .as(wanted)
          .isInstanceOf(RepositoryConfigurationException.class)
          .hasMessageContaining("'" + wanted + "'")
          .hasMessageContaining("runstore.repository")
          .hasMessageContaining(LISTED)
          .hasMessageContaining("counting-test (" + TestProviders.CountingRepository.class.getName() + ")");
    }
  }

  @Test
  void missingRepositorySettingNamesThePropertyAndTheVariable() {
    Properties blank = new Properties();
    blank.setProperty("runstore.repository", "   ");
    for (RepositoryConfig config : List.of(
        RepositoryConfig.builder().build(),
        RepositoryConfig.fromProperties(new Properties()),
        RepositoryConfig.fromProperties(blank),
        RepositoryConfig.fromEnvironment(Map.of()))) {
      assertThatThrownBy(() -> WorkflowRunRepositories.create(config))
          .isInstanceOf(RepositoryConfigurationException.class)
          .hasMessageContaining("runstore.repository")
          .hasMessageContaining("RUNSTORE_REPOSITORY");
    }
  }

  @Test
  void brokenProviderDoesNotStopSelectionByClassName() {
    TestProviders.Failing.FAIL = true;

    try (WorkflowRunRepository repository = create(CLASS_NAME)) {
      assertThat(repository).isInstanceOf(InMemoryWorkflowRunRepository.class);
    }
  }

  @Test
  void brokenProviderFailsSelectionByShortNameNamingIt() {
    TestProviders.Failing.FAIL = true;

    assertThatThrownBy(() -> create("in-memory"))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("'in-memory'")
        .hasMessageContaining("failed to load")
        .hasMessageContaining(TestProviders.Failing.class.getName())
        .hasMessageContaining(LISTED)
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("failing-test provider refuses to load");
  }

  @Test
  void selectingABrokenProviderByClassNameFailsWithItsCause() {
    TestProviders.Failing.FAIL = true;

    assertThatThrownBy(() -> create(TestProviders.FailingRepository.class.getName()))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining(TestProviders.FailingRepository.class.getName())
        .hasMessageContaining("failed to load")
        .hasRootCauseMessage("failing-test provider refuses to load");
  }

  @Test
  void ambiguousShortNameIsRejectedListingBothProviders() {
    assertThatThrownBy(() -> create("twin-test"))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("'twin-test'")
        .hasMessageContaining("2 providers")
        .hasMessageContaining("twin-test (" + TestProviders.TwinARepository.class.getName() + ")")
        .hasMessageContaining("twin-test (" + TestProviders.TwinBRepository.class.getName() + ")");
  }

  @Test
  void twinsAreStillSelectableByClassName() {
    try (WorkflowRunRepository repository = create(TestProviders.TwinBRepository.class.getName())) {
      assertThat(repository).isInstanceOf(TestProviders.TwinBRepository.class);
    }
  }

  @Test
  void servicesFilesOfMainAndTestAreMergedWithoutDuplicates() {
    List<String> providers = WorkflowRunRepositories.availableProviders();

    assertThat(providers).filteredOn(LISTED::equals).hasSize(1);
    assertThat(providers).contains(
        "counting-test (" + TestProviders.CountingRepository.class.getName() + ")",
        "failing-test (" + TestProviders.FailingRepository.class.getName() + ")");
    assertThat(providers).hasSize(5);
  }

  @Test
  void providerDeclaresItsConcreteImplementationType() throws ReflectiveOperationException {
    WorkflowRunRepositoryProvider provider = new InMemoryWorkflowRunRepositoryProvider();

    assertThat(provider.name()).isEqualTo("in-memory");
    assertThat(provider.implementationType()).isEqualTo(InMemoryWorkflowRunRepository.class);
    ParameterizedType declared = (ParameterizedType)
        InMemoryWorkflowRunRepositoryProvider.class.getMethod("implementationType").getGenericReturnType();
    assertThat(declared.getActualTypeArguments()).containsExactly(InMemoryWorkflowRunRepository.class);
    try (WorkflowRunRepository repository = provider.create(RepositoryConfig.builder().build(), null)) {
      assertThat(repository).isInstanceOf(InMemoryWorkflowRunRepository.class);
      assertUsable(repository);
    }
  }
}
