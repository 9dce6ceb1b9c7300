package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.AverageInteractionStats;
import dev.runstore.api.Checks;
import dev.runstore.api.DailyRunsStats;
import dev.runstore.api.DailyTerminalsStats;
import dev.runstore.api.DailyTokenCostStats;
import dev.runstore.api.StatsQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Daily statistics over the whole storable range ({@link Checks#MIN_INSTANT} to
 * {@link Checks#MAX_INSTANT}, years 1000 to 9999) in zones with thousands of offset changes, so a
 * SQL backend splits the query into several statements (one per stretch of constant offset):
 * local-mean-time offsets of the 19th century, half- and quarter-hour offsets, a zone that skipped
 * a whole day, the first and last storable microseconds (whose local day may be in year 999 or
 * 10000), and runs on both sides of hour boundaries and of local midnights all over the range.
 * Expected values come from {@code Instant.atZone(zone).toLocalDate()}.
 */
public interface StatisticsRangeContract extends RepositoryFixture {

  /**
   * Runs spread over the storable range in a fresh app: 8 at known edges, 600 at random hours,
   * and 200 on both sides of the local midnight (in {@code zone}) of 100 of those hours.
   */
  private List<WorkflowRun> saveRunsAllOverTheRange(String tenant, String app, ZoneId zone) {
    Random random = new Random(99);
    List<String> creators = List.of(TestRuns.newId(), TestRuns.newId(), TestRuns.newId(), TestRuns.newId());
    List<Instant> times = new ArrayList<>(List.of(Checks.MIN_INSTANT, Checks.MAX_INSTANT,
        Instant.parse("1883-11-18T19:59:59Z"), Instant.parse("1883-11-18T20:00:00Z"),
        Instant.parse("2025-03-09T09:59:59.999999Z"), Instant.parse("2025-03-09T10:00:00Z"),
        Instant.parse("2025-11-02T08:59:59.999999Z"), Instant.parse("2025-11-02T09:00:00Z")));
    long span = Checks.MAX_INSTANT.getEpochSecond() - Checks.MIN_INSTANT.getEpochSecond();
    for (int i = 0; i < 300; i++) {
      // the last or first second of a UTC hour (and one microsecond later): next to local
      // midnights of whole-hour zones and to offset changes, which mostly fall on the hour
      long seconds = Checks.MIN_INSTANT.getEpochSecond() + Math.floorMod(random.nextLong(), span);
      Instant at = Instant.ofEpochSecond(seconds - Math.floorMod(seconds, 3600) + (random.nextBoolean() ? 0 : 3599));
      times.add(at);
      times.add(at.plusNanos(1000));
      // the last microsecond of a local day and the first of the next: one wrong offset (such as
      // a 19th-century local mean time taken as the standard one) moves one of them
      Instant midnight = at.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
      if (i % 3 == 0 && midnight.isAfter(Checks.MIN_INSTANT)) {
        times.add(midnight.minusNanos(1000));
        times.add(midnight);
      }
    }
    List<WorkflowRun> runs = new ArrayList<>();
    for (Instant at : times) {
      WorkflowRun run = TestRuns.run(tenant, app).createdAt(at).finishedAt(null)
          .createdBy(creators.get(random.nextInt(creators.size()))).totalTokens(random.nextInt(1_000_000)).build();
      repository().save(run);
      runs.add(run);
    }
    return runs;
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTC", "America/Los_Angeles", "America/Santiago", "Pacific/Kiritimati", "Asia/Kathmandu",
      "Pacific/Chatham"})
  default void everyDayOfTheStorableRangeInManyWindows(String zoneName) {
    ZoneId zone = ZoneId.of(zoneName);
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = saveRunsAllOverTheRange(tenant, app, zone);
    assertRangeStats(runs, StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone).build());
    assertRangeStats(runs, StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone)
        .start(Instant.parse("1500-01-01T00:00:00Z")).end(Instant.parse("8000-01-01T00:00:00Z")).build());
    assertRangeStats(runs, StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone)
        .start(Instant.MIN).end(Instant.MAX).build());
    assertRangeStats(runs, StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone)
        .start(Checks.MAX_INSTANT).build());
    assertRangeStats(runs, StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone)
        .end(Checks.MIN_INSTANT.plusNanos(1)).build());
  }

  private void assertRangeStats(List<WorkflowRun> runs, StatsQuery q) {
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
    assertThat(repository().getDailyRunsStatistics(q)).as("%s", q)
        .isEqualTo(days.entrySet().stream().map(e -> new DailyRunsStats(e.getKey(), e.getValue()[0])).toList());
    assertThat(repository().getDailyTokenCostStatistics(q)).as("%s", q)
        .isEqualTo(days.entrySet().stream().map(e -> new DailyTokenCostStats(e.getKey(), e.getValue()[1])).toList());
    assertThat(repository().getDailyTerminalsStatistics(q)).as("%s", q)
        .isEqualTo(creators.entrySet().stream().map(e -> new DailyTerminalsStats(e.getKey(), e.getValue().size())).toList());
    assertThat(repository().getAverageAppInteractionStatistics(q)).as("%s", q)
        .isEqualTo(days.keySet().stream().map(d -> new AverageInteractionStats(d,
            AverageInteractionStats.average(days.get(d)[0], creators.get(d).size()))).toList());
  }
}
