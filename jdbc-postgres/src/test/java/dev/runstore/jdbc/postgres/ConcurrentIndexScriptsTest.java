package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The {@code db/runstore/postgres-concurrently} scripts (for a large live table) build exactly
 * the indexes of the transactional scripts, with {@code CREATE INDEX CONCURRENTLY}, one statement
 * at a time outside a transaction, and run again as no-ops.
 */
class ConcurrentIndexScriptsTest {

  private static final List<String> SCRIPTS = List.of(
      "db/runstore/postgres-concurrently/V1__workflow_runs_indexes.sql",
      "db/runstore/postgres-concurrently/V2__v1_1_indexes.sql",
      "db/runstore/postgres-concurrently/V3__v1_2_cleanup_index.sql");

  @Test
  void theConcurrentScriptsBuildTheSameIndexesAsTheTransactionalOnes() throws Exception {
    String shipped = PostgresTestDatabase.newSchema();
    String concurrent = PostgresTestDatabase.newSchema();
    try {
      DataSource reference = PostgresTestDatabase.plain(shipped);
      new PostgresWorkflowRunRepository(reference, true);
      // A table as Dify creates it, without runstore's indexes (nor Dify's): the live-table case.
      DataSource live = PostgresTestDatabase.plain(concurrent);
      new PostgresWorkflowRunRepository(live, true);
      try (Connection c = live.getConnection(); Statement s = c.createStatement()) {
        for (String index : indexes(live).keySet()) {
          if (!index.equals("workflow_run_pkey")) {
            s.execute("DROP INDEX " + index);
          }
        }
      }
      assertThat(indexes(live)).containsOnlyKeys("workflow_run_pkey");

      for (int pass = 0; pass < 2; pass++) {
        for (String script : SCRIPTS) {
          for (String statement : statements(script)) {
            assertThat(statement).startsWith("CREATE INDEX CONCURRENTLY IF NOT EXISTS ");
            try (Connection c = live.getConnection(); Statement s = c.createStatement()) {
              assertThat(c.getAutoCommit()).isTrue(); // CONCURRENTLY refuses a transaction block
              s.execute(statement);
            }
          }
        }
      }
      assertThat(indexes(live)).isEqualTo(indexes(reference));
    } finally {
      PostgresTestDatabase.dropSchema(shipped);
      PostgresTestDatabase.dropSchema(concurrent);
    }
  }

  /** The statements of a script: comments dropped, split at semicolons. */
  static List<String> statements(String resource) throws IOException {
    String text;
    try (InputStream in = ConcurrentIndexScriptsTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder sql = new StringBuilder();
    for (String line : text.split("\n")) {
      if (!line.strip().startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String part : sql.toString().split(";")) {
      String s = part.strip().replaceAll("\\s+", " ");
      if (!s.isEmpty()) {
        statements.add(s);
      }
    }
    return statements;
  }

  /** Index name to definition, with the schema name taken out. */
  private static Map<String, String> indexes(DataSource dataSource) throws Exception {
    Map<String, String> indexes = new TreeMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT indexname, replace(indexdef, schemaname || '.', '')"
            + " FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'workflow_runs'");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        indexes.put(rs.getString(1), rs.getString(2));
      }
    }
    return indexes;
  }
}
