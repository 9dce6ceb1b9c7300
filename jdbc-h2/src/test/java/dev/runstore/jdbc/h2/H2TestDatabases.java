package dev.runstore.jdbc.h2;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** H2 databases for the tests: files in fresh temporary directories, or private in-memory ones. */
final class H2TestDatabases {

  private H2TestDatabases() {}

  /** A fresh temporary directory, deleted by {@link #deleteDirectory}. */
  static Path newDirectory() {
    try {
      return Files.createTempDirectory("runstore-h2-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL of the file database {@code runstore} in {@code directory}. */
  static String fileUrl(Path directory) {
    return "jdbc:h2:file:" + directory.toAbsolutePath().resolve("runstore");
  }

  /** The URL of a new private in-memory database, kept until {@link #shutdown}. */
  static String memoryUrl() {
    return "jdbc:h2:mem:runstore-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  /** A HikariCP pool on {@code url}; {@code sessionTimeZone} non-null sets each session's TIME ZONE. */
  static HikariDataSource pool(String url, String sessionTimeZone) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(8);
    config.setPoolName("test-h2");
    if (sessionTimeZone != null) {
      config.setConnectionInitSql("SET TIME ZONE '" + sessionTimeZone + "'");
    }
    return new HikariDataSource(config);
  }

  /** A plain connection (no pool) to {@code url}. */
  static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url);
  }

  /** Closes the database of {@code url} (dropping an in-memory one). */
  static void shutdown(String url) {
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new IllegalStateException("shutdown failed: " + e.getMessage(), e);
    }
  }

  /** Deletes a directory made by {@link #newDirectory()} with everything in it. */
  static void deleteDirectory(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
