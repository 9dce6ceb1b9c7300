package dev.runstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.DataAccessException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The dialect-neutral helpers of jdbc-core that need no database. */
class JdbcCoreTest {

  @Test
  void splitsScriptsOnSemicolonsAtLineEndsAndSkipsComments() {
    String script = "-- header; not a statement\n"
        + "CREATE TABLE t (\n  a int, -- inline\n  b text\n);\n\n"
        + "CREATE INDEX IF NOT EXISTS i ON t (a);\n"
        + "COMMENT ON TABLE t IS 'x;y'";
    assertThat(SchemaRunner.split(script)).containsExactly(
        "CREATE TABLE t (\na int, -- inline\nb text\n)",
        "CREATE INDEX IF NOT EXISTS i ON t (a)",
        "COMMENT ON TABLE t IS 'x;y'");
  }

  @Test
  void chunksKeepOrderAndBound() {
    List<Integer> items = IntStream.range(0, 2501).boxed().toList();
    List<List<Integer>> chunks = AbstractJdbcWorkflowRunRepository.chunk(items, 1000);
    assertThat(chunks).extracting(List::size).containsExactly(1000, 1000, 501);
    assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(items);
    assertThat(AbstractJdbcWorkflowRunRepository.chunk(List.of(), 10)).isEmpty();
    assertThatThrownBy(() -> AbstractJdbcWorkflowRunRepository.chunk(items, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void roundsBoundsUpToWholeMicroseconds() {
    Instant whole = Instant.parse("2025-06-01T12:00:00.123456Z");
    assertThat(AbstractJdbcWorkflowRunRepository.ceilToMicros(whole)).isEqualTo(whole);
    assertThat(AbstractJdbcWorkflowRunRepository.ceilToMicros(whole.plusNanos(1)))
        .isEqualTo(Instant.parse("2025-06-01T12:00:00.123457Z"));
  }

  @Test
  void translatedMessagesNameOperationAndSqlOnly() {
    SQLException cause = new SQLException("ERROR: deadlock detected; value 'secret'", "40P01");
    DataAccessException e = JdbcErrors.translate("deleteRunsByApp", "DELETE FROM workflow_runs\n  WHERE id = ?", cause);
    assertThat(e.getMessage()).isEqualTo("deleteRunsByApp failed: DELETE FROM workflow_runs WHERE id = ? [SQLState 40P01]");
    assertThat(e.sqlState()).isEqualTo("40P01");
    assertThat(e.isTransient()).isTrue();
    assertThat(e.getCause()).isSameAs(cause);

    String longSql = "DELETE FROM workflow_runs WHERE id IN (" + "?, ".repeat(1000) + "?)";
    assertThat(JdbcErrors.translate("deleteRunsByIds", longSql, new SQLException("x", "08006")).getMessage())
        .startsWith("deleteRunsByIds failed: DELETE FROM workflow_runs WHERE id IN (?, ?")
        .hasSizeLessThan(JdbcErrors.MAX_SQL_IN_MESSAGE + 100);
  }

  @Test
  void statementsCheckTheirParameterCount() {
    assertThat(Sql.of("SELECT ? , ?").uuid("a").integer(1).build().params()).hasSize(2);
    assertThatThrownBy(() -> Sql.of("SELECT ?").build()).isInstanceOf(IllegalStateException.class);
    assertThat(Sql.of("SELECT 1").build()).hasToString("SELECT 1");
  }
}
