package dev.runstore.cli;

import dev.runstore.api.RepositoryConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The database options every command takes, before or after the command name
 * ({@code runstore --repository postgres list ...} or {@code runstore list --repository postgres ...});
 * given in both places, the one after the command name wins.
 */
final class GlobalOptions {

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file with runstore.* settings (default: $RUNSTORE_CONFIG, if set).")
  @Nullable Path config;

  @Option(names = "--repository", paramLabel = "NAME",
      description = "Backend: short name (h2, postgres, mysql, in-memory) or implementation class name. "
          + "Default: inferred from --jdbc-url, else the embedded H2 database in the folder runstore-data.")
  @Nullable String repository;

  @Option(names = "--jdbc-url", paramLabel = "URL", description = "JDBC URL of the database.")
  @Nullable String jdbcUrl;

  @Option(names = "--user", paramLabel = "NAME", description = "Database user.")
  @Nullable String user;

  @Option(names = "--password", paramLabel = "PASSWORD", arity = "0..1", interactive = true,
      description = "Database password; without a value, it is asked for on the terminal. "
          + "Prefer RUNSTORE_JDBC_PASSWORD or the config file: flags show up in the process list.")
  @Nullable String password;

  @Option(names = "--schema-create", paramLabel = "BOOLEAN", arity = "0..1", fallbackValue = "true",
      description = "Create the table and indexes if missing (default false; true for the embedded database).")
  @Nullable Boolean schemaCreate;

  @Option(names = "--pool-max-size", paramLabel = "N", description = "Maximum connection pool size (default 10).")
  @Nullable Integer poolMaxSize;

  @Option(names = "--connect-timeout", paramLabel = "DURATION",
      description = "Longest wait for the database to accept a connection, e.g. 5s (default 10s).")
  @Nullable String connectTimeout;

  @Option(names = "--pool-acquire-timeout", paramLabel = "DURATION",
      description = "Longest wait for a free pooled connection, e.g. 2s (default 10s).")
  @Nullable String poolAcquireTimeout;

  @Option(names = "--query-timeout", paramLabel = "DURATION",
      description = "Longest a statement may run, whole seconds, 0 for none (default 5m).")
  @Nullable String queryTimeout;

  @Option(names = "--lock-timeout", paramLabel = "DURATION",
      description = "Longest wait for a row lock another session holds, whole seconds, "
          + "0 for the server's setting (default 10s).")
  @Nullable String lockTimeout;

  @Option(names = {"-v", "--verbose"}, description = "Print stack traces of failures.")
  boolean verbose;

  /** These options, with unset ones taken from {@code outer} (the options given before the command name). */
  GlobalOptions over(GlobalOptions outer) {
    GlobalOptions g = new GlobalOptions();
    g.config = config != null ? config : outer.config;
    g.repository = repository != null ? repository : outer.repository;
    g.jdbcUrl = jdbcUrl != null ? jdbcUrl : outer.jdbcUrl;
    g.user = user != null ? user : outer.user;
    g.password = password != null ? password : outer.password;
    g.schemaCreate = schemaCreate != null ? schemaCreate : outer.schemaCreate;
    g.poolMaxSize = poolMaxSize != null ? poolMaxSize : outer.poolMaxSize;
    g.connectTimeout = connectTimeout != null ? connectTimeout : outer.connectTimeout;
    g.poolAcquireTimeout = poolAcquireTimeout != null ? poolAcquireTimeout : outer.poolAcquireTimeout;
    g.queryTimeout = queryTimeout != null ? queryTimeout : outer.queryTimeout;
    g.lockTimeout = lockTimeout != null ? lockTimeout : outer.lockTimeout;
    g.verbose = verbose || outer.verbose;
    return g;
  }

  /** The repository settings given as flags, by property name. */
  Map<String, @Nullable String> flags() {
    Map<String, @Nullable String> flags = new LinkedHashMap<>();
    flags.put(RepositoryConfig.REPOSITORY, repository);
    flags.put(RepositoryConfig.JDBC_URL, jdbcUrl);
    flags.put(RepositoryConfig.JDBC_USERNAME, user);
    flags.put(RepositoryConfig.JDBC_PASSWORD, password);
    flags.put(RepositoryConfig.SCHEMA_CREATE, schemaCreate == null ? null : schemaCreate.toString());
    flags.put(RepositoryConfig.JDBC_POOL_MAX_SIZE, poolMaxSize == null ? null : poolMaxSize.toString());
    flags.put(RepositoryConfig.JDBC_CONNECT_TIMEOUT, connectTimeout);
    flags.put(RepositoryConfig.JDBC_POOL_ACQUIRE_TIMEOUT, poolAcquireTimeout);
    flags.put(RepositoryConfig.JDBC_QUERY_TIMEOUT, queryTimeout);
    flags.put(RepositoryConfig.JDBC_LOCK_TIMEOUT, lockTimeout);
    return flags;
  }
}
