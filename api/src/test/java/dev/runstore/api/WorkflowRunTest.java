package dev.runstore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The records and enums of the API: {@link WorkflowRun}'s validation and normalization, its
 * builder, the stored enum values, {@link WorkflowExecution} and {@link InfiniteScrollPagination}.
 */
class WorkflowRunTest {

  private static final Instant AT = Instant.parse("2025-06-01T12:00:00.123456Z");

  private static String id() {
    return UUID.randomUUID().toString();
  }

  private static WorkflowRun.Builder valid() {
    return WorkflowRun.builder()
        .id(id())
        .tenantId(id())
        .appId(id())
        .workflowId(id())
        .type(WorkflowType.WORKFLOW)
        .triggeredFrom(TriggeredFrom.APP_RUN)
        .version("draft")
        .graph("{}")
        .inputs("{}")
        .status(WorkflowRunStatus.SUCCEEDED)
        .outputs("{}")
        .error(null)
        .elapsedTime(1.5)
        .totalTokens(10)
        .totalSteps(2)
        .createdByRole(CreatorRole.ACCOUNT)
        .createdBy(id())
        .createdAt(AT)
        .finishedAt(AT.plusSeconds(1))
        .exceptionsCount(0);
  }

  /** Each UUID component, with the builder setter that sets it. */
  private static List<Object[]> uuidComponents() {
    List<Object[]> list = new ArrayList<>();
    list.add(new Object[] {"id", (BiFunction<WorkflowRun.Builder, String, WorkflowRun.Builder>) WorkflowRun.Builder::id});
    list.add(new Object[] {"tenantId", (BiFunction<WorkflowRun.Builder, String, WorkflowRun.Builder>) WorkflowRun.Builder::tenantId});
    list.add(new Object[] {"appId", (BiFunction<WorkflowRun.Builder, String, WorkflowRun.Builder>) WorkflowRun.Builder::appId});
    list.add(new Object[] {"workflowId", (BiFunction<WorkflowRun.Builder, String, WorkflowRun.Builder>) WorkflowRun.Builder::workflowId});
    list.add(new Object[] {"createdBy", (BiFunction<WorkflowRun.Builder, String, WorkflowRun.Builder>) WorkflowRun.Builder::createdBy});
    return list;
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachUuidComponentRejectsNullAndMalformedNamingIt() {
    for (Object[] component : uuidComponents()) {
      String name = (String) component[0];
      BiFunction<WorkflowRun.Builder, String, WorkflowRun.Builder> set =
          (BiFunction<WorkflowRun.Builder, String, WorkflowRun.Builder>) component[1];
      assertThatThrownBy(() -> set.apply(valid(), null).build())
          .as("%s null", name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(name + " ");
      for (String bad : List.of("", " ", "x", id().substring(1), id() + "a", id().replace("-", ""),
          "g" + id().substring(1), "{" + id().substring(2) + "}", id().replace('-', '_'))) {
        assertThatThrownBy(() -> set.apply(valid(), bad).build())
            .as("%s '%s'", name, bad)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(name + " ");
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void upperCaseUuidsAreLowered() {
    for (Object[] component : uuidComponents()) {
      BiFunction<WorkflowRun.Builder, String, WorkflowRun.Builder> set =
          (BiFunction<WorkflowRun.Builder, String, WorkflowRun.Builder>) component[1];
      String lower = id();
      WorkflowRun upper = set.apply(valid(), lower.toUpperCase(Locale.ROOT)).build();
      WorkflowRun same = set.apply(upper.toBuilder(), lower).build();
      assertThat(upper).as((String) component[0]).isEqualTo(same);
    }
    String lower = id();
    assertThat(valid().id(lower.toUpperCase(Locale.ROOT)).build().id()).isEqualTo(lower);
  }

  @Test
  void requiredComponentsAreNamedWhenMissing() {
    assertThatThrownBy(() -> valid().type(null).build()).hasMessageContaining("type");
    assertThatThrownBy(() -> valid().triggeredFrom(null).build()).hasMessageContaining("triggeredFrom");
    assertThatThrownBy(() -> valid().version(null).build()).hasMessageContaining("version");
    assertThatThrownBy(() -> valid().status(null).build()).hasMessageContaining("status");
    assertThatThrownBy(() -> valid().createdByRole(null).build()).hasMessageContaining("createdByRole");
    assertThatThrownBy(() -> valid().createdAt(null).build()).hasMessageContaining("createdAt");
    assertThatThrownBy(() -> WorkflowRun.builder().build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void numbersAndTextAreValidated() {
    assertThatThrownBy(() -> valid().elapsedTime(-0.1).build()).hasMessageContaining("elapsedTime");
    assertThatThrownBy(() -> valid().elapsedTime(Double.NaN).build()).hasMessageContaining("elapsedTime");
    assertThatThrownBy(() -> valid().elapsedTime(Double.POSITIVE_INFINITY).build()).hasMessageContaining("elapsedTime");
    assertThatThrownBy(() -> valid().totalTokens(-1).build()).hasMessageContaining("totalTokens");
    assertThatThrownBy(() -> valid().totalSteps(-1).build()).hasMessageContaining("totalSteps");
    assertThatThrownBy(() -> valid().exceptionsCount(-1).build()).hasMessageContaining("exceptionsCount");
    assertThatThrownBy(() -> valid().version("v".repeat(256)).build()).hasMessageContaining("version");
    assertThat(valid().version("v".repeat(255)).build().version()).hasSize(255);
    assertThatThrownBy(() -> valid().graph("{\"a\":\"\u0000\"}").build()).hasMessageContaining("graph");
    assertThatThrownBy(() -> valid().outputs("\uD800").build()).hasMessageContaining("outputs");
    assertThat(valid().inputs("{\"emoji\":\"\uD83D\uDE00\"}").build().inputs()).isEqualTo("{\"emoji\":\"\uD83D\uDE00\"}");
    assertThatThrownBy(() -> valid().createdAt(Instant.parse("0999-12-31T23:59:59Z")).build())
        .hasMessageContaining("createdAt");
    assertThatThrownBy(() -> valid().finishedAt(Instant.parse("+10000-01-01T00:00:00Z")).build())
        .hasMessageContaining("finishedAt");
  }

  @Test
  void timestampsAreTruncatedToMicroseconds() {
    WorkflowRun run = valid()
        .createdAt(Instant.parse("2025-06-01T12:00:00.123456789Z"))
        .finishedAt(Instant.parse("2025-06-01T12:00:01.000000999Z"))
        .build();

    assertThat(run.createdAt()).isEqualTo(Instant.parse("2025-06-01T12:00:00.123456Z"));
    assertThat(run.finishedAt()).isEqualTo(Instant.parse("2025-06-01T12:00:01Z"));
    assertThat(valid().finishedAt(null).build().finishedAt()).isNull();
  }

  @Test
  void builderAndToBuilderRoundTripEveryComponent() {
    WorkflowRun run = valid()
        .type(WorkflowType.RAG_PIPELINE)
        .triggeredFrom(TriggeredFrom.RAG_PIPELINE_DEBUGGING)
        .version("2025-06-01 12:00:00.000001")
        .graph("{\"g\":1}")
        .inputs("{\"i\":2}")
        .status(WorkflowRunStatus.PARTIAL_SUCCEEDED)
        .outputs("{\"o\":3}")
        .error("oops")
        .elapsedTime(2.25)
        .totalTokens(1L << 40)
        .totalSteps(9)
        .createdByRole(CreatorRole.END_USER)
        .exceptionsCount(3)
        .build();

    assertThat(run.toBuilder().build()).isEqualTo(run).hasSameHashCodeAs(run);
    WorkflowRun rebuilt = new WorkflowRun(
        run.id(), run.tenantId(), run.appId(), run.workflowId(), run.type(), run.triggeredFrom(),
        run.version(), run.graph(), run.inputs(), run.status(), run.outputs(), run.error(),
        run.elapsedTime(), run.totalTokens(), run.totalSteps(), run.createdByRole(), run.createdBy(),
        run.createdAt(), run.finishedAt(), run.exceptionsCount());
    assertThat(rebuilt).isEqualTo(run);
    assertThat(run.toBuilder().totalSteps(10).build()).isNotEqualTo(run);
    assertThat(run.type()).isEqualTo(WorkflowType.RAG_PIPELINE);
    assertThat(run.error()).isEqualTo("oops");
    assertThat(run.totalTokens()).isEqualTo(1L << 40);
  }

  @Test
  void enumsCarryTheirStoredValues() {
    assertThat(WorkflowType.values()).extracting(WorkflowType::value)
        .containsExactly("workflow", "chat", "rag-pipeline", "snippet"); // snippet: API v1.2
    assertThat(PauseReasonType.values()).extracting(PauseReasonType::value)
        .containsExactly("human_input_required", "scheduled_pause");
    assertThat(TriggeredFrom.values()).extracting(TriggeredFrom::value)
        .containsExactly("debugging", "app-run", "rag-pipeline-run", "rag-pipeline-debugging", "webhook", "schedule", "plugin");
    assertThat(WorkflowRunStatus.values()).extracting(WorkflowRunStatus::value)
        .containsExactly("running", "succeeded", "failed", "stopped", "partial-succeeded", "paused", "scheduled");
    assertThat(CreatorRole.values()).extracting(CreatorRole::value).containsExactly("account", "end_user");
    for (WorkflowType v : WorkflowType.values()) {
      assertThat(WorkflowType.fromValue(v.value())).isSameAs(v);
    }
    for (TriggeredFrom v : TriggeredFrom.values()) {
      assertThat(TriggeredFrom.fromValue(v.value())).isSameAs(v);
    }
    for (WorkflowRunStatus v : WorkflowRunStatus.values()) {
      assertThat(WorkflowRunStatus.fromValue(v.value())).isSameAs(v);
    }
    for (CreatorRole v : CreatorRole.values()) {
      assertThat(CreatorRole.fromValue(v.value())).isSameAs(v);
    }
  }

  @Test
  void fromValueNamesAnUnknownValue() {
    assertThatThrownBy(() -> WorkflowType.fromValue("WORKFLOW"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'WORKFLOW'");
    assertThatThrownBy(() -> TriggeredFrom.fromValue("app_run"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'app_run'");
    assertThatThrownBy(() -> WorkflowRunStatus.fromValue("partial_succeeded"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'partial_succeeded'");
    assertThatThrownBy(() -> CreatorRole.fromValue("end-user"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'end-user'");
    assertThatThrownBy(() -> CreatorRole.fromValue(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void endedStatusesAreTheFourTerminalOnes() {
    assertThat(WorkflowRunStatus.values()).filteredOn(WorkflowRunStatus::isEnded).containsExactlyInAnyOrder(
        WorkflowRunStatus.SUCCEEDED, WorkflowRunStatus.FAILED, WorkflowRunStatus.PARTIAL_SUCCEEDED,
        WorkflowRunStatus.STOPPED);
  }

  @Test
  void executionStartsRunningAndMeasuresElapsedTime() {
    String runId = id();
    String workflowId = id();
    WorkflowExecution started = WorkflowExecution.start(
        runId.toUpperCase(Locale.ROOT), workflowId, "draft", WorkflowType.CHAT, "{\"g\":0}", "{\"q\":1}",
        Instant.parse("2025-06-01T12:00:00.000000500Z"));

    assertThat(started.id()).isEqualTo(runId);
    assertThat(started.workflowId()).isEqualTo(workflowId);
    assertThat(started.status()).isEqualTo(WorkflowRunStatus.RUNNING);
    assertThat(started.errorMessage()).isEmpty();
    assertThat(started.outputs()).isNull();
    assertThat(started.totalTokens()).isZero();
    assertThat(started.totalSteps()).isZero();
    assertThat(started.exceptionsCount()).isZero();
    assertThat(started.finishedAt()).isNull();
    assertThat(started.startedAt()).isEqualTo(Instant.parse("2025-06-01T12:00:00Z"));
    assertThat(started.elapsedTime()).isZero();

    WorkflowExecution finished = started.finish(
        WorkflowRunStatus.SUCCEEDED, "{\"a\":1}", "", 5, 3, 1, Instant.parse("2025-06-01T12:01:02.250000Z"));
    assertThat(finished.elapsedTime()).isEqualTo(62.25);
    assertThat(finished.id()).isEqualTo(runId);
    assertThat(finished.graph()).isEqualTo("{\"g\":0}");
    assertThat(finished.inputs()).isEqualTo("{\"q\":1}");
    assertThat(finished.outputs()).isEqualTo("{\"a\":1}");
    assertThat(finished.status()).isEqualTo(WorkflowRunStatus.SUCCEEDED);
    assertThat(finished.totalTokens()).isEqualTo(5);
    assertThat(finished.totalSteps()).isEqualTo(3);
    assertThat(finished.exceptionsCount()).isEqualTo(1);
  }

  @Test
  void executionValidatesItsComponents() {
    Instant at = AT;
    assertThatThrownBy(() -> WorkflowExecution.start("x", id(), "v", WorkflowType.WORKFLOW, null, null, at))
        .hasMessageStartingWith("id ");
    assertThatThrownBy(() -> WorkflowExecution.start(id(), "x", "v", WorkflowType.WORKFLOW, null, null, at))
        .hasMessageStartingWith("workflowId ");
    assertThatThrownBy(() -> WorkflowExecution.start(id(), id(), null, WorkflowType.WORKFLOW, null, null, at))
        .hasMessageContaining("workflowVersion");
    assertThatThrownBy(() -> WorkflowExecution.start(id(), id(), "v", null, null, null, at))
        .hasMessageContaining("workflowType");
    assertThatThrownBy(() -> WorkflowExecution.start(id(), id(), "v", WorkflowType.WORKFLOW, null, null, null))
        .hasMessageContaining("startedAt");
    WorkflowExecution started = WorkflowExecution.start(id(), id(), "v", WorkflowType.WORKFLOW, null, null, at);
    assertThatThrownBy(() -> started.finish(WorkflowRunStatus.FAILED, null, null, 0, 0, 0, at))
        .hasMessageContaining("errorMessage");
    assertThatThrownBy(() -> started.finish(WorkflowRunStatus.FAILED, null, "", -1, 0, 0, at))
        .hasMessageContaining("totalTokens");
  }

  @Test
  void executionContextValidatesAndNormalizes() {
    String tenant = id();
    ExecutionContext context = new ExecutionContext(
        tenant.toUpperCase(Locale.ROOT), id(), CreatorRole.ACCOUNT, id(), TriggeredFrom.DEBUGGING);
    assertThat(context.tenantId()).isEqualTo(tenant);
    assertThatThrownBy(() -> new ExecutionContext("t", id(), CreatorRole.ACCOUNT, id(), TriggeredFrom.DEBUGGING))
        .hasMessageStartingWith("tenantId ");
    assertThatThrownBy(() -> new ExecutionContext(id(), id(), CreatorRole.ACCOUNT, id(), null))
        .hasMessageContaining("triggeredFrom");
  }

  @Test
  void paginationDataIsAnUnmodifiableCopy() {
    List<String> source = new ArrayList<>(List.of("a", "b"));
    InfiniteScrollPagination<String> page = new InfiniteScrollPagination<>(source, 20, true);
    source.add("c");

    assertThat(page.data()).containsExactly("a", "b");
    assertThat(page.limit()).isEqualTo(20);
    assertThat(page.hasMore()).isTrue();
    assertThatThrownBy(() -> page.data().add("d")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> page.data().remove(0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new InfiniteScrollPagination<String>(null, 1, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
