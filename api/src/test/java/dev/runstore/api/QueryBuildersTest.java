package dev.runstore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryBuildersTest {

  private static final String TENANT = "3f1b0f8e-6a43-4c52-9d7e-0c6a3d1e2b4f";
  private static final String APP = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

  @Test
  void runListQueryBuildersAgree() {
    RunListQuery a = RunListQuery.builder(TENANT, APP).status(WorkflowRunStatus.FAILED).limit(5).build();
    RunListQuery b = RunListQuery.builder().tenantId(TENANT).appId(APP).status(WorkflowRunStatus.FAILED).limit(5).build();
    assertThat(a).isEqualTo(b);
    assertThat(RunListQuery.builder().tenantId(TENANT).appId(APP).build().limit()).isEqualTo(RunListQuery.DEFAULT_LIMIT);
    assertThat(RunListQuery.builder().tenantId(TENANT).appId(APP).build().triggeredFrom()).isEmpty();
    assertThatThrownBy(() -> RunListQuery.builder().appId(APP).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenantId");
    assertThatThrownBy(() -> RunListQuery.builder().tenantId(TENANT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("appId");
  }

  @Test
  void statsQueryBuildersAgree() {
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    StatsQuery a = StatsQuery.builder(TENANT, APP, TriggeredFrom.APP_RUN).zone(zone).build();
    StatsQuery b = StatsQuery.builder().tenantId(TENANT).appId(APP).triggeredFrom(TriggeredFrom.APP_RUN).zone(zone).build();
    assertThat(a).isEqualTo(b);
    assertThat(StatsQuery.builder(TENANT, APP, TriggeredFrom.APP_RUN).build().zone()).isEqualTo(ZoneOffset.UTC);
    assertThatThrownBy(() -> StatsQuery.builder().tenantId(TENANT).appId(APP).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("triggeredFrom");
  }

  @Test
  void timeRangeBatchQueryBuildersAgree() {
    Instant end = Instant.parse("2030-01-01T00:00:00Z");
    TimeRangeBatchQuery a = TimeRangeBatchQuery.builder(end).batchSize(10).tenantIds(Set.of(TENANT.toUpperCase())).build();
    TimeRangeBatchQuery b = TimeRangeBatchQuery.builder().endBefore(end).batchSize(10).tenantIds(Set.of(TENANT)).build();
    assertThat(a).isEqualTo(b);
    assertThat(a.tenantIds()).containsExactly(TENANT);
    assertThatThrownBy(() -> TimeRangeBatchQuery.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("endBefore");
  }
}
