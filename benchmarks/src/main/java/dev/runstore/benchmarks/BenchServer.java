package dev.runstore.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.jdbc.mysql.MySqlWorkflowRunRepository;
import dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A database server the comparison benchmarks run on, from system properties: PostgreSQL at
 * {@code runstore.bench.pg.url} (default {@code jdbc:postgresql://127.0.0.1:5432/}, user {@code
 * runstore.bench.pg.user}, default {@code postgres}) and MariaDB/MySQL through Connector/J at
 * {@code runstore.bench.mysql.url} (default {@code jdbc:mysql://127.0.0.1:3306/}, user {@code
 * runstore.bench.mysql.user}, default {@code root}); passwords in {@code
 * runstore.bench.pg.password} / {@code runstore.bench.mysql.password} (default empty). The URL
 * ends where the database name goes.
 *
 * <p>A "namespace" is where one copy of the table lives: a schema of the benchmark database on
 * PostgreSQL, a database of its own on MariaDB (where the two are the same thing), so every copy
 * is called {@code workflow_runs} and Dify's SQL runs with its own text.
 */
public enum BenchServer {

  /** The machine's PostgreSQL (15 here). */
  POSTGRES("postgres", "runstore.bench.pg", "jdbc:postgresql://127.0.0.1:5432/", "postgres"),

  /** The machine's MariaDB (10.11 here), through Connector/J like runstore's MySQL backend. */
  MARIADB("mariadb", "runstore.bench.mysql", "jdbc:mysql://127.0.0.1:3306/", "root");

  private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private final String key;
  private final String baseUrl;
  private final String user;
  private final String password;

  BenchServer(String key, String property, String defaultUrl, String defaultUser) {
    this.key = key;
    this.baseUrl = System.getProperty(property + ".url", defaultUrl);
    this.user = System.getProperty(property + ".user", defaultUser);
    this.password = System.getProperty(property + ".password", "");
  }

  /** The server named by a JMH parameter value ({@code postgres} or {@code mariadb}). */
  public static BenchServer of(String key) {
    for (BenchServer server : values()) {
      if (server.key.equals(key)) {
        return server;
      }
    }
    throw new IllegalArgumentException("unknown server " + key + " (postgres or mariadb)");
  }

  /** The JMH parameter value of this server. */
  public String key() {
    return key;
  }

  /** The database that holds the benchmark tables: {@code runstore.bench.database}, default {@code runstore_bench}. */
  public static String database() {
    return System.getProperty("runstore.bench.database", "runstore_bench");
  }

  /**
   * The JDBC URL of one namespace (see the class comment), with extra driver parameters ({@code
   * key=value&...}, or empty); {@code namespace} null: the server's administrative database.
   */
  String url(@Nullable String namespace, String parameters) {
    String url;
    if (this == POSTGRES) {
      url = baseUrl + (namespace == null ? "postgres" : database() + "?currentSchema=" + namespace);
    } else {
      url = baseUrl + (namespace == null ? "" : namespaceDatabase(namespace));
    }
    if (parameters.isEmpty()) {
      return url;
    }
    return url + (url.contains("?") ? "&" : "?") + parameters;
  }

  /** The MariaDB database of a namespace: the benchmark database's name plus a suffix. */
  String namespaceDatabase(String namespace) {
    return namespace.equals(BusyInstall.RUNSTORE) ? database() : database() + "_" + namespace;
  }

  /** A new unpooled connection (auto-commit on). */
  Connection connect(@Nullable String namespace, String parameters) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(url(namespace, parameters), properties);
  }

  /**
   * A HikariCP pool of {@code size} connections on a namespace, with the driver's defaults plus
   * {@code parameters}; the same settings serve runstore and the hand-written baselines.
   */
  public HikariDataSource pool(String namespace, int size, String parameters) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url(namespace, parameters));
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setPoolName("bench-" + key + "-" + namespace);
    return new HikariDataSource(config);
  }

  /** runstore's repository for this server over {@code dataSource} (the caller keeps the pool). */
  public WorkflowRunRepository repository(DataSource dataSource, boolean createSchema) {
    return this == POSTGRES
        ? new PostgresWorkflowRunRepository(dataSource, createSchema)
        : new MySqlWorkflowRunRepository(dataSource, createSchema);
  }

  /** Binds a UUID as a hand-written program for this server would: {@code uuid} on PostgreSQL, text on MariaDB. */
  void bindUuid(PreparedStatement statement, int index, String uuid) throws SQLException {
    if (this == POSTGRES) {
      statement.setObject(index, UUID.fromString(uuid));
    } else {
      statement.setString(index, uuid);
    }
  }

  /**
   * Binds a UTC instant as a hand-written program would: {@link LocalDateTime} on PostgreSQL, a
   * string with six fraction digits on MariaDB (Connector/J drops bound fractions against 10.x,
   * and Python's drivers send this text too).
   */
  void bindInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
    if (this == POSTGRES) {
      statement.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
    } else {
      statement.setString(index, DATETIME.format(value.atOffset(ZoneOffset.UTC)));
    }
  }

  /** Runs statements on a new connection to a namespace ({@code null}: the administrative database). */
  void execute(@Nullable String namespace, String... sql) {
    try (Connection c = connect(namespace, ""); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(key + ": statement failed: " + e.getMessage(), e);
    }
  }

  /** Creates the PostgreSQL benchmark database when it is missing (a fresh server has none); MariaDB needs none. */
  void ensureDatabase() {
    if (this == POSTGRES && query(null, "SELECT 1 FROM pg_database WHERE datname = '" + database() + "'") == null) {
      execute(null, "CREATE DATABASE " + database());
    }
  }

  /** The first column of the first row of {@code sql} as text, or null when there is no row. */
  @Nullable String query(@Nullable String namespace, String sql) {
    try (Connection c = connect(namespace, ""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(key + ": query failed: " + e.getMessage(), e);
    }
  }

  /** The server's version string. */
  String version() {
    return String.valueOf(query(null, "SELECT version()"));
  }
}
