package dev.runstore.cli;

import dev.runstore.api.RepositoryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database {@code runstore} uses when none is configured: an embedded H2 database in files
 * under a data directory ({@code ./runstore-data} by default), created on first use, so a
 * newcomer can try every command at once. The demo's archive lives in the same directory.
 *
 * <p>This is the one place that names the embedded backend: the {@code jdbc-h2} module
 * registers the short name {@value #REPOSITORY}.
 */
public final class EmbeddedDefaults {

  /** Short name of the embedded backend's provider. */
  public static final String REPOSITORY = "h2";

  /** The default data directory, relative to the working directory. */
  public static final Path DATA_DIR = Path.of("runstore-data");

  /** The database's file name (H2 adds {@code .mv.db}). */
  public static final String DATABASE_NAME = "runstore";

  /**
   * Extra H2 URL settings appended to {@code jdbc:h2:file:<dir>/runstore}: the tool closes the
   * database itself (its pool, when a command ends), so H2 must not close it from a shutdown hook
   * on Ctrl-C while a purge lets the batch in progress commit.
   */
  public static final String URL_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE";

  /** The archive directory inside the data directory ({@code demo} archives there). */
  public static final String ARCHIVE_DIR = "archive";

  private final String repository;
  private final Path dataDir;

  private EmbeddedDefaults(String repository, Path dataDir) {
    if (repository.isBlank()) {
      throw new IllegalArgumentException("repository must not be blank");
    }
    this.repository = repository;
    this.dataDir = dataDir;
  }

  /** H2 in {@code ./runstore-data}. */
  public static EmbeddedDefaults standard() {
    return new EmbeddedDefaults(REPOSITORY, DATA_DIR);
  }

  /** H2 in {@code dataDir}. */
  public static EmbeddedDefaults inDirectory(Path dataDir) {
    return new EmbeddedDefaults(REPOSITORY, dataDir);
  }

  /**
   * Another backend in {@code dataDir}: for tests, and for a build without the H2 backend.
   * The JDBC URL stays the H2 one (backends that need no URL ignore it).
   */
  public static EmbeddedDefaults of(String repository, Path dataDir) {
    return new EmbeddedDefaults(repository, dataDir);
  }

  /** The backend's short name. */
  public String repository() {
    return repository;
  }

  /** The data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * The file that holds the embedded database ({@code runstore-data/runstore.mv.db}) when the
   * backend is {@value #REPOSITORY}; for another backend (tests), the data directory.
   */
  public Path databaseFile() {
    return REPOSITORY.equals(repository) ? dataDir.resolve(DATABASE_NAME + ".mv.db") : dataDir;
  }

  /**
   * Whether the embedded database exists. Only {@code demo} and {@code schema create} may create
   * it: any other command on a database that does not exist would report success for work it
   * did not do.
   */
  public boolean exists() {
    return Files.exists(databaseFile());
  }

  /** Where {@code demo} archives the runs it purges. */
  public Path archiveDir() {
    return dataDir.resolve(ARCHIVE_DIR);
  }

  /**
   * {@code jdbc:h2:file:./runstore-data/runstore}: H2 needs a relative path to start with
   * {@code ./}.
   */
  public String jdbcUrl() {
    String dir = dataDir.toString().replace('\\', '/');
    if (!dataDir.isAbsolute() && !dir.startsWith("./") && !dir.startsWith("../")) {
      dir = "./" + dir;
    }
    return "jdbc:h2:file:" + dir + "/" + DATABASE_NAME + URL_OPTIONS;
  }

  /** The settings, as {@code runstore.*} properties (the schema is created on first use). */
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(RepositoryConfig.REPOSITORY, repository);
    p.put(RepositoryConfig.JDBC_URL, jdbcUrl());
    p.put(RepositoryConfig.SCHEMA_CREATE, "true");
    return p;
  }

  @Override
  public String toString() {
    return repository + " at " + jdbcUrl();
  }
}
