package dev.runstore.cli;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryConfigurationException;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.spi.WorkflowRunRepositoryProvider;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Merges the tool's settings from, highest precedence first: command-line flags,
 * {@code RUNSTORE_*} environment variables, a properties file ({@code --config FILE} or
 * {@code RUNSTORE_CONFIG}), and the {@linkplain EmbeddedDefaults embedded default}. Each setting
 * is taken from the highest source that sets it.
 *
 * <p>The embedded default applies only when no source names a backend or a JDBC URL. A JDBC URL
 * without {@code runstore.repository} picks the backend whose provider
 * {@linkplain WorkflowRunRepositoryProvider#acceptsJdbcUrl accepts} it ({@code jdbc:postgresql:}
 * → {@code postgres}, {@code jdbc:mysql:}/{@code jdbc:mariadb:} → {@code mysql},
 * {@code jdbc:h2:} → {@code h2}); when none does, the repository stays unset.
 *
 * <p>Besides the repository's own {@code runstore.*} keys, the file and environment may hold the
 * archive's S3 settings ({@link #S3_KEYS}); any other {@code runstore.*} key in the file is an
 * error that names it.
 */
public final class ConfigResolver {

  /** The environment variable naming the properties file when {@code --config} is not given. */
  public static final String CONFIG_VARIABLE = "RUNSTORE_CONFIG";

  /** Property {@code runstore.s3.endpoint}: an S3-compatible endpoint URL (unset: AWS). */
  public static final String S3_ENDPOINT = "runstore.s3.endpoint";
  /** Property {@code runstore.s3.region} (default {@code us-east-1}). */
  public static final String S3_REGION = "runstore.s3.region";
  /** Property {@code runstore.s3.path-style}: {@code true} for path-style addressing (MinIO and most S3-compatible stores). */
  public static final String S3_PATH_STYLE = "runstore.s3.path-style";
  /** Property {@code runstore.s3.access-key}: with the secret key, static credentials (unset: the AWS default chain). */
  public static final String S3_ACCESS_KEY = "runstore.s3.access-key";
  /** Property {@code runstore.s3.secret-key}. */
  public static final String S3_SECRET_KEY = "runstore.s3.secret-key";

  /** The S3 settings the file and the environment may hold. */
  public static final List<String> S3_KEYS =
      List.of(S3_ENDPOINT, S3_REGION, S3_PATH_STYLE, S3_ACCESS_KEY, S3_SECRET_KEY);

  private static final List<String> REPOSITORY_KEYS = List.of(
      RepositoryConfig.REPOSITORY, RepositoryConfig.JDBC_URL, RepositoryConfig.JDBC_USERNAME,
      RepositoryConfig.JDBC_PASSWORD, RepositoryConfig.JDBC_POOL_MAX_SIZE, RepositoryConfig.SCHEMA_CREATE,
      RepositoryConfig.JDBC_CONNECT_TIMEOUT, RepositoryConfig.JDBC_POOL_ACQUIRE_TIMEOUT,
      RepositoryConfig.JDBC_QUERY_TIMEOUT, RepositoryConfig.JDBC_LOCK_TIMEOUT);

  /** Where a setting came from. */
  public enum Source {
    /** A command-line flag. */
    FLAG,
    /** A {@code RUNSTORE_*} environment variable. */
    ENVIRONMENT,
    /** The properties file. */
    FILE,
    /** The embedded default, or inferred from the JDBC URL. */
    DEFAULT
  }

  /**
   * The merged settings.
   *
   * @param config the repository configuration
   * @param values every setting that is set, by property name (passwords included: do not print)
   * @param sources where each setting came from
   * @param embedded true when the embedded default database is used
   * @param configFile the properties file read, or null
   */
  public record Resolved(
      RepositoryConfig config,
      Map<String, String> values,
      Map<String, Source> sources,
      boolean embedded,
      @Nullable Path configFile) {

    /** A setting's value, or null. */
    public @Nullable String get(String property) {
      return values.get(property);
    }

    /** A human description of the database, without credentials. */
    public String describeDatabase() {
      String url = config.jdbcUrl();
      return config.repository() + (url == null ? "" : " " + url) + (embedded ? " (embedded default)" : "");
    }
  }

  private ConfigResolver() {}

  /**
   * Resolves the settings.
   *
   * @param flags settings given as flags, by property name (null values are ignored)
   * @param configFile {@code --config}, or null to use {@value #CONFIG_VARIABLE} if set
   * @param environment the process environment
   * @param embedded the embedded default
   * @throws RepositoryConfigurationException naming the file, variable or property of an invalid
   *     or unknown setting, or a missing file
   */
  public static Resolved resolve(
      Map<String, @Nullable String> flags,
      @Nullable Path configFile,
      Map<String, String> environment,
      EmbeddedDefaults embedded) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, Source> sources = new LinkedHashMap<>();

    Path file = configFile;
    if (file == null) {
      String fromEnv = environment.get(CONFIG_VARIABLE);
      if (fromEnv != null && !fromEnv.isBlank()) {
        file = Path.of(fromEnv.trim());
      }
    }
    if (file != null) {
      put(values, sources, readFile(file), Source.FILE);
    }
    put(values, sources, readEnvironment(environment), Source.ENVIRONMENT);
    Map<String, String> flagValues = new LinkedHashMap<>();
    flags.forEach((k, v) -> {
      if (v != null) {
        flagValues.put(k, v);
      }
    });
    put(values, sources, flagValues, Source.FLAG);

    boolean useEmbedded = false;
    if (!isSet(values, RepositoryConfig.REPOSITORY)) {
      String url = values.get(RepositoryConfig.JDBC_URL);
      if (url == null || url.isBlank()) {
        useEmbedded = true;
        Map<String, String> defaults = new LinkedHashMap<>(embedded.properties());
        defaults.keySet().removeIf(values::containsKey);
        put(values, sources, defaults, Source.DEFAULT);
      } else {
        String inferred = backendOf(url);
        if (inferred != null) {
          put(values, sources, Map.of(RepositoryConfig.REPOSITORY, inferred), Source.DEFAULT);
        }
      }
    } else if (embedded.repository().equals(values.get(RepositoryConfig.REPOSITORY))
        && !isSet(values, RepositoryConfig.JDBC_URL)) {
      // "--repository h2" alone means the embedded database.
      useEmbedded = true;
      Map<String, String> defaults = new LinkedHashMap<>(embedded.properties());
      defaults.keySet().removeIf(values::containsKey);
      put(values, sources, defaults, Source.DEFAULT);
    }

    Properties repositoryProperties = new Properties();
    values.forEach((k, v) -> {
      if (REPOSITORY_KEYS.contains(k)) {
        repositoryProperties.setProperty(k, v);
      }
    });
    RepositoryConfig config = RepositoryConfig.fromProperties(repositoryProperties);
    return new Resolved(config, Map.copyOf(values), Map.copyOf(sources), useEmbedded, file);
  }

  /**
   * The short name of the one backend whose provider {@linkplain
   * WorkflowRunRepositoryProvider#acceptsJdbcUrl accepts} {@code jdbcUrl}, asking every provider
   * ServiceLoader finds; null when none does.
   *
   * @throws RepositoryConfigurationException when several backends accept it
   */
  static @Nullable String backendOf(String jdbcUrl) {
    List<String> accepting = WorkflowRunRepositories.providersAcceptingJdbcUrl(jdbcUrl);
    if (accepting.size() > 1) {
      throw new RepositoryConfigurationException("several backends accept JDBC URLs starting with "
          + scheme(jdbcUrl) + ": " + accepting + "; choose one with --repository (" + RepositoryConfig.describe(RepositoryConfig.REPOSITORY) + ")");
    }
    return accepting.isEmpty() ? null : accepting.get(0);
  }

  /** The scheme of a JDBC URL ({@code jdbc:postgres:}), safe to print: never the host or credentials. */
  static String scheme(String jdbcUrl) {
    String url = jdbcUrl.strip();
    int first = url.indexOf(':');
    int second = first < 0 ? -1 : url.indexOf(':', first + 1);
    String scheme = second > 0 ? url.substring(0, second + 1) : first > 0 ? url.substring(0, first + 1) : "";
    return scheme.length() <= 40 ? "'" + scheme + "'" : "(an unrecognised scheme)";
  }

  private static boolean isSet(Map<String, String> values, String key) {
    String v = values.get(key);
    return v != null && !v.isBlank();
  }

  private static void put(
      Map<String, String> values, Map<String, Source> sources, Map<String, String> layer, Source source) {
    layer.forEach((k, v) -> {
      values.put(k, v);
      sources.put(k, source);
    });
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new RepositoryConfigurationException("config file not found: " + file);
    } catch (IOException | IllegalArgumentException e) {
      throw new RepositoryConfigurationException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    TreeSet<String> unknown = new TreeSet<>();
    for (String name : properties.stringPropertyNames()) {
      if (!name.startsWith("runstore.")) {
        continue;
      }
      if (REPOSITORY_KEYS.contains(name) || S3_KEYS.contains(name)) {
        values.put(name, properties.getProperty(name));
      } else {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new RepositoryConfigurationException("config file " + file + ": unknown properties " + unknown
          + "; known properties are " + REPOSITORY_KEYS + " and " + S3_KEYS);
    }
    try {
      validate(values);
    } catch (RepositoryConfigurationException e) {
      throw new RepositoryConfigurationException("config file " + file + ": " + e.getMessage(), e);
    }
    return values;
  }

  private static Map<String, String> readEnvironment(Map<String, String> environment) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : REPOSITORY_KEYS) {
      String v = environment.get(RepositoryConfig.environmentVariable(key));
      if (v != null) {
        values.put(key, v);
      }
    }
    for (String key : S3_KEYS) {
      String v = environment.get(RepositoryConfig.environmentVariable(key));
      if (v != null) {
        values.put(key, v);
      }
    }
    // Reports an invalid value by its variable name.
    RepositoryConfig.fromEnvironment(environment);
    return values;
  }

  private static void validate(Map<String, String> values) {
    Properties p = new Properties();
    values.forEach((k, v) -> {
      if (REPOSITORY_KEYS.contains(k)) {
        p.setProperty(k, v);
      }
    });
    RepositoryConfig.fromProperties(p);
  }
}
