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
    List<List<Integer>> chunks = JdbcRunStore.chunks(items, 1000);
    assertThat(chunks).extracting(List::size).containsExactly(1000, 1000, 501);
    assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(items);
    assertThat(JdbcRunStore.chunks(List.of(), 10)).isEmpty();
    assertThatThrownBy(() -> JdbcRunStore.chunks(items, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void roundsBoundsUpToWholeMicroseconds() {
    Instant whole = Instant.parse("2025-06-01T12:00:00.123456Z");
    assertThat(dev.runstore.store.Bounds.ceilToMicros(whole)).isEqualTo(whole);
    assertThat(dev.runstore.store.Bounds.ceilToMicros(whole.plusNanos(1)))
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
  @Test
  void localDayWindowsCarryTheZonesOffsetsAndCutOnlyAtLocalMidnights() {
    java.util.Random random = new java.util.Random(5);
    for (String name : List.of("UTC", "America/Los_Angeles", "Europe/Berlin", "Asia/Shanghai", "Pacific/Chatham",
        "America/Santiago", "Australia/Lord_Howe")) {
      java.time.ZoneId zone = java.time.ZoneId.of(name);
      Instant from = Instant.parse("1950-03-01T07:13:00.000001Z");
      Instant to = Instant.parse("2031-11-05T00:00:00Z");
      for (int max : new int[] {1, 3, LocalDayWindows.MAX_TRANSITIONS}) {
        List<LocalDayWindows.Window> windows = LocalDayWindows.plan(zone, from, to, max);
        assertThat(windows.get(0).from()).isEqualTo(from);
        assertThat(windows.get(windows.size() - 1).to()).isEqualTo(to);
        for (int i = 0; i < windows.size(); i++) {
          LocalDayWindows.Window w = windows.get(i);
          if (i > 0) {
            Instant cut = w.from();
            assertThat(cut).isEqualTo(windows.get(i - 1).to());
            // a cut is a local midnight, and the day before it ends there
            assertThat(cut.atZone(zone).toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
            assertThat(cut.minusNanos(1000).atZone(zone).toLocalDate()).isBefore(cut.atZone(zone).toLocalDate());
          }
          assertThat(w.transitions()).allSatisfy(t -> assertThat(t).isAfter(w.from()).isBefore(w.to()));
          for (int k = 0; k < 200; k++) {
            long span = java.time.Duration.between(w.from(), w.to()).toSeconds();
            Instant at = w.from().plusSeconds(span <= 1 ? 0 : Math.floorMod(random.nextLong(), span));
            assertThat(w.offsetAt(at)).as("%s at %s", name, at)
                .isEqualTo(zone.getRules().getOffset(at).getTotalSeconds());
          }
          for (Instant t : w.transitions()) {
            assertThat(w.offsetAt(t)).isEqualTo(zone.getRules().getOffset(t).getTotalSeconds());
            assertThat(w.offsetAt(t.minusNanos(1000))).isEqualTo(zone.getRules().getOffset(t.minusNanos(1000)).getTotalSeconds());
          }
        }
        if (max == 3 && !name.equals("UTC") && !name.equals("Asia/Shanghai")) {
          assertThat(windows).hasSizeGreaterThan(5);
        }
        if (max == LocalDayWindows.MAX_TRANSITIONS) {
          assertThat(windows).hasSize(1);
        }
      }
    }
    assertThatThrownBy(() -> LocalDayWindows.plan(java.time.ZoneOffset.UTC, Instant.EPOCH, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(LocalDayWindows.plan(java.time.ZoneOffset.ofHours(5), Instant.EPOCH, Instant.EPOCH.plusSeconds(1)))
        .containsExactly(new LocalDayWindows.Window(Instant.EPOCH, Instant.EPOCH.plusSeconds(1), List.of(), List.of(18_000)));
  }

  @Test
  void composedStatementsKeepTextAndParametersInStep() {
    Sql part = Sql.of("b = ?").integer(2).build();
    // parameters are added in placeholder order, each right after its text
    Sql sql = Sql.compose().sql("SELECT 1 WHERE a IN (").placeholders(3).text("x").text("y").text("z")
        .sql(") AND ").sql(part).build();
    assertThat(sql.text()).isEqualTo("SELECT 1 WHERE a IN (?, ?, ?) AND b = ?");
    assertThat(sql.params()).extracting(Sql.Param::value).containsExactly("x", "y", "z", 2);
    assertThatThrownBy(() -> Sql.compose().sql("a = ?").build()).isInstanceOf(IllegalStateException.class);
  }
}
