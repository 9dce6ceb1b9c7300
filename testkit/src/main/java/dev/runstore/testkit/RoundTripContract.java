package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.runstore.api.Checks;
import dev.runstore.api.CreatorRole;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecution;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contract rules: what is saved is exactly what is read back, through every read path
 * ({@code getWorkflowRunById}, the paginated listing and the expired batch): every text column
 * with any unicode, megabyte JSON byte for byte, nulls and empty strings, microsecond instants at
 * the ends of the storable range and around DST changes, the largest numbers, every enum value.
 */
public interface RoundTripContract extends RepositoryFixture {

  /** Text of every script and plane in every text column, including version and error. */
  @Test
  default void unicodeInEveryTextColumn() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = new ArrayList<>();
    for (String text : List.of(Texts.CJK, Texts.RTL, Texts.COMBINING, Texts.ASTRAL, Texts.MIXED)) {
      runs.add(TestRuns.run(tenant, app)
          .version(text)
          .graph(text)
          .inputs("{\"q\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
          .outputs(Texts.unicodeJson())
          .error(text)
          .status(WorkflowRunStatus.FAILED)
          .createdAt(TestRuns.BASE.plusSeconds(runs.size()))
          .build());
    }
    saveAndReadBack(runs);
  }

  /** A 255-character version is stored whole, in ASCII and in astral characters (surrogate pairs). */
  @Test
  default void versionAtFullLength() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    String ascii = "v".repeat(Checks.MAX_VARCHAR);
    String astral = "😀".repeat(Checks.MAX_VARCHAR / 2) + "x";
    saveAndReadBack(List.of(
        TestRuns.run(tenant, app).version(ascii).build(),
        TestRuns.run(tenant, app).version(astral).createdAt(TestRuns.BASE.plusSeconds(1)).build()));
  }

  /** One mebibyte of JSON in each of graph, inputs and outputs, kept byte for byte. */
  @Test
  default void megabyteJsonIsKeptByteForByte() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun run = TestRuns.run(tenant, app)
        .graph(Texts.largeJson(1, Texts.MEBI))
        .inputs(Texts.largeJson(2, Texts.MEBI))
        .outputs(Texts.largeJson(3, Texts.MEBI))
        .build();
    assertThat(run.graph()).hasSizeGreaterThanOrEqualTo(Texts.MEBI).contains("\\u0000", "\r\n", "\t");
    saveAndReadBack(List.of(run));
  }

  /** Null in each nullable column on its own, and in all of them at once. */
  @ParameterizedTest
  @ValueSource(strings = {"graph", "inputs", "outputs", "error", "finishedAt", "all"})
  default void nullInNullableColumns(String column) {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun.Builder b = TestRuns.run(tenant, app).error("some error").status(WorkflowRunStatus.FAILED);
    boolean all = column.equals("all");
    if (all || column.equals("graph")) {
      b.graph(null);
    }
    if (all || column.equals("inputs")) {
      b.inputs(null);
    }
    if (all || column.equals("outputs")) {
      b.outputs(null);
    }
    if (all || column.equals("error")) {
      b.error(null);
    }
    if (all || column.equals("finishedAt")) {
      b.finishedAt(null).status(WorkflowRunStatus.RUNNING);
    }
    saveAndReadBack(List.of(b.build()));
  }

  /**
   * {@code save(WorkflowRun)} stores the empty string as the empty string (not NULL) in graph,
   * inputs, outputs and error; only {@code executions().save} maps an empty error message to NULL.
   */
  @Test
  default void emptyStringsStayEmpty() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun run = TestRuns.run(tenant, app).graph("").inputs("").outputs("").error("").build();
    saveAndReadBack(List.of(run));
    WorkflowRun read = repository().getWorkflowRunById(tenant, app, run.id()).orElseThrow();
    assertThat(read.graph()).isEmpty();
    assertThat(read.inputs()).isEmpty();
    assertThat(read.outputs()).isEmpty();
    assertThat(read.error()).isEmpty();
  }

  /**
   * Through {@code executions().save}: empty JSON text stays empty, an empty error message becomes
   * NULL, a non-empty one is kept; unicode and large totals survive.
   */
  @Test
  default void executionTextRoundTrip() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    ExecutionContext context =
        new ExecutionContext(tenant, app, CreatorRole.END_USER, TestRuns.newId(), TriggeredFrom.WEBHOOK);
    Instant start = Instant.parse("2024-02-29T23:59:59.999999Z");
    WorkflowExecution empty = new WorkflowExecution(
        TestRuns.newId(), TestRuns.newId(), Texts.ASTRAL, WorkflowType.CHAT, "", "", "",
        WorkflowRunStatus.SUCCEEDED, "", Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
        start, start.plusNanos(1_234_567_891L));
    WorkflowExecution failed = new WorkflowExecution(
        TestRuns.newId(), TestRuns.newId(), "1.0", WorkflowType.RAG_PIPELINE, Texts.unicodeJson(), null, null,
        WorkflowRunStatus.FAILED, Texts.MIXED, 1L << 31, 0, 3, start.plusSeconds(1), start.plusSeconds(5));
    repository().executions(context).save(empty);
    repository().executions(context).save(failed);

    WorkflowRun emptyRun = SimpleRunModel.toRun(context, empty);
    WorkflowRun failedRun = SimpleRunModel.toRun(context, failed);
    assertThat(emptyRun.error()).isNull();
    assertThat(emptyRun.graph()).isEmpty();
    assertThat(failedRun.error()).isEqualTo(Texts.MIXED);
    assertReadsBack(List.of(emptyRun, failedRun));
  }

  /** Instants that break naive time handling: range ends, the Julian gap, pre-epoch, DST edges. */
  @ParameterizedTest
  @ValueSource(strings = {
    "1000-01-01T00:00:00Z", // Checks.MIN_INSTANT
    "1000-01-01T00:00:00.000001Z",
    "1582-10-10T12:00:00.5Z", // in the Julian/Gregorian gap of java.util.GregorianCalendar
    "1900-01-01T00:00:00.000001Z", // local mean time offsets in many zones
    "1969-12-31T23:59:59.999999Z", // negative epoch micros
    "1970-01-01T00:00:00Z",
    "1999-12-31T23:59:59.999999Z",
    "2024-02-29T12:34:56.654321Z",
    // Instants inside a DST change of a common zone: two instants share one local wall time.
    "2025-10-26T00:30:00.123456Z", // Berlin 02:30 CEST
    "2025-10-26T01:30:00.123456Z", // Berlin 02:30 CET
    "2025-11-02T05:30:00.000007Z", // New York 01:30 EDT
    "2025-11-02T06:30:00.000007Z", // New York 01:30 EST
    // UTC wall times that do not exist (spring gap) or exist twice (autumn) in a local zone:
    // damaged when a backend reads the UTC wall clock as JVM or session local time.
    "2025-03-30T02:30:00.000001Z", // gap in Berlin
    "2025-03-30T01:30:00.500000Z", // gap in London
    "2025-03-09T02:30:00Z", // gap in New York
    "2025-10-26T02:30:00.999999Z", // overlap in Berlin
    "2025-11-02T01:30:00Z", // overlap in New York
    "2038-01-19T03:14:08Z", // past 32-bit epoch seconds
    "9999-12-31T23:59:59.999999Z" // Checks.MAX_INSTANT
  })
  default void instantsRoundTrip(String instant) {
    Instant at = Instant.parse(instant);
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun run = TestRuns.run(tenant, app).createdAt(at).finishedAt(at).build();
    assertThat(run.createdAt()).isEqualTo(at);
    saveAndReadBack(List.of(run));
  }

  /** Runs at the far ends of the range and around DST changes are listed in true time order. */
  @Test
  default void extremeInstantsSortInTimeOrder() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = new ArrayList<>();
    for (String at : List.of(
        "9999-12-31T23:59:59.999999Z", "1000-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z",
        "1970-01-01T00:00:00Z", "2025-11-02T06:30:00Z", "2025-11-02T05:30:00Z", "2025-11-02T05:59:59.999999Z",
        "1582-10-10T00:00:00Z", "1582-10-04T23:59:59.999999Z", "9999-12-31T23:59:59.999998Z")) {
      Instant instant = Instant.parse(at);
      runs.add(TestRuns.run(tenant, app).createdAt(instant).finishedAt(null).status(WorkflowRunStatus.RUNNING).build());
    }
    saveAndReadBack(runs);
  }

  /** The constructor truncates to microseconds; the stored value is the truncated one. */
  @Test
  default void nanosecondsAreTruncatedToMicroseconds() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    Instant withNanos = Instant.parse("2025-06-01T12:00:00.123456789Z");
    WorkflowRun run = TestRuns.run(tenant, app).createdAt(withNanos).finishedAt(withNanos.plusNanos(999)).build();
    assertThat(run.createdAt()).isEqualTo(Instant.parse("2025-06-01T12:00:00.123456Z"));
    assertThat(run.finishedAt()).isEqualTo(Instant.parse("2025-06-01T12:00:00.123457Z"));
    saveAndReadBack(List.of(run));
    WorkflowRun read = repository().getWorkflowRunById(tenant, app, run.id()).orElseThrow();
    assertThat(read.createdAt()).isEqualTo(Instant.parse("2025-06-01T12:00:00.123456Z"));
  }

  /** Longs over 2^31, Long.MAX_VALUE, Integer.MAX_VALUE, zeros, doubles with many digits. */
  @Test
  default void numbersAtTheirLimits() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    long[] tokens = {0, (1L << 31), (1L << 32) + 5, Long.MAX_VALUE, 1L << 53, (1L << 53) + 1};
    double[] elapsed = {0.0, 1.0 / 3, 0.1 + 0.2, 86_400.123456789, 1e-9, 9.87654321e12};
    int[] ints = {0, Integer.MAX_VALUE, 1, (1 << 16) + 1, Integer.MAX_VALUE - 1, 7};
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < tokens.length; i++) {
      runs.add(TestRuns.run(tenant, app)
          .totalTokens(tokens[i])
          .elapsedTime(elapsed[i])
          .totalSteps(ints[i])
          .exceptionsCount(ints[(i + 1) % ints.length])
          .createdAt(TestRuns.BASE.plus(i, ChronoUnit.MICROS))
          .build());
    }
    saveAndReadBack(runs);
  }

  /** Every workflow type is stored and read back. */
  @ParameterizedTest
  @EnumSource(WorkflowType.class)
  default void everyWorkflowType(WorkflowType type) {
    saveAndReadBack(List.of(TestRuns.run(TestRuns.newId(), TestRuns.newId()).type(type).build()));
  }

  /** Every trigger is stored, read back and listed under itself only. */
  @ParameterizedTest
  @EnumSource(TriggeredFrom.class)
  default void everyTrigger(TriggeredFrom trigger) {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun run = TestRuns.run(tenant, app).triggeredFrom(trigger).build();
    saveAndReadBack(List.of(run));
    for (TriggeredFrom other : TriggeredFrom.values()) {
      if (other != trigger) {
        assertThat(repository().getPaginatedWorkflowRuns(tenant, app, other, 10, null).data())
            .as("listing of %s", other)
            .isEmpty();
      }
    }
  }

  /** Every status is stored and read back, with a finish time when it has ended. */
  @ParameterizedTest
  @EnumSource(WorkflowRunStatus.class)
  default void everyStatus(WorkflowRunStatus status) {
    WorkflowRun.Builder b = TestRuns.run(TestRuns.newId(), TestRuns.newId()).status(status);
    if (!status.isEnded()) {
      b.finishedAt(null);
    }
    saveAndReadBack(List.of(b.build()));
  }

  /** Every creator role is stored and read back. */
  @ParameterizedTest
  @EnumSource(CreatorRole.class)
  default void everyCreatorRole(CreatorRole role) {
    saveAndReadBack(List.of(TestRuns.run(TestRuns.newId(), TestRuns.newId()).createdByRole(role).build()));
  }

  /** UUIDs given in upper case are normalized by the record and read back in lower case. */
  @Test
  default void upperCaseUuidsAreNormalized() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    UnaryOperator<String> upper = s -> s.toUpperCase(Locale.ROOT);
    String id = TestRuns.newId();
    String workflowId = TestRuns.newId();
    String createdBy = TestRuns.newId();
    WorkflowRun run = TestRuns.run(upper.apply(tenant), upper.apply(app))
        .id(upper.apply(id))
        .workflowId(upper.apply(workflowId))
        .createdBy(upper.apply(createdBy))
        .build();
    assertThat(List.of(run.id(), run.tenantId(), run.appId(), run.workflowId(), run.createdBy()))
        .containsExactly(id, tenant, app, workflowId, createdBy);
    saveAndReadBack(List.of(run));
    WorkflowRun read = repository().getWorkflowRunById(tenant, app, id).orElseThrow();
    assertThat(read.id()).isEqualTo(id);
    assertThat(read.tenantId()).isEqualTo(tenant);
    assertThat(read.appId()).isEqualTo(app);
    assertThat(read.workflowId()).isEqualTo(workflowId);
    assertThat(read.createdBy()).isEqualTo(createdBy);
  }

  /** Updating a run in place replaces every column, including back to null. */
  @Test
  default void updateReplacesEveryColumn() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun first = TestRuns.run(tenant, app)
        .graph(Texts.MIXED).error("x").status(WorkflowRunStatus.FAILED).totalTokens(Long.MAX_VALUE).build();
    WorkflowRun second = first.toBuilder()
        .workflowId(TestRuns.newId())
        .type(WorkflowType.RAG_PIPELINE)
        .triggeredFrom(TriggeredFrom.SCHEDULE)
        .version(Texts.ASTRAL)
        .graph(null)
        .inputs("")
        .status(WorkflowRunStatus.PAUSED)
        .outputs(null)
        .error(null)
        .elapsedTime(0.0)
        .totalTokens(1)
        .totalSteps(Integer.MAX_VALUE)
        .createdByRole(CreatorRole.END_USER)
        .createdBy(TestRuns.newId())
        .createdAt(Checks.MIN_INSTANT)
        .finishedAt(null)
        .exceptionsCount(9)
        .build();
    repository().save(first);
    repository().save(second);
    assertReadsBack(List.of(second));
    assertThat(repository().getPaginatedWorkflowRuns(tenant, app, first.triggeredFrom(), 10, null).data())
        .isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  /** Saves the runs (all of one fresh tenant and app), then checks every read path. */
  private void saveAndReadBack(List<WorkflowRun> runs) {
    for (WorkflowRun run : runs) {
      repository().save(run);
    }
    assertReadsBack(runs);
  }

  /**
   * Every run reads back equal by id; each trigger's listing and the tenant's expired batch hold
   * exactly these runs, in their orders. The runs must be all of their (fresh) tenant.
   */
  private void assertReadsBack(List<WorkflowRun> runs) {
    WorkflowRunRepository repo = repository();
    String tenant = runs.get(0).tenantId();
    String app = runs.get(0).appId();
    for (WorkflowRun run : runs) {
      Optional<WorkflowRun> read = repo.getWorkflowRunById(run.tenantId(), run.appId(), run.id());
      if (read.isEmpty()) {
        fail("getWorkflowRunById found no run " + run.id());
      }
      check("getWorkflowRunById", RunDiff.between(run, read.get()));
    }
    for (TriggeredFrom trigger : TriggeredFrom.values()) {
      List<WorkflowRun> expected = runs.stream()
          .filter(r -> r.triggeredFrom() == trigger)
          .sorted(Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id).reversed())
          .toList();
      if (expected.isEmpty()) {
        continue;
      }
      InfiniteScrollPagination<WorkflowRun> page = repo.getPaginatedWorkflowRuns(tenant, app, trigger, 1000, null);
      check("getPaginatedWorkflowRuns(" + trigger + ")", RunDiff.between(expected, page.data()));
      assertThat(page.hasMore()).isFalse();
    }
    Instant newest = runs.stream().map(WorkflowRun::createdAt).max(Comparator.naturalOrder()).orElseThrow();
    // The batch needs a date after every run; past Checks.MAX_INSTANT a date is not storable, so
    // the run at MAX_INSTANT itself is left out rather than probing beyond the storable range.
    Instant before = newest.isBefore(Checks.MAX_INSTANT) ? newest.plus(1, ChronoUnit.MICROS) : Checks.MAX_INSTANT;
    List<WorkflowRun> expired = runs.stream()
        .filter(r -> r.createdAt().isBefore(before))
        .sorted(Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id))
        .toList();
    check("getExpiredRunsBatch", RunDiff.between(expired, repo.getExpiredRunsBatch(tenant, before, 10_000)));
  }

  private static void check(String path, @Nullable String difference) {
    if (difference != null) {
      fail(path + ": " + difference);
    }
  }
}
