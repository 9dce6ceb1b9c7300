package dev.runstore.spring.boot;

import dev.runstore.api.RepositoryConfigurationException;
import dev.runstore.spi.WorkflowRunRepositoryProvider;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Which backend serves a DataSource: asks every provider on the class path whether it
 * {@link WorkflowRunRepositoryProvider#supportsDatabaseProduct supports} the database product
 * the DataSource reports, so no vendor name is written here.
 */
final class RunstoreBackends {

  private final List<WorkflowRunRepositoryProvider> providers;

  RunstoreBackends(@Nullable ClassLoader loader) {
    List<WorkflowRunRepositoryProvider> found = new ArrayList<>();
    ServiceLoader.load(WorkflowRunRepositoryProvider.class, loader).forEach(found::add);
    this.providers = List.copyOf(found);
  }

  /**
   * The short name of the one backend for {@code dataSource}'s database product.
   *
   * @throws RepositoryConfigurationException when none or several serve it, or it cannot be asked
   */
  String inferFrom(DataSource dataSource) {
    String product;
    try (Connection connection = dataSource.getConnection()) {
      product = connection.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new RepositoryConfigurationException(
          "runstore.repository is not set and the DataSource's database product could not be read", e);
    }
    return forProduct(product);
  }

  /** The short name of the one backend for a database product name. */
  String forProduct(String product) {
    List<WorkflowRunRepositoryProvider> matching =
        providers.stream().filter(p -> p.supportsDatabaseProduct(product)).toList();
    if (matching.size() == 1) {
      return matching.get(0).name();
    }
    throw new RepositoryConfigurationException("runstore.repository is not set and "
        + (matching.isEmpty() ? "no runstore backend on the class path serves" : "several runstore backends serve")
        + " the DataSource's database product '" + product + "'; backends found: " + describe(providers)
        + " (add e.g. runstore-jdbc-postgres, or set runstore.repository)");
  }

  /** The short name of the backend {@code repository} names (short or class name), or the value itself. */
  String shortName(String repository) {
    for (WorkflowRunRepositoryProvider p : providers) {
      if (p.name().equals(repository) || p.implementationType().getName().equals(repository)) {
        return p.name();
      }
    }
    return repository;
  }

  private static String describe(List<WorkflowRunRepositoryProvider> providers) {
    return providers.isEmpty()
        ? "none"
        : providers.stream().map(WorkflowRunRepositoryProvider::name).collect(Collectors.joining(", "));
  }
}
