package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.InvalidCursorException;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.RunPosition;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * v1.1 {@code getPaginatedWorkflowRuns(RunListQuery)}: status and trigger-set filters,
 * {@code lastId} or the opaque cursor token, and a cursor that survives the deletion of the row
 * it points at.
 */
public interface FilteredPagingContract extends RepositoryFixture {

  /** Newest first by (createdAt, id). */
  Comparator<WorkflowRun> NEWEST_FIRST =
      Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id).reversed();

  /** Saves ~120 runs of one app: every trigger and status, many sharing a createdAt. */
  private List<WorkflowRun> mixedApp(String tenant, String app, long seed) {
    Random random = new Random(seed);
    TriggeredFrom[] triggers = {TriggeredFrom.APP_RUN, TriggeredFrom.DEBUGGING, TriggeredFrom.WEBHOOK};
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Instant at = TestRuns.BASE.plusSeconds(random.nextInt(8)); // heavy ties
      WorkflowRunStatus status = WorkflowRunStatus.values()[random.nextInt(WorkflowRunStatus.values().length)];
      WorkflowRun run = TestRuns.run(tenant, app)
          .triggeredFrom(triggers[random.nextInt(triggers.length)])
          .status(status)
          .createdAt(at)
          .finishedAt(status.isEnded() ? at.plusSeconds(1) : null)
          .build();
      repository().save(run);
      runs.add(run);
    }
    return runs;
  }

  private List<WorkflowRun> expected(List<WorkflowRun> runs, Predicate<WorkflowRun> filter) {
    return runs.stream().filter(filter).sorted(NEWEST_FIRST).toList();
  }

  /** Walks every page with the cursor token, checking hasMore and nextCursor on each. */
  private List<WorkflowRun> walkWithCursor(RunListQuery first) {
    List<WorkflowRun> seen = new ArrayList<>();
    RunListQuery query = first;
    for (int pages = 0; pages < 10_000; pages++) {
      InfiniteScrollPagination<WorkflowRun> page = repository().getPaginatedWorkflowRuns(query);
      assertThat(page.limit()).isEqualTo(first.limit());
      assertThat(page.data().size()).isLessThanOrEqualTo(first.limit());
      seen.addAll(page.data());
      if (!page.hasMore()) {
        assertThat(page.nextCursor()).isNull();
        return seen;
      }
      assertThat(page.data()).hasSize(first.limit());
      assertThat(page.nextCursor()).isNotNull().matches("[A-Za-z0-9_-]+");
      assertThat(RunPosition.fromCursor(page.nextCursor()))
          .isEqualTo(RunPosition.of(page.data().get(page.data().size() - 1)));
      query = new RunListQuery(first.tenantId(), first.appId(), first.triggeredFrom(), first.status(),
          first.limit(), null, page.nextCursor());
    }
    throw new AssertionError("paging did not end");
  }

  /** Walks every page with lastId. */
  private List<WorkflowRun> walkWithLastId(RunListQuery first) {
    List<WorkflowRun> seen = new ArrayList<>();
    RunListQuery query = first;
    for (int pages = 0; pages < 10_000; pages++) {
      InfiniteScrollPagination<WorkflowRun> page = repository().getPaginatedWorkflowRuns(query);
      seen.addAll(page.data());
      if (!page.hasMore()) {
        return seen;
      }
      query = new RunListQuery(first.tenantId(), first.appId(), first.triggeredFrom(), first.status(),
          first.limit(), page.data().get(page.data().size() - 1).id(), null);
    }
    throw new AssertionError("paging did not end");
  }

  @Test
  default void everyStatusAndTriggerCombinationPagesExactlyTheMatchingRuns() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = mixedApp(tenant, app, 11);
    // Another app and tenant with the same data shape must never show up.
    mixedApp(tenant, TestRuns.newId(), 12);
    mixedApp(TestRuns.newId(), app, 13);

    List<Set<TriggeredFrom>> triggerSets = List.of(
        Set.of(), Set.of(TriggeredFrom.APP_RUN), EnumSet.of(TriggeredFrom.APP_RUN, TriggeredFrom.WEBHOOK),
        EnumSet.of(TriggeredFrom.PLUGIN), EnumSet.allOf(TriggeredFrom.class));
    List<WorkflowRunStatus> statuses = new ArrayList<>(List.of(WorkflowRunStatus.values()));
    statuses.add(null);
    for (Set<TriggeredFrom> triggers : triggerSets) {
      for (WorkflowRunStatus status : statuses) {
        Predicate<WorkflowRun> filter = r -> (triggers.isEmpty() || triggers.contains(r.triggeredFrom()))
            && (status == null || r.status() == status);
        List<WorkflowRun> want = expected(runs, filter);
        RunListQuery q = RunListQuery.builder(tenant, app).triggeredFrom(triggers).status(status).limit(7).build();
        assertThat(walkWithCursor(q)).as("cursor walk, triggers %s status %s", triggers, status).isEqualTo(want);
        assertThat(walkWithLastId(q)).as("lastId walk, triggers %s status %s", triggers, status).isEqualTo(want);
      }
    }
  }

  @Test
  default void defaultQueryListsEveryTriggerAndStatusNewestFirst() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = mixedApp(tenant, app, 21);
    InfiniteScrollPagination<WorkflowRun> page =
        repository().getPaginatedWorkflowRuns(RunListQuery.builder(tenant, app).limit(1000).build());
    assertThat(page.data()).isEqualTo(expected(runs, r -> true));
    assertThat(page.hasMore()).isFalse();
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  default void hasMoreAndNextCursorAtExactBoundaries() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    for (int i = 0; i < 10; i++) {
      repository().save(TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, TestRuns.BASE));
    }
    InfiniteScrollPagination<WorkflowRun> exact =
        repository().getPaginatedWorkflowRuns(RunListQuery.builder(tenant, app).limit(10).build());
    assertThat(exact.data()).hasSize(10);
    assertThat(exact.hasMore()).isFalse();
    assertThat(exact.nextCursor()).isNull();
    InfiniteScrollPagination<WorkflowRun> oneShort =
        repository().getPaginatedWorkflowRuns(RunListQuery.builder(tenant, app).limit(9).build());
    assertThat(oneShort.hasMore()).isTrue();
    assertThat(oneShort.nextCursor()).isNotNull();
    InfiniteScrollPagination<WorkflowRun> rest = repository().getPaginatedWorkflowRuns(
        RunListQuery.builder(tenant, app).limit(9).cursor(oneShort.nextCursor()).build());
    assertThat(rest.data()).hasSize(1);
    assertThat(rest.hasMore()).isFalse();
    assertThat(rest.nextCursor()).isNull();
  }

  @Test
  default void v1MethodAlsoReturnsNextCursorWhenMoreFollow() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      WorkflowRun run = TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, TestRuns.BASE.plusSeconds(i % 2));
      repository().save(run);
      runs.add(run);
    }
    runs.sort(NEWEST_FIRST);
    InfiniteScrollPagination<WorkflowRun> page =
        repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 3, null);
    assertThat(page.hasMore()).isTrue();
    assertThat(page.nextCursor()).isEqualTo(RunPosition.of(runs.get(2)).toCursor());
    InfiniteScrollPagination<WorkflowRun> last =
        repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 3, runs.get(2).id());
    assertThat(last.data()).isEqualTo(runs.subList(3, 5));
    assertThat(last.nextCursor()).isNull();
  }

  @Test
  default void cursorContinuesCorrectlyAfterTheRowItPointsAtWasDeleted() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      WorkflowRun run = TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, TestRuns.BASE.plusSeconds(i / 4));
      repository().save(run);
      runs.add(run);
    }
    runs.sort(NEWEST_FIRST);
    InfiniteScrollPagination<WorkflowRun> first =
        repository().getPaginatedWorkflowRuns(RunListQuery.builder(tenant, app).limit(10).build());
    assertThat(first.data()).isEqualTo(runs.subList(0, 10));
    WorkflowRun lastSeen = first.data().get(9);
    assertThat(repository().deleteRunsByIds(List.of(lastSeen.id()))).isEqualTo(1);

    InfiniteScrollPagination<WorkflowRun> second = repository().getPaginatedWorkflowRuns(
        RunListQuery.builder(tenant, app).limit(10).cursor(first.nextCursor()).build());
    assertThat(second.data()).isEqualTo(runs.subList(10, 20));
    // The same position by lastId is no longer a run: the v1 rule applies.
    assertThatThrownBy(() -> repository().getPaginatedWorkflowRuns(
            RunListQuery.builder(tenant, app).limit(10).lastId(lastSeen.id()).build()))
        .isInstanceOf(InvalidCursorException.class);
  }

  @Test
  default void aCursorIsOnlyAPositionAppliedToTheCallersOwnFilters() {
    String tenantA = TestRuns.newId();
    String tenantB = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runsB = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      repository().save(TestRuns.run(tenantA, app, TriggeredFrom.APP_RUN, TestRuns.BASE.plusSeconds(i)));
      WorkflowRun b = TestRuns.run(tenantB, app, TriggeredFrom.APP_RUN, TestRuns.BASE.plusSeconds(i));
      repository().save(b);
      runsB.add(b);
    }
    runsB.sort(NEWEST_FIRST);
    InfiniteScrollPagination<WorkflowRun> pageA =
        repository().getPaginatedWorkflowRuns(RunListQuery.builder(tenantA, app).limit(2).build());
    // Tenant B uses tenant A's token: it gets B's own runs older than that position, nothing of A.
    InfiniteScrollPagination<WorkflowRun> pageB = repository().getPaginatedWorkflowRuns(
        RunListQuery.builder(tenantB, app).limit(10).cursor(pageA.nextCursor()).build());
    RunPosition position = RunPosition.fromCursor(pageA.nextCursor());
    assertThat(pageB.data())
        .allSatisfy(r -> assertThat(r.tenantId()).isEqualTo(tenantB))
        .isEqualTo(runsB.stream()
            .filter(r -> r.createdAt().isBefore(position.createdAt())
                || (r.createdAt().equals(position.createdAt()) && r.id().compareTo(position.id()) < 0))
            .toList());
  }

  @Test
  default void tokensNeedNoRepositoryAndWorkAcrossInstances() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      WorkflowRun run = TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, TestRuns.BASE.plusSeconds(i));
      repository().save(run);
      runs.add(run);
    }
    runs.sort(NEWEST_FIRST);
    // A token built without any repository (as another backend would build it) continues here.
    String token = new RunPosition(runs.get(3).createdAt(), runs.get(3).id()).toCursor();
    InfiniteScrollPagination<WorkflowRun> page = repository().getPaginatedWorkflowRuns(
        RunListQuery.builder(tenant, app).limit(100).cursor(token).build());
    assertThat(page.data()).isEqualTo(runs.subList(4, 8));
    // A position between stored runs works too: it names no row at all.
    String between = new RunPosition(runs.get(3).createdAt().minusMillis(500), TestRuns.newId()).toCursor();
    assertThat(repository().getPaginatedWorkflowRuns(
            RunListQuery.builder(tenant, app).limit(100).cursor(between).build()).data())
        .isEqualTo(runs.subList(4, 8));
  }

  @Test
  default void lastIdMustBeARunMatchingTheQuery() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun running = TestRuns.run(tenant, app).status(WorkflowRunStatus.RUNNING).finishedAt(null).build();
    WorkflowRun webhook = TestRuns.run(tenant, app).triggeredFrom(TriggeredFrom.WEBHOOK).build();
    WorkflowRun otherTenant = TestRuns.run(TestRuns.newId(), app).build();
    repository().save(running);
    repository().save(webhook);
    repository().save(otherTenant);
    List<RunListQuery> invalid = List.of(
        RunListQuery.builder(tenant, app).status(WorkflowRunStatus.SUCCEEDED).lastId(running.id()).build(),
        RunListQuery.builder(tenant, app).triggeredFrom(TriggeredFrom.APP_RUN).lastId(webhook.id()).build(),
        RunListQuery.builder(tenant, app).lastId(otherTenant.id()).build(),
        RunListQuery.builder(tenant, TestRuns.newId()).lastId(running.id()).build(),
        RunListQuery.builder(tenant, app).lastId(TestRuns.newId()).build(),
        RunListQuery.builder(tenant, app).lastId("not-a-uuid").build());
    for (RunListQuery q : invalid) {
      assertThatThrownBy(() -> repository().getPaginatedWorkflowRuns(q))
          .as("%s", q)
          .isInstanceOf(InvalidCursorException.class);
    }
    assertThat(repository().getPaginatedWorkflowRuns(
            RunListQuery.builder(tenant, app).status(WorkflowRunStatus.RUNNING).lastId(running.id()).build()).data())
        .isEmpty();
  }

  @Test
  default void badTokensAreInvalidCursors() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    String token = new RunPosition(TestRuns.BASE, TestRuns.newId()).toCursor();
    List<String> bad = new ArrayList<>(List.of("", " ", "   ", "garbage", "!!!!", token.substring(0, token.length() - 1),
        token.substring(1), token + "A", token + "=", "v1." + token, CursorTokens.withVersion(token, 2),
        CursorTokens.withVersion(token, 0)));
    // Every single-character change is detected.
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      char other = alphabet.charAt((alphabet.indexOf(c) + 1 + i) % alphabet.length());
      bad.add(token.substring(0, i) + other + token.substring(i + 1));
    }
    for (String cursor : bad) {
      assertThatThrownBy(() -> repository().getPaginatedWorkflowRuns(
              new RunListQuery(tenant, app, Set.of(), null, 10, null, cursor)))
          .as("cursor '%s'", cursor)
          .isInstanceOf(InvalidCursorException.class);
    }
  }

  @Test
  default void queryValidation() {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    String token = new RunPosition(TestRuns.BASE, TestRuns.newId()).toCursor();
    assertThatThrownBy(() -> RunListQuery.builder(tenant, app).lastId(TestRuns.newId()).cursor(token).build())
        .isInstanceOf(IllegalArgumentException.class);
    for (int limit : new int[] {0, -1, 1001}) {
      assertThatThrownBy(() -> RunListQuery.builder(tenant, app).limit(limit).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit");
    }
    assertThatThrownBy(() -> RunListQuery.builder(" ", app).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RunListQuery.builder(tenant, "").build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repository().getPaginatedWorkflowRuns((RunListQuery) null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(repository().getPaginatedWorkflowRuns(RunListQuery.builder(tenant, app).limit(1000).build()).data())
        .isEmpty();
  }
}
