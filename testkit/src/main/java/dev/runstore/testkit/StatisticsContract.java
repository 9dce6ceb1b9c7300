package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.AverageInteractionStats;
import dev.runstore.api.DailyRunsStats;
import dev.runstore.api.DailyTerminalsStats;
import dev.runstore.api.DailyTokenCostStats;
import dev.runstore.api.StatsQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * v1.1 daily statistics: calendar days in the query's zone, {@code start} inclusive, {@code end}
 * exclusive, every status counted, ascending by date, only days with runs; the average rounded
 * half-up to 2 decimals. Expected values are computed here from the saved runs with
 * {@code Instant.atZone(zone).toLocalDate()}.
 */
public interface StatisticsContract extends RepositoryFixture {

  /** Per-day aggregates computed in the simplest way. */
  record Day(long runs, Set<String> creators, long tokens) {}

  private static Map<LocalDate, Day> model(List<WorkflowRun> runs, StatsQuery q) {
    Map<LocalDate, Day> days = new TreeMap<>();
    for (WorkflowRun r : runs) {
      if (!r.tenantId().equals(q.tenantId()) || !r.appId().equals(q.appId())
          || r.triggeredFrom() != q.triggeredFrom()
          || (q.start() != null && r.createdAt().isBefore(q.start()))
          || (q.end() != null && !r.createdAt().isBefore(q.end()))) {
        continue;
      }
      LocalDate date = r.createdAt().atZone(q.zone()).toLocalDate();
      Day d = days.getOrDefault(date, new Day(0, new HashSet<>(), 0));
      d.creators().add(r.createdBy());
      days.put(date, new Day(d.runs() + 1, d.creators(), d.tokens() + r.totalTokens()));
    }
    return days;
  }

  private void assertStats(List<WorkflowRun> runs, StatsQuery q) {
    Map<LocalDate, Day> days = model(runs, q);
    List<DailyRunsStats> wantRuns = new ArrayList<>();
    List<DailyTerminalsStats> wantTerminals = new ArrayList<>();
    List<DailyTokenCostStats> wantTokens = new ArrayList<>();
    List<AverageInteractionStats> wantAverage = new ArrayList<>();
    days.forEach((date, d) -> {
      wantRuns.add(new DailyRunsStats(date, d.runs()));
      wantTerminals.add(new DailyTerminalsStats(date, d.creators().size()));
      wantTokens.add(new DailyTokenCostStats(date, d.tokens()));
      wantAverage.add(new AverageInteractionStats(date, BigDecimal.valueOf(d.runs())
          .divide(BigDecimal.valueOf(d.creators().size()), 2, RoundingMode.HALF_UP).doubleValue()));
    });
    assertThat(repository().getDailyRunsStatistics(q)).as("runs %s", q).isEqualTo(wantRuns);
    assertThat(repository().getDailyTerminalsStatistics(q)).as("terminals %s", q).isEqualTo(wantTerminals);
    assertThat(repository().getDailyTokenCostStatistics(q)).as("tokens %s", q).isEqualTo(wantTokens);
    assertThat(repository().getAverageAppInteractionStatistics(q)).as("average %s", q).isEqualTo(wantAverage);
  }

  private WorkflowRun save(String tenant, String app, Instant at, String creator, long tokens, WorkflowRunStatus status) {
    WorkflowRun run = TestRuns.run(tenant, app).createdAt(at).finishedAt(null).createdBy(creator)
        .totalTokens(tokens).status(status).build();
    repository().save(run);
    return run;
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTC", "Asia/Shanghai", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Chatham"})
  default void dayBoundariesFollowTheZone(String zoneName) {
    ZoneId zone = ZoneId.of(zoneName);
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    Random random = new Random(zoneName.hashCode());
    List<String> creators = List.of(TestRuns.newId(), TestRuns.newId(), TestRuns.newId());
    List<WorkflowRun> runs = new ArrayList<>();
    WorkflowRunStatus[] statuses = WorkflowRunStatus.values();
    // Runs just before and after local midnight on several days, plus random ones.
    for (int day = 0; day < 5; day++) {
      Instant midnight = LocalDate.of(2025, 6, 10).plusDays(day).atStartOfDay(zone).toInstant();
      for (Instant at : List.of(midnight.minusNanos(1000), midnight, midnight.plusSeconds(1), midnight.plusSeconds(43_200))) {
        runs.add(save(tenant, app, at, creators.get(random.nextInt(3)), random.nextInt(1000) + (1L << 32),
            statuses[random.nextInt(statuses.length)]));
      }
    }
    runs.add(save(tenant, app, TestRuns.BASE, creators.get(0), 5, WorkflowRunStatus.RUNNING));
    // Noise that must never count.
    save(tenant, TestRuns.newId(), TestRuns.BASE, creators.get(0), 1, WorkflowRunStatus.SUCCEEDED);
    save(TestRuns.newId(), app, TestRuns.BASE, creators.get(0), 1, WorkflowRunStatus.SUCCEEDED);
    repository().save(TestRuns.run(tenant, app).triggeredFrom(TriggeredFrom.DEBUGGING).createdAt(TestRuns.BASE).build());

    assertStats(runs, StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone).build());
    Instant start = LocalDate.of(2025, 6, 11).atStartOfDay(zone).toInstant();
    Instant end = LocalDate.of(2025, 6, 13).atStartOfDay(zone).toInstant();
    assertStats(runs, StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone).start(start).end(end).build());
    assertStats(runs, StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone).start(start).build());
    assertStats(runs, StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone).end(end).build());
    // The bounds are exact: start inclusive, end exclusive, at a microsecond.
    assertStats(runs, StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone)
        .start(start.plusNanos(1000)).end(end.plusNanos(1000)).build());
    assertThat(repository().getDailyRunsStatistics(
            StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(zone).start(start).end(start.plusNanos(1000)).build()))
        .containsExactly(new DailyRunsStats(LocalDate.of(2025, 6, 11), 1));
  }

  @Test
  default void daylightSavingChangeDays() {
    ZoneId la = ZoneId.of("America/Los_Angeles");
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    String creator = TestRuns.newId();
    List<WorkflowRun> runs = new ArrayList<>();
    // 2025-03-09 has 23 hours in Los Angeles; 2025-11-02 has 25.
    for (LocalDate date : List.of(LocalDate.of(2025, 3, 9), LocalDate.of(2025, 11, 2))) {
      Instant start = date.atStartOfDay(la).toInstant();
      Instant next = date.plusDays(1).atStartOfDay(la).toInstant();
      for (Instant at : List.of(start.minusNanos(1000), start, start.plusSeconds(3 * 3600), next.minusNanos(1000), next,
          // A fixed offset from before the change would put these on the wrong day.
          next.minusSeconds(1800), next.plusSeconds(1800))) {
        runs.add(save(tenant, app, at, creator, 10, WorkflowRunStatus.SUCCEEDED));
      }
    }
    assertStats(runs, StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(la).build());
    assertStats(runs, StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(ZoneOffset.UTC).build());
    assertStats(runs, StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).zone(ZoneId.of("Europe/Berlin")).build());
  }

  @Test
  default void averageIsRoundedHalfUpInExactDecimals() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<String> creators = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      creators.add(TestRuns.newId());
    }
    List<WorkflowRun> runs = new ArrayList<>();
    // 201 runs by 200 creators on one day: 1.005 → 1.01 (binary floating point would give 1.0).
    for (int i = 0; i < 201; i++) {
      runs.add(save(tenant, app, TestRuns.BASE.plusSeconds(i), creators.get(i % 200), 1, WorkflowRunStatus.SUCCEEDED));
    }
    // 2 runs by 3 creators is impossible; 5 runs by 3 creators on the next day: 1.666… → 1.67.
    Instant nextDay = TestRuns.BASE.plusSeconds(86_400);
    for (int i = 0; i < 5; i++) {
      runs.add(save(tenant, app, nextDay.plusSeconds(i), creators.get(i % 3), 1, WorkflowRunStatus.FAILED));
    }
    StatsQuery q = StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN).build();
    assertThat(repository().getAverageAppInteractionStatistics(q)).containsExactly(
        new AverageInteractionStats(LocalDate.of(2025, 6, 1), 1.01),
        new AverageInteractionStats(LocalDate.of(2025, 6, 2), 1.67));
    assertStats(runs, q);
  }

  @Test
  default void noRunsNoDays() {
    StatsQuery q = StatsQuery.builder(TestRuns.newId(), TestRuns.newId(), TriggeredFrom.APP_RUN)
        .zone(ZoneId.of("Asia/Shanghai")).build();
    assertThat(repository().getDailyRunsStatistics(q)).isEmpty();
    assertThat(repository().getDailyTerminalsStatistics(q)).isEmpty();
    assertThat(repository().getDailyTokenCostStatistics(q)).isEmpty();
    assertThat(repository().getAverageAppInteractionStatistics(q)).isEmpty();
  }

  @Test
  default void statsValidation() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    assertThatThrownBy(() -> StatsQuery.builder(" ", app, TriggeredFrom.APP_RUN).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatsQuery.builder(tenant, app, null).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StatsQuery(tenant, app, TriggeredFrom.APP_RUN, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatsQuery.builder(tenant, app, TriggeredFrom.APP_RUN)
            .start(TestRuns.BASE.plusSeconds(1)).end(TestRuns.BASE).build())
        .isInstanceOf(IllegalArgumentException.class);
    long before = storageAccessCount();
    assertThatThrownBy(() -> repository().getDailyRunsStatistics(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().getDailyTerminalsStatistics(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().getDailyTokenCostStatistics(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().getAverageAppInteractionStatistics(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(storageAccessCount()).isEqualTo(before);
  }
}
