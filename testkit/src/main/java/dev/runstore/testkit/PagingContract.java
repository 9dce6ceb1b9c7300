package dev.runstore.testkit;

import static dev.runstore.testkit.TestRuns.BASE;
import static dev.runstore.testkit.TestRuns.NEWEST_FIRST;
import static dev.runstore.testkit.TestRuns.concat;
import static dev.runstore.testkit.TestRuns.newId;
import static dev.runstore.testkit.TestRuns.run;
import static dev.runstore.testkit.TestRuns.saveAll;
import static dev.runstore.testkit.TestRuns.sorted;
import static dev.runstore.testkit.TestRuns.walkPages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.InvalidCursorException;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code getPaginatedWorkflowRuns}: order {@code (createdAt DESC, id DESC)}, keyset continuation
 * after {@code lastId} without skipping or repeating ties, {@code hasMore}, the limit range, the
 * scope filter, and cursors that are not runs of the listing.
 */
public interface PagingContract extends RepositoryFixture {

  /** {@code count} runs of one listing, {@code perInstant} of them sharing each createdAt. */
  private static List<WorkflowRun> tiedRuns(
      String tenant, String app, TriggeredFrom trigger, int count, int perInstant) {
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      runs.add(run(tenant, app, trigger, BASE.plus(i / perInstant, ChronoUnit.MICROS)));
    }
    // Insertion order must not matter.
    Collections.shuffle(runs, new Random(count * 31L + perInstant));
    return runs;
  }

  /** Walks the whole listing and checks the page shapes: full pages with hasMore, a last page without. */
  private List<WorkflowRun> walk(String tenant, String app, TriggeredFrom trigger, int limit, int expectedSize) {
    List<InfiniteScrollPagination<WorkflowRun>> pages =
        walkPages(repository(), tenant, app, trigger, limit, expectedSize / limit + 3);
    int expectedPages = Math.max(1, (expectedSize + limit - 1) / limit);
    assertThat(pages).as("pages of %d over %d runs", limit, expectedSize).hasSize(expectedPages);
    for (int i = 0; i < pages.size(); i++) {
      InfiniteScrollPagination<WorkflowRun> page = pages.get(i);
      assertThat(page.limit()).isEqualTo(limit);
      boolean last = i == pages.size() - 1;
      assertThat(page.hasMore()).as("hasMore of page %d", i).isEqualTo(!last);
      assertThat(page.data()).hasSize(last ? expectedSize - limit * i : limit);
    }
    return concat(pages);
  }

  @Test
  default void firstPageIsNewestFirstByCreatedAtThenId() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      runs.add(run(tenant, app, TriggeredFrom.APP_RUN, BASE.plusSeconds(i * 7L)));
    }
    for (int i = 0; i < 4; i++) {
      runs.add(run(tenant, app, TriggeredFrom.APP_RUN, BASE.plusSeconds(14)));
    }
    Collections.shuffle(runs, new Random(7));
    saveAll(repository(), runs);

    InfiniteScrollPagination<WorkflowRun> page =
        repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 100, null);

    assertThat(page.data()).containsExactlyElementsOf(sorted(runs, NEWEST_FIRST));
    assertThat(page.hasMore()).isFalse();
    assertThat(page.limit()).isEqualTo(100);
  }

  @Test
  default void emptyListingGivesAnEmptyPageWithoutMore() {
    InfiniteScrollPagination<WorkflowRun> page =
        repository().getPaginatedWorkflowRuns(newId(), newId(), TriggeredFrom.DEBUGGING, 20, null);

    assertThat(page.data()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.limit()).isEqualTo(20);
  }

  @Test
  default void walkingPagesAcrossTiedCreatedAtNeitherSkipsNorRepeats() {
    String tenant = newId();
    String app = newId();
    // 60 runs on 6 instants (10 per instant), so most page boundaries fall inside a tie group.
    List<WorkflowRun> runs = tiedRuns(tenant, app, TriggeredFrom.APP_RUN, 60, 10);
    saveAll(repository(), runs);
    List<WorkflowRun> expected = sorted(runs, NEWEST_FIRST);

    for (int limit : new int[] {1, 3, 7, 10, 11, 59, 60, 61, 1000}) {
      assertThat(walk(tenant, app, TriggeredFrom.APP_RUN, limit, 60))
          .as("all pages of %d", limit)
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  default void runsAllSharingOneCreatedAtArePagedByIdDescending() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = tiedRuns(tenant, app, TriggeredFrom.WEBHOOK, 25, 25);
    saveAll(repository(), runs);

    List<WorkflowRun> walked = walk(tenant, app, TriggeredFrom.WEBHOOK, 4, 25);

    assertThat(walked).containsExactlyElementsOf(sorted(runs, NEWEST_FIRST));
    assertThat(walked).extracting(WorkflowRun::id).isSortedAccordingTo(Collections.reverseOrder());
  }

  @Test
  default void pageAfterACursorInsideATieGroupStartsRightAfterIt() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = new ArrayList<>();
    runs.add(run(tenant, app, TriggeredFrom.APP_RUN, BASE.plusSeconds(1)));
    for (int i = 0; i < 6; i++) {
      runs.add(run(tenant, app, TriggeredFrom.APP_RUN, BASE));
    }
    runs.add(run(tenant, app, TriggeredFrom.APP_RUN, BASE.minus(1, ChronoUnit.MICROS)));
    saveAll(repository(), runs);
    List<WorkflowRun> expected = sorted(runs, NEWEST_FIRST);

    for (int i = 0; i < expected.size(); i++) {
      InfiniteScrollPagination<WorkflowRun> page = repository().getPaginatedWorkflowRuns(
          tenant, app, TriggeredFrom.APP_RUN, 3, expected.get(i).id());
      List<WorkflowRun> rest = expected.subList(i + 1, expected.size());
      assertThat(page.data()).as("after run %d", i).containsExactlyElementsOf(rest.subList(0, Math.min(3, rest.size())));
      assertThat(page.hasMore()).as("hasMore after run %d", i).isEqualTo(rest.size() > 3);
    }
  }

  @Test
  default void hasMoreIsFalseWhenExactlyLimitRunsRemain() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = tiedRuns(tenant, app, TriggeredFrom.APP_RUN, 5, 2);
    saveAll(repository(), runs);
    List<WorkflowRun> expected = sorted(runs, NEWEST_FIRST);

    InfiniteScrollPagination<WorkflowRun> page =
        repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 5, null);
    assertThat(page.data()).containsExactlyElementsOf(expected);
    assertThat(page.hasMore()).isFalse();

    // Continuing after the very last run anyway: an empty page, still without more.
    InfiniteScrollPagination<WorkflowRun> after = repository().getPaginatedWorkflowRuns(
        tenant, app, TriggeredFrom.APP_RUN, 5, expected.get(4).id());
    assertThat(after.data()).isEmpty();
    assertThat(after.hasMore()).isFalse();

    // Two left after the second run, asked two at a time.
    InfiniteScrollPagination<WorkflowRun> lastTwo = repository().getPaginatedWorkflowRuns(
        tenant, app, TriggeredFrom.APP_RUN, 2, expected.get(2).id());
    assertThat(lastTwo.data()).containsExactlyElementsOf(expected.subList(3, 5));
    assertThat(lastTwo.hasMore()).isFalse();
  }

  @Test
  default void hasMoreIsTrueWhenOneMoreRunThanLimitExists() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = tiedRuns(tenant, app, TriggeredFrom.APP_RUN, 6, 3);
    saveAll(repository(), runs);
    List<WorkflowRun> expected = sorted(runs, NEWEST_FIRST);

    InfiniteScrollPagination<WorkflowRun> first =
        repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 5, null);
    assertThat(first.data()).containsExactlyElementsOf(expected.subList(0, 5));
    assertThat(first.hasMore()).isTrue();

    InfiniteScrollPagination<WorkflowRun> second = repository().getPaginatedWorkflowRuns(
        tenant, app, TriggeredFrom.APP_RUN, 5, expected.get(4).id());
    assertThat(second.data()).containsExactly(expected.get(5));
    assertThat(second.hasMore()).isFalse();
  }

  @Test
  default void limitOfOneThousandIsTheLargestPage() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = tiedRuns(tenant, app, TriggeredFrom.SCHEDULE, 1001, 50);
    saveAll(repository(), runs);
    List<WorkflowRun> expected = sorted(runs, NEWEST_FIRST);

    InfiniteScrollPagination<WorkflowRun> first =
        repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.SCHEDULE, 1000, null);
    assertThat(first.data()).containsExactlyElementsOf(expected.subList(0, 1000));
    assertThat(first.hasMore()).isTrue();
    assertThat(first.limit()).isEqualTo(WorkflowRunRepository.MAX_PAGE_LIMIT);

    InfiniteScrollPagination<WorkflowRun> second = repository().getPaginatedWorkflowRuns(
        tenant, app, TriggeredFrom.SCHEDULE, 1000, expected.get(999).id());
    assertThat(second.data()).containsExactly(expected.get(1000));
    assertThat(second.hasMore()).isFalse();

    InfiniteScrollPagination<WorkflowRun> one =
        repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.SCHEDULE, 1, null);
    assertThat(one.data()).containsExactly(expected.get(0));
    assertThat(one.hasMore()).isTrue();
    assertThat(one.limit()).isEqualTo(1);
  }

  @Test
  default void limitOutsideOneToOneThousandIsRejected() {
    String tenant = newId();
    String app = newId();
    WorkflowRun saved = run(tenant, app, TriggeredFrom.APP_RUN, BASE);
    repository().save(saved);

    for (int limit : new int[] {0, -1, 1001, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertThatThrownBy(() -> repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, limit, null))
          .as("limit %d", limit)
          .isInstanceOf(IllegalArgumentException.class)
          .isNotInstanceOf(InvalidCursorException.class)
          .hasMessageContaining("limit");
      assertThatThrownBy(
              () -> repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, limit, saved.id()))
          .as("limit %d with a cursor", limit)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit");
    }
  }

  @Test
  default void unknownLastIdIsAnInvalidCursor() {
    String tenant = newId();
    String app = newId();
    repository().save(run(tenant, app, TriggeredFrom.APP_RUN, BASE));

    assertThatThrownBy(() -> repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, newId()))
        .isInstanceOf(InvalidCursorException.class);
    // Also when the listing itself is empty.
    assertThatThrownBy(() -> repository().getPaginatedWorkflowRuns(newId(), newId(), TriggeredFrom.APP_RUN, 10, newId()))
        .isInstanceOf(InvalidCursorException.class);
  }

  @Test
  default void malformedLastIdIsAnInvalidCursor() {
    String tenant = newId();
    String app = newId();
    WorkflowRun saved = run(tenant, app, TriggeredFrom.APP_RUN, BASE);
    repository().save(saved);

    for (String lastId : List.of(
        "", " ", "not-a-uuid", "0", "'; DROP TABLE workflow_runs; --",
        saved.id().substring(1), saved.id() + "0", "{" + saved.id() + "}",
        saved.id().replace("-", ""), saved.id().replace('-', '_'), "g" + saved.id().substring(1))) {
      assertThatThrownBy(() -> repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, lastId))
          .as("lastId '%s'", lastId)
          .isInstanceOf(InvalidCursorException.class);
    }
  }

  @Test
  default void lastIdOfAnotherTenantAppOrTriggerIsAnInvalidCursor() {
    String tenant = newId();
    String app = newId();
    repository().save(run(tenant, app, TriggeredFrom.APP_RUN, BASE));
    WorkflowRun otherTenant = run(newId(), app, TriggeredFrom.APP_RUN, BASE);
    WorkflowRun otherApp = run(tenant, newId(), TriggeredFrom.APP_RUN, BASE);
    WorkflowRun otherTrigger = run(tenant, app, TriggeredFrom.DEBUGGING, BASE);
    saveAll(repository(), List.of(otherTenant, otherApp, otherTrigger));

    for (WorkflowRun foreign : List.of(otherTenant, otherApp, otherTrigger)) {
      assertThatThrownBy(
              () -> repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, foreign.id()))
          .as("cursor of %s/%s/%s", foreign.tenantId(), foreign.appId(), foreign.triggeredFrom())
          .isInstanceOf(InvalidCursorException.class);
    }
  }

  @Test
  default void lastIdOfADeletedRunIsAnInvalidCursor() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = tiedRuns(tenant, app, TriggeredFrom.APP_RUN, 4, 1);
    saveAll(repository(), runs);
    WorkflowRun gone = sorted(runs, NEWEST_FIRST).get(1);
    assertThat(repository().deleteRunsByIds(List.of(gone.id()))).isEqualTo(1);

    assertThatThrownBy(() -> repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, gone.id()))
        .isInstanceOf(InvalidCursorException.class);
  }

  @Test
  default void pagingContinuesAfterTheCursorWhenItsNeighboursWereDeleted() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = tiedRuns(tenant, app, TriggeredFrom.APP_RUN, 8, 4);
    saveAll(repository(), runs);
    List<WorkflowRun> expected = sorted(runs, NEWEST_FIRST);
    WorkflowRun cursor = expected.get(2);
    repository().deleteRunsByIds(List.of(expected.get(3).id(), expected.get(4).id()));

    InfiniteScrollPagination<WorkflowRun> page =
        repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, cursor.id());

    assertThat(page.data()).containsExactlyElementsOf(expected.subList(5, 8));
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  default void listingHoldsOnlyItsTenantAppAndTrigger() {
    String tenant = newId();
    String app = newId();
    String otherTenant = newId();
    String otherApp = newId();
    List<WorkflowRun> mine = new ArrayList<>();
    List<WorkflowRun> noise = new ArrayList<>();
    Random random = new Random(42);
    for (int i = 0; i < 40; i++) {
      // Interleaved in time, often on the same instants, so a missing filter shows up mid-page.
      Instant at = BASE.plus(random.nextInt(10), ChronoUnit.MICROS);
      mine.add(run(tenant, app, TriggeredFrom.APP_RUN, at));
      noise.add(run(tenant, app, TriggeredFrom.DEBUGGING, at));
      noise.add(run(tenant, otherApp, TriggeredFrom.APP_RUN, at));
      noise.add(run(otherTenant, app, TriggeredFrom.APP_RUN, at));
    }
    List<WorkflowRun> all = new ArrayList<>(mine);
    all.addAll(noise);
    Collections.shuffle(all, random);
    saveAll(repository(), all);

    assertThat(walk(tenant, app, TriggeredFrom.APP_RUN, 7, 40)).containsExactlyElementsOf(sorted(mine, NEWEST_FIRST));
    List<WorkflowRun> debugging = noise.stream().filter(r -> r.triggeredFrom() == TriggeredFrom.DEBUGGING).toList();
    assertThat(walk(tenant, app, TriggeredFrom.DEBUGGING, 9, 40))
        .containsExactlyElementsOf(sorted(debugging, NEWEST_FIRST));
    assertThat(repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.PLUGIN, 10, null).data()).isEmpty();
  }

  @Test
  default void upperCaseIdsAreMatchedLikeTheirCanonicalForm() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = tiedRuns(tenant, app, TriggeredFrom.APP_RUN, 6, 2);
    saveAll(repository(), runs);
    List<WorkflowRun> expected = sorted(runs, NEWEST_FIRST);
    String upperTenant = tenant.toUpperCase(Locale.ROOT);
    String upperApp = app.toUpperCase(Locale.ROOT);

    assertThat(repository().getPaginatedWorkflowRuns(upperTenant, upperApp, TriggeredFrom.APP_RUN, 10, null).data())
        .containsExactlyElementsOf(expected);
    InfiniteScrollPagination<WorkflowRun> after = repository().getPaginatedWorkflowRuns(
        upperTenant, upperApp, TriggeredFrom.APP_RUN, 2, expected.get(1).id().toUpperCase(Locale.ROOT));
    assertThat(after.data()).containsExactlyElementsOf(expected.subList(2, 4));
    assertThat(after.hasMore()).isTrue();
  }

  @Test
  default void malformedTenantOrAppIdMatchesNothing() {
    String tenant = newId();
    String app = newId();
    WorkflowRun saved = run(tenant, app, TriggeredFrom.APP_RUN, BASE);
    repository().save(saved);

    for (String[] ids : new String[][] {{"tenant-x", app}, {tenant, "app-x"}, {"1", "2"}}) {
      InfiniteScrollPagination<WorkflowRun> page =
          repository().getPaginatedWorkflowRuns(ids[0], ids[1], TriggeredFrom.APP_RUN, 10, null);
      assertThat(page.data()).as("%s/%s", ids[0], ids[1]).isEmpty();
      assertThat(page.hasMore()).isFalse();
      assertThatThrownBy(() -> repository().getPaginatedWorkflowRuns(ids[0], ids[1], TriggeredFrom.APP_RUN, 10, saved.id()))
          .as("cursor under %s/%s", ids[0], ids[1])
          .isInstanceOf(InvalidCursorException.class);
    }
  }

  @Test
  default void anUpdatedRunMovesToItsNewPositionAndListing() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = tiedRuns(tenant, app, TriggeredFrom.APP_RUN, 5, 1);
    saveAll(repository(), runs);
    List<WorkflowRun> expected = new ArrayList<>(sorted(runs, NEWEST_FIRST));

    // The oldest run becomes the newest.
    WorkflowRun oldest = expected.remove(expected.size() - 1);
    WorkflowRun moved = oldest.toBuilder().createdAt(BASE.plusSeconds(60)).build();
    repository().save(moved);
    expected.add(0, moved);
    assertThat(walk(tenant, app, TriggeredFrom.APP_RUN, 2, 5)).containsExactlyElementsOf(expected);

    // Then it changes trigger: gone from this listing, alone in the other one.
    WorkflowRun retriggered = moved.toBuilder().triggeredFrom(TriggeredFrom.WEBHOOK).build();
    repository().save(retriggered);
    expected.remove(0);
    assertThat(walk(tenant, app, TriggeredFrom.APP_RUN, 2, 4)).containsExactlyElementsOf(expected);
    assertThat(repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.WEBHOOK, 10, null).data())
        .containsExactly(retriggered);
  }

  @Test
  default void onePageIsOneStorageAccess() {
    String tenant = newId();
    String app = newId();
    List<WorkflowRun> runs = tiedRuns(tenant, app, TriggeredFrom.APP_RUN, 5, 1);
    saveAll(repository(), runs);
    WorkflowRun cursor = sorted(runs, NEWEST_FIRST).get(1);

    long before = storageAccessCount();
    InfiniteScrollPagination<WorkflowRun> page =
        repository().getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 2, cursor.id());
    long after = storageAccessCount();

    assertThat(page.data()).hasSize(2);
    // Backends that cannot count report -1 both times; the rest must resolve the cursor in the same access.
    assertThat(after - before).isLessThanOrEqualTo(1);
    if (before >= 0) {
      assertThat(after - before).isEqualTo(1);
    }
  }
}
