package dev.runstore.spring.boot;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryConfigurationException;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.micrometer.RunstoreMetrics;
import dev.runstore.micrometer.RunstoreObservations;
import dev.runstore.retention.LocalDirectoryArchive;
import dev.runstore.retention.RetentionJob;
import dev.runstore.retention.RunArchive;
import dev.runstore.spi.OperationObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link WorkflowRunRepository} bean from the {@code runstore.*} properties
 * ({@link RunstoreProperties}):
 *
 * <ul>
 *   <li>the backend is {@code runstore.repository}, or else the one whose provider
 *       {@linkplain dev.runstore.spi.WorkflowRunRepositoryProvider#supportsDatabaseProduct supports}
 *       the application DataSource's database product;
 *   <li>it uses the application's {@code DataSource} (left open on shutdown), unless
 *       {@code runstore.jdbc.url} is set: then runstore builds, owns and closes a HikariCP pool;
 *   <li>every {@link OperationObserver} bean observes it: {@link RunstoreMetrics} when there is a
 *       {@code MeterRegistry} ({@code runstore.metrics.enabled}), {@link RunstoreObservations}
 *       when there is an {@code ObservationRegistry} ({@code runstore.observations.enabled});
 *   <li>an Actuator health indicator {@code runstore} ({@code management.health.runstore.enabled});
 *   <li>with {@code runstore.retention.enabled=true} and runstore-retention on the class path, a
 *       {@link RetentionJob} over every tenant and its schedule ({@code runstore.retention.*}).
 * </ul>
 *
 * Each bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
})
@ConditionalOnClass(WorkflowRunRepository.class)
@EnableConfigurationProperties(RunstoreProperties.class)
public class RunstoreAutoConfiguration {

  /** Creates the configuration. */
  public RunstoreAutoConfiguration() {}

  /**
   * The resolved backend, configuration and DataSource.
   *
   * @throws RepositoryConfigurationException when no backend is set and none can be inferred
   */
  @Bean
  @ConditionalOnMissingBean({RunstoreSettings.class, WorkflowRunRepository.class})
  public RunstoreSettings runstoreSettings(RunstoreProperties properties, ObjectProvider<DataSource> dataSources) {
    RunstoreBackends backends = new RunstoreBackends(Thread.currentThread().getContextClassLoader());
    RunstoreProperties.Jdbc jdbc = properties.getJdbc();
    DataSource dataSource = jdbc.getUrl() == null ? dataSources.getIfUnique() : null;
    String repository = properties.getRepository();
    if (repository == null) {
      if (dataSource == null) {
        throw new RepositoryConfigurationException("runstore.repository is not set and there is no DataSource "
            + "to infer it from: set runstore.repository (postgres, mysql, h2, in-memory or a class name)");
      }
      repository = backends.inferFrom(dataSource);
    }
    RepositoryConfig config = RepositoryConfig.builder()
        .repository(repository)
        .jdbcUrl(jdbc.getUrl())
        .jdbcUsername(jdbc.getUsername())
        .jdbcPassword(jdbc.getPassword())
        .poolMaxSize(jdbc.getPool().getMaxSize())
        .connectTimeout(jdbc.getConnectTimeout())
        .poolAcquireTimeout(jdbc.getPool().getAcquireTimeout())
        .queryTimeout(jdbc.getQueryTimeout())
        .lockTimeout(jdbc.getLockTimeout())
        .sharding(jdbc.getSharding())
        .schemaCreate(properties.getSchema().isCreate())
        .relatedTables(properties.getRelated().getTables())
        .build();
    return new RunstoreSettings(backends.shortName(repository), config, dataSource);
  }

  /** The repository, observed by every {@link OperationObserver} bean; closed with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public WorkflowRunRepository workflowRunRepository(
      RunstoreSettings settings, ObjectProvider<OperationObserver> observers) {
    RepositoryOptions.Builder options = RepositoryOptions.builder();
    observers.orderedStream().forEach(options::observer);
    return WorkflowRunRepositories.create(settings.config(), settings.dataSource(), options.build());
  }

  /** Micrometer meters, when the application has a MeterRegistry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, RunstoreMetrics.class})
  @ConditionalOnBean(MeterRegistry.class)
  @ConditionalOnProperty(name = "runstore.metrics.enabled", matchIfMissing = true)
  static class MetricsConfiguration {

    /**
     * Meters in the application's registry; the {@code runstore.operation} timer is left to the
     * observation when {@link RunstoreObservations} is active (its meter handler records it).
     */
    @Bean
    @ConditionalOnMissingBean
    RunstoreMetrics runstoreMetrics(MeterRegistry registry, ObjectProvider<RunstoreObservations> observations) {
      return RunstoreMetrics.builder(registry).recordTimers(observations.getIfAvailable() == null).build();
    }
  }

  /** One Observation (span) per operation, when the application has an ObservationRegistry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({ObservationRegistry.class, RunstoreObservations.class})
  @ConditionalOnBean(ObservationRegistry.class)
  @ConditionalOnProperty(name = "runstore.observations.enabled", matchIfMissing = true)
  static class ObservationConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RunstoreObservations runstoreObservations(ObservationRegistry registry) {
      return new RunstoreObservations(registry);
    }
  }

  /** The Actuator health indicator {@code runstore}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(AbstractHealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("runstore")
  static class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "runstoreHealthIndicator")
    RunstoreHealthIndicator runstoreHealthIndicator(
        WorkflowRunRepository repository, ObjectProvider<RunstoreSettings> settings) {
      RunstoreSettings resolved = settings.getIfAvailable();
      return new RunstoreHealthIndicator(repository, resolved == null ? "custom" : resolved.backend());
    }
  }

  /** Scheduled retention, off unless {@code runstore.retention.enabled=true}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RetentionJob.class)
  @ConditionalOnProperty(name = "runstore.retention.enabled", havingValue = "true")
  static class RetentionConfiguration {

    /**
     * The archive directory {@code runstore.retention.archive}.
     *
     * @throws IllegalStateException when it is not set (and no RunArchive bean is defined)
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RunArchive runstoreArchive(RunstoreProperties properties) {
      Path directory = properties.getRetention().getArchive();
      if (directory == null) {
        throw new IllegalStateException("runstore.retention.enabled=true needs runstore.retention.archive "
            + "(a directory for the verified backups), or a RunArchive bean (e.g. an S3Archive)");
      }
      return new LocalDirectoryArchive(directory);
    }

    /** Every tenant's ended runs older than {@code runstore.retention.cutoff}. */
    @Bean
    @ConditionalOnMissingBean
    RetentionJob runstoreRetentionJob(
        WorkflowRunRepository repository,
        RunArchive archive,
        RunstoreProperties properties,
        ObjectProvider<RunstoreSettings> settings,
        ObjectProvider<OperationObserver> observers) {
      RunstoreProperties.Retention retention = properties.getRetention();
      RunstoreSettings resolved = settings.getIfAvailable();
      List<OperationObserver> all = observers.orderedStream().toList();
      return RetentionJob.builder(repository, archive)
          .allTenants()
          .cutoff(retention.getCutoff())
          .batchSize(retention.getBatchSize())
          .maxDuration(retention.getMaxDuration())
          .observers(all, resolved == null ? "custom" : resolved.backend())
          .build();
    }

    @Bean
    @ConditionalOnMissingBean
    RunstoreRetentionScheduler runstoreRetentionScheduler(RetentionJob job, RunstoreProperties properties) {
      return new RunstoreRetentionScheduler(job, properties.getRetention().getCron());
    }
  }
}
