package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.runstore.api.WorkflowRun;
import dev.runstore.testkit.TestRuns;
import dev.runstore.testkit.Texts;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 4-byte characters (emoji, musical symbols, CJK extension B) in every text column, through the
 * driver's default connection character set and through an explicit {@code characterEncoding};
 * the stored bytes must be the UTF-8 of the text (no mojibake that happens to round-trip),
 * also on servers whose default character set is latin1 (embedded MariaDB 11.4).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Utf8mb4Test {

  private static final List<String> TEXT_COLUMNS = List.of("version", "graph", "inputs", "outputs", "error");

  private final MySqlTestServers.Server server = MySqlTestServers.server();
  private final HikariDataSource byDefault = server.pool("utf8-default");
  private final HikariDataSource explicit = server.pool("utf8-explicit", "characterEncoding=UTF-8");

  @AfterAll
  void close() {
    byDefault.close();
    explicit.close();
  }

  @ParameterizedTest(name = "characterEncoding set: {0}")
  @ValueSource(booleans = {false, true})
  void astralCharactersRoundTripInEveryTextColumn(boolean characterEncoding) throws Exception {
    HikariDataSource pool = characterEncoding ? explicit : byDefault;
    MySqlWorkflowRunRepository repo = new MySqlWorkflowRunRepository(pool, true);
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    String astral = Texts.ASTRAL + " " + Texts.MIXED;
    WorkflowRun run = TestRuns.run(tenant, app)
        .version("v😀" + Texts.ASTRAL)
        .graph("{\"g\":\"" + astral + "\"}")
        .inputs("{\"i\":\"𝄞𠜎\"}")
        .outputs("{\"o\":\"" + Texts.ASTRAL + "\"}")
        .error("boom 💥 " + Texts.ASTRAL)
        .build();
    repo.save(run);

    assertThat(repo.getWorkflowRunById(tenant, app, run.id())).contains(run);
    String[] expected = {run.version(), run.graph(), run.inputs(), run.outputs(), run.error()};
    try (Connection c = pool.getConnection()) {
      for (int i = 0; i < TEXT_COLUMNS.size(); i++) {
        String column = TEXT_COLUMNS.get(i);
        try (PreparedStatement s = c.prepareStatement(
            "SELECT HEX(" + column + "), CHARSET(" + column + ") FROM workflow_runs WHERE id = ?")) {
          s.setString(1, run.id());
          try (ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as(column + " bytes")
                .isEqualTo(HexFormat.of().formatHex(expected[i].getBytes(StandardCharsets.UTF_8)).toUpperCase(Locale.ROOT));
            assertThat(rs.getString(2)).as(column + " charset").isEqualTo("utf8mb4");
          }
        }
      }
    }
  }
}
