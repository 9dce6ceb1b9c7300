package dev.runstore.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark data has the advertised shape (no database: the benchmarks themselves run by hand). */
class RunGeneratorTest {

  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void sameSeedSameRunsOtherSeedOtherRuns() {
    List<WorkflowRun> a = take(new RunGenerator(1, 4, 5, START, 30, 0.01, null), 50);
    List<WorkflowRun> b = take(new RunGenerator(1, 4, 5, START, 30, 0.01, null), 50);
    List<WorkflowRun> c = take(new RunGenerator(2, 4, 5, START, 30, 0.01, null), 50);
    assertThat(a).isEqualTo(b);
    assertThat(c.get(0).id()).isNotEqualTo(a.get(0).id());
  }

  @Test
  void runsCarryOneToThreeKilobytesOfValidJsonSpreadOverTenantsAppsAndDays() throws Exception {
    RunGenerator generator = new RunGenerator(3, 4, 5, START, 30, 0.01, null);
    ObjectMapper json = new ObjectMapper();
    Set<String> apps = new HashSet<>();
    Set<String> tenants = new HashSet<>();
    Set<Long> days = new HashSet<>();
    int unfinished = 0;
    for (WorkflowRun run : take(generator, 5000)) {
      int bytes = 0;
      for (String field : new String[] {run.graph(), run.inputs(), run.outputs()}) {
        if (field != null) {
          json.readTree(field); // throws on malformed JSON
          bytes += field.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
      }
      assertThat(bytes).isBetween(RunGenerator.MIN_JSON_BYTES, RunGenerator.MAX_JSON_BYTES);
      assertThat(run.createdAt()).isBetween(START, START.plus(Duration.ofDays(30)));
      assertThat(run.finishedAt() == null).isEqualTo(!run.status().isEnded());
      tenants.add(run.tenantId());
      apps.add(run.appId());
      days.add(Duration.between(START, run.createdAt()).toDays());
      unfinished += run.status().isEnded() ? 0 : 1;
    }
    assertThat(tenants).hasSize(4).containsExactlyInAnyOrderElementsOf(generator.tenants());
    assertThat(apps).hasSize(20);
    assertThat(days).hasSize(30);
    assertThat(unfinished).isBetween(20, 90); // ~1% of 5000
  }

  @Test
  void fixedTriggerAndAppGiveOneApp() {
    RunGenerator generator = new RunGenerator(4, 1, 1, START, 10, 0, TriggeredFrom.APP_RUN);
    List<WorkflowRun> runs = take(generator, 200);
    assertThat(runs).extracting(WorkflowRun::triggeredFrom).containsOnly(TriggeredFrom.APP_RUN);
    assertThat(runs).extracting(WorkflowRun::appId).containsOnly(generator.apps(0).get(0));
    assertThat(runs).allMatch(r -> r.status().isEnded());
  }

  @Test
  void copyLinesHaveTwentyEscapedFieldsAndNullMarkers() {
    WorkflowRun run = new RunGenerator(5, 1, 1, START, 1, 0, null).next().toBuilder()
        .error("a\tb\\c\nd\re").outputs(null).finishedAt(null)
        .createdAt(Instant.parse("2024-02-03T04:05:06.000007Z")).build();
    StringBuilder line = new StringBuilder();
    BenchDatabase.copyLine(run, line);

    assertThat(line.toString()).endsWith("\n");
    String[] fields = line.substring(0, line.length() - 1).split("\t", -1);
    assertThat(fields).hasSize(20);
    assertThat(BenchDatabase.COLUMNS.split(", ")).hasSize(20);
    assertThat(fields[0]).isEqualTo(run.id());
    assertThat(fields[10]).isEqualTo("\\N"); // outputs
    assertThat(fields[11]).isEqualTo("a\\tb\\\\c\\nd\\re"); // error, escaped
    assertThat(fields[17]).isEqualTo("2024-02-03 04:05:06.000007"); // created_at, UTC
    assertThat(fields[18]).isEqualTo("\\N"); // finished_at
    assertThat(fields[7]).isEqualTo(run.graph());
  }

  private static List<WorkflowRun> take(RunGenerator generator, int n) {
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      runs.add(generator.next());
    }
    return runs;
  }
}
