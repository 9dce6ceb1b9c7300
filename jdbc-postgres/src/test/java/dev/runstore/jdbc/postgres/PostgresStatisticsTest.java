package dev.runstore.jdbc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.AverageInteractionStats;
import dev.runstore.api.Checks;
import dev.runstore.api.DailyRunsStats;
import dev.runstore.api.DailyTerminalsStats;
import dev.runstore.api.DailyTokenCostStats;
import dev.runstore.api.StatsQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.testkit.TestRuns;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Daily statistics over the whole storable range (years 1000 to 9999): thousands of offset
 * changes, so the query is split into several {@code LocalDayWindows} statements, including
 * local-mean-time offsets of the 19th century, the first and last storable microseconds (whose
 * local day may be in year 999 or 10000), and days next to every window cut. Expected values come
 * from {@code Instant.atZone(zone).toLocalDate()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresStatisticsTest {

  private final String tenant = TestRuns.newId();
  private final String app = TestRuns.newId();
  private final List<WorkflowRun> runs = new ArrayList<>();
  private String schema;
  private PostgresWorkflowRunRepository repository;

  @BeforeAll
  void load() {
    schema = PostgresTestDatabase.newSchema();
    DataSource dataSource = PostgresTestDatabase.pool(schema);
    repository = new PostgresWorkflowRunRepository(dataSource, true);
    Random random = new Random(99);
    List<String> creators = List.of(TestRuns.newId(), TestRuns.newId(), TestRuns.newId(), TestRuns.newId());
    List<Instant> times = new ArrayList<>(List.of(Checks.MIN_INSTANT, Checks.MAX_INSTANT,
        Instant.parse("1883-11-18T19:59:59Z"), Instant.parse("1883-11-18T20:00:00Z"),
        Instant.parse("2025-03-09T09:59:59.999999Z"), Instant.parse("2025-03-09T10:00:00Z"),
        Instant.parse("2025-11-02T08:59:59.999999Z"), Instant.parse("2025-11-02T09:00:00Z")));
    for (int i = 0; i < 300; i++) {
      // spread over the whole range, many near local midnights of the zones tested
      long seconds = Checks.MIN_INSTANT.getEpochSecond()
          + Math.floorMod(random.nextLong(), Checks.MAX_INSTANT.getEpochSecond() - Checks.MIN_INSTANT.getEpochSecond());
      Instant at = Instant.ofEpochSecond(seconds - Math.floorMod(seconds, 3600) + (random.nextBoolean() ? 0 : 3599));
      times.add(at);
      times.add(at.plusNanos(1000));
    }
    for (Instant at : times) {
      WorkflowRun run = TestRuns.run(tenant, app).createdAt(at).finishedAt(null)
          .createdBy(creators.get(random.nextInt(creators.size()))).totalTokens(random.nextInt(1_000_000)).build();
      repository.save(run);
      runs.add(run);
    }
  }

  @AfterAll
  void drop() {
    if (repository != null) {
      repository.close();
    }
    if (schema != null) {
      PostgresTestDatabase.dropSchema(schema);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTC", "America/Los_Angeles", "America/Santiago", "Pacific/Kiritimati"})
  void everyDayOfTheStorableRangeInManyWindows(String zoneName) {
    ZoneId zone = ZoneId.of(zoneName);
    check(StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone).build());
    check(StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone)
        .start(Instant.parse("1500-01-01T00:00:00Z")).end(Instant.parse("8000-01-01T00:00:00Z")).build());
    check(StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone)
        .start(Instant.MIN).end(Instant.MAX).build());
    check(StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone)
        .start(Checks.MAX_INSTANT).build());
    check(StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone)
        .end(Checks.MIN_INSTANT.plusNanos(1)).build());
  }

  private void check(StatsQuery q) {
    Map<LocalDate, long[]> days = new TreeMap<>();
    Map<LocalDate, Set<String>> creators = new TreeMap<>();
    for (WorkflowRun r : runs) {
      if ((q.start() != null && r.createdAt().isBefore(q.start())) || (q.end() != null && !r.createdAt().isBefore(q.end()))) {
        continue;
      }
      LocalDate date = r.createdAt().atZone(q.zone()).toLocalDate();
      long[] d = days.computeIfAbsent(date, k -> new long[2]);
      d[0]++;
      d[1] += r.totalTokens();
      creators.computeIfAbsent(date, k -> new HashSet<>()).add(r.createdBy());
    }
    assertThat(days).as("the data must reach into the query").isNotEmpty();
    assertThat(repository.getDailyRunsStatistics(q)).as("%s", q)
        .isEqualTo(days.entrySet().stream().map(e -> new DailyRunsStats(e.getKey(), e.getValue()[0])).toList());
    assertThat(repository.getDailyTokenCostStatistics(q)).as("%s", q)
        .isEqualTo(days.entrySet().stream().map(e -> new DailyTokenCostStats(e.getKey(), e.getValue()[1])).toList());
    assertThat(repository.getDailyTerminalsStatistics(q)).as("%s", q)
        .isEqualTo(creators.entrySet().stream().map(e -> new DailyTerminalsStats(e.getKey(), e.getValue().size())).toList());
    assertThat(repository.getAverageAppInteractionStatistics(q)).as("%s", q)
        .isEqualTo(days.keySet().stream().map(d -> new AverageInteractionStats(d,
            AverageInteractionStats.average(days.get(d)[0], creators.get(d).size()))).toList());
  }
}
