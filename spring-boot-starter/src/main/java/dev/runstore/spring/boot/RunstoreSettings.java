package dev.runstore.spring.boot;

import dev.runstore.api.RepositoryConfig;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * What the starter resolved from {@code runstore.*} and the application context: the backend's
 * short name, the configuration, and the application's DataSource when runstore uses it (null:
 * runstore owns a pool built from {@code runstore.jdbc.*}, or needs none).
 *
 * @param backend the backend's short name, e.g. {@code postgres}
 * @param config the repository configuration ({@code RepositoryConfig}'s keys)
 * @param dataSource the application's DataSource runstore uses, or null
 */
public record RunstoreSettings(String backend, RepositoryConfig config, @Nullable DataSource dataSource) {}
