package dev.runstore.jdbc.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server of the test JVM: the one named by {@code RUNSTORE_TEST_POSTGRES_URL}
 * (+ {@code _USERNAME}, {@code _PASSWORD}) when set, else an embedded PostgreSQL 17 (zonky)
 * started once per JVM. Each test class works in a schema of its own ({@link #newSchema()}),
 * dropped when it is done, so test classes never see each other's tables.
 */
final class PostgresTestDatabase {

  private static final String URL = System.getenv("RUNSTORE_TEST_POSTGRES_URL");
  private static final String USER = System.getenv("RUNSTORE_TEST_POSTGRES_USERNAME");
  private static final String PASSWORD = System.getenv("RUNSTORE_TEST_POSTGRES_PASSWORD");

  private static volatile Server server;

  private PostgresTestDatabase() {}

  /** JDBC URL, user and password of the server. */
  record Server(String url, String user, String password, String description) {}

  /** The server, started on first use. */
  static synchronized Server server() {
    if (server == null) {
      if (URL != null && !URL.isBlank()) {
        server = new Server(URL, USER == null ? "postgres" : USER, PASSWORD == null ? "" : PASSWORD, "external " + URL);
      } else {
        try {
          EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
              pg.close();
            } catch (IOException ignored) {
              // the JVM is going away
            }
          }));
          server = new Server(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded");
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
      }
      System.out.println("runstore tests use PostgreSQL: " + server.description() + " " + serverVersion());
    }
    return server;
  }

  private static String serverVersion() {
    try (Connection c = plain(null).getConnection(); Statement s = c.createStatement();
        var rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh, empty schema for one test class. */
  static String newSchema() {
    String schema = "rs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    execute(null, "CREATE SCHEMA " + schema);
    return schema;
  }

  /** Drops a schema made by {@link #newSchema()}. */
  static void dropSchema(String schema) {
    execute(null, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /** Closes a test class's pool (if any) and drops its schema (if any): the usual {@code @AfterAll}. */
  static void release(HikariDataSource pool, String schema) {
    if (pool != null) {
      pool.close();
    }
    if (schema != null) {
      dropSchema(schema);
    }
  }

  /** Runs statements on a fresh connection whose search_path is {@code schema} (or the default). */
  static void execute(String schema, String... sql) {
    try (Connection c = plain(schema).getConnection(); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("test setup failed: " + e.getMessage(), e);
    }
  }

  /** An unpooled DataSource: every connection is a new server session. */
  static PGSimpleDataSource plain(String schema) {
    Server s = server();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(s.url());
    ds.setUser(s.user());
    ds.setPassword(s.password());
    if (schema != null) {
      ds.setCurrentSchema(schema);
    }
    return ds;
  }

  /**
   * A HikariCP pool on {@code schema}; {@code sessionTimeZone} non-null sets each session's
   * {@code TimeZone}.
   */
  static HikariDataSource pool(String schema, String sessionTimeZone) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(plain(schema));
    config.setMaximumPoolSize(8);
    config.setPoolName("test-" + schema);
    if (sessionTimeZone != null) {
      config.setConnectionInitSql("SET TIME ZONE '" + sessionTimeZone + "'");
    }
    return new HikariDataSource(config);
  }

  static DataSource pool(String schema) {
    return pool(schema, null);
  }
}
