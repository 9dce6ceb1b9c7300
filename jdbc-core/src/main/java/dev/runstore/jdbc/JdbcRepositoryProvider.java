package dev.runstore.jdbc;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryOptions;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.spi.WorkflowRunRepositoryProvider;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * What every SQL backend's ServiceLoader provider does: build the repository over the caller's
 * DataSource or over a HikariCP pool from {@code runstore.jdbc.*} that the repository owns
 * ({@link JdbcPools#repository}), and recognise the backend's JDBC URLs and database products.
 * A subclass names its backend and declares {@link #implementationType()} with its concrete class
 * as the return type: the factory matches a configured class name against that declared type
 * without instantiating providers it does not pick.
 */
public abstract class JdbcRepositoryProvider implements WorkflowRunRepositoryProvider {

  /** A backend's repository constructor (the one taking the pool it owns, if any). */
  @FunctionalInterface
  protected interface Constructor {
    /**
     * The repository.
     *
     * @param dataSource where connections come from
     * @param createSchema whether to apply the schema scripts now
     * @param owned the pool the repository owns and closes, or null when the caller owns it
     * @param options options given in code
     * @param relatedTables {@code runstore.related.tables}
     */
    WorkflowRunRepository create(DataSource dataSource, boolean createSchema, @Nullable AutoCloseable owned,
        RepositoryOptions options, RepositoryConfig.RelatedTables relatedTables);
  }

  private final String name;
  private final List<String> urlSchemes;
  private final List<String> productNames;
  private final Constructor constructor;

  /**
   * A provider.
   *
   * @param name the backend's short name
   * @param urlSchemes JDBC URL prefixes it accepts, lower case (e.g. {@code jdbc:postgresql:})
   * @param productNames database product names it supports, as drivers report them (any case)
   * @param constructor the backend's repository constructor
   */
  protected JdbcRepositoryProvider(
      String name, List<String> urlSchemes, List<String> productNames, Constructor constructor) {
    this.name = name;
    this.urlSchemes = List.copyOf(urlSchemes);
    this.productNames = List.copyOf(productNames);
    this.constructor = constructor;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final WorkflowRunRepository create(RepositoryConfig config, @Nullable DataSource dataSource) {
    return create(config, dataSource, RepositoryOptions.defaults());
  }

  @Override
  public final WorkflowRunRepository create(
      RepositoryConfig config, @Nullable DataSource dataSource, RepositoryOptions options) {
    return JdbcPools.repository(config, dataSource, name,
        (pool, createSchema, owned) -> constructor.create(pool, createSchema, owned, options, config.relatedTables()));
  }

  /** Whether the URL starts with one of the backend's schemes (any case, surrounding blanks ignored). */
  @Override
  public final boolean acceptsJdbcUrl(String jdbcUrl) {
    String url = jdbcUrl.strip().toLowerCase(Locale.ROOT);
    return urlSchemes.stream().anyMatch(url::startsWith);
  }

  /** Whether the driver's product name is one of the backend's (any case). */
  @Override
  public final boolean supportsDatabaseProduct(String databaseProductName) {
    return productNames.stream().anyMatch(databaseProductName::equalsIgnoreCase);
  }
}
