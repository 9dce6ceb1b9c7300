package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.runstore.api.CreatorRole;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.InvalidCursorException;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Contract rules: every v1 method rejects bad input with {@link IllegalArgumentException} before
 * it touches storage (checked through {@link #storageAccessCount()} where the backend counts), a
 * rejected call changes nothing, the documented boundaries are accepted, and
 * {@code deleteRunsByIds} of nothing is free.
 */
public interface ValidationContract extends RepositoryFixture {

  /**
   * One invalid call of a v1 method. Ids are fresh per call so that a backend that wrongly
   * accepts the call cannot disturb other tests. {@code nullPointerAllowed} marks the cases where
   * API.md also allows {@code Objects.requireNonNull} (null tenant/app id, trigger, date).
   */
  enum BadCall {
    SAVE_NULL_RUN(false, repo -> repo.save(null)),
    EXECUTIONS_NULL_CONTEXT(false, repo -> repo.executions(null)),
    EXECUTION_SAVE_NULL(false, repo -> repo.executions(context()).save(null)),

    PAGE_NULL_TENANT(true, repo -> repo.getPaginatedWorkflowRuns(null, id(), TriggeredFrom.APP_RUN, 20, null)),
    PAGE_EMPTY_TENANT(false, repo -> repo.getPaginatedWorkflowRuns("", id(), TriggeredFrom.APP_RUN, 20, null)),
    PAGE_BLANK_TENANT(false, repo -> repo.getPaginatedWorkflowRuns(" \t", id(), TriggeredFrom.APP_RUN, 20, null)),
    PAGE_NULL_APP(true, repo -> repo.getPaginatedWorkflowRuns(id(), null, TriggeredFrom.APP_RUN, 20, null)),
    PAGE_EMPTY_APP(false, repo -> repo.getPaginatedWorkflowRuns(id(), "", TriggeredFrom.APP_RUN, 20, null)),
    PAGE_BLANK_APP(false, repo -> repo.getPaginatedWorkflowRuns(id(), "  ", TriggeredFrom.APP_RUN, 20, null)),
    PAGE_NULL_TRIGGER(true, repo -> repo.getPaginatedWorkflowRuns(id(), id(), null, 20, null)),
    PAGE_LIMIT_ZERO(false, repo -> repo.getPaginatedWorkflowRuns(id(), id(), TriggeredFrom.APP_RUN, 0, null)),
    PAGE_LIMIT_NEGATIVE(false, repo -> repo.getPaginatedWorkflowRuns(id(), id(), TriggeredFrom.APP_RUN, -1, null)),
    PAGE_LIMIT_1001(false, repo -> repo.getPaginatedWorkflowRuns(id(), id(), TriggeredFrom.APP_RUN, 1001, null)),
    PAGE_LIMIT_MIN_INT(
        false, repo -> repo.getPaginatedWorkflowRuns(id(), id(), TriggeredFrom.APP_RUN, Integer.MIN_VALUE, null)),
    PAGE_LIMIT_MAX_INT(
        false, repo -> repo.getPaginatedWorkflowRuns(id(), id(), TriggeredFrom.APP_RUN, Integer.MAX_VALUE, null)),
    PAGE_LIMIT_ZERO_WITH_LAST_ID(
        false, repo -> repo.getPaginatedWorkflowRuns(id(), id(), TriggeredFrom.APP_RUN, 0, id())),

    GET_NULL_TENANT(true, repo -> repo.getWorkflowRunById(null, id(), id())),
    GET_EMPTY_TENANT(false, repo -> repo.getWorkflowRunById("", id(), id())),
    GET_BLANK_TENANT(false, repo -> repo.getWorkflowRunById(" ", id(), id())),
    GET_NULL_APP(true, repo -> repo.getWorkflowRunById(id(), null, id())),
    GET_EMPTY_APP(false, repo -> repo.getWorkflowRunById(id(), "", id())),
    GET_BLANK_APP(false, repo -> repo.getWorkflowRunById(id(), "\n", id())),

    EXPIRED_NULL_TENANT(true, repo -> repo.getExpiredRunsBatch(null, TestRuns.BASE, 10)),
    EXPIRED_EMPTY_TENANT(false, repo -> repo.getExpiredRunsBatch("", TestRuns.BASE, 10)),
    EXPIRED_BLANK_TENANT(false, repo -> repo.getExpiredRunsBatch("   ", TestRuns.BASE, 10)),
    EXPIRED_NULL_DATE(true, repo -> repo.getExpiredRunsBatch(id(), null, 10)),
    EXPIRED_BATCH_ZERO(false, repo -> repo.getExpiredRunsBatch(id(), TestRuns.BASE, 0)),
    EXPIRED_BATCH_NEGATIVE(false, repo -> repo.getExpiredRunsBatch(id(), TestRuns.BASE, -1)),
    EXPIRED_BATCH_10001(false, repo -> repo.getExpiredRunsBatch(id(), TestRuns.BASE, 10_001)),
    EXPIRED_BATCH_MAX_INT(false, repo -> repo.getExpiredRunsBatch(id(), TestRuns.BASE, Integer.MAX_VALUE)),

    DELETE_IDS_NULL(false, repo -> repo.deleteRunsByIds(null)),

    DELETE_APP_NULL_TENANT(true, repo -> repo.deleteRunsByApp(null, id(), 100)),
    DELETE_APP_EMPTY_TENANT(false, repo -> repo.deleteRunsByApp("", id(), 100)),
    DELETE_APP_BLANK_TENANT(false, repo -> repo.deleteRunsByApp(" ", id(), 100)),
    DELETE_APP_NULL_APP(true, repo -> repo.deleteRunsByApp(id(), null, 100)),
    DELETE_APP_EMPTY_APP(false, repo -> repo.deleteRunsByApp(id(), "", 100)),
    DELETE_APP_BLANK_APP(false, repo -> repo.deleteRunsByApp(id(), "\t", 100)),
    DELETE_APP_BATCH_ZERO(false, repo -> repo.deleteRunsByApp(id(), id(), 0)),
    DELETE_APP_BATCH_NEGATIVE(false, repo -> repo.deleteRunsByApp(id(), id(), -1)),
    DELETE_APP_BATCH_10001(false, repo -> repo.deleteRunsByApp(id(), id(), 10_001));

    final boolean nullPointerAllowed;
    final Consumer<WorkflowRunRepository> call;

    BadCall(boolean nullPointerAllowed, Consumer<WorkflowRunRepository> call) {
      this.nullPointerAllowed = nullPointerAllowed;
      this.call = call;
    }

    private static String id() {
      return TestRuns.newId();
    }

    private static ExecutionContext context() {
      return new ExecutionContext(id(), id(), CreatorRole.ACCOUNT, id(), TriggeredFrom.APP_RUN);
    }
  }

  /** Each invalid call throws IllegalArgumentException and leaves storage untouched. */
  @ParameterizedTest
  @EnumSource(BadCall.class)
  default void invalidArgumentsAreRejectedBeforeStorageAccess(BadCall bad) {
    assertRejectedBeforeStorageAccess(this, bad.name(), bad.nullPointerAllowed, bad.call);
  }

  /**
   * Asserts that {@code call} on the fixture's repository throws IllegalArgumentException (or,
   * where {@code nullPointerAllowed}, NullPointerException: API.md allows
   * {@code Objects.requireNonNull} for null ids, trigger and date) without touching storage.
   */
  static void assertRejectedBeforeStorageAccess(
      RepositoryFixture fixture, String name, boolean nullPointerAllowed, Consumer<WorkflowRunRepository> call) {
    WorkflowRunRepository repo = fixture.repository();
    long before = fixture.storageAccessCount();

    Throwable thrown = catchThrowable(() -> call.accept(repo));

    long after = fixture.storageAccessCount();
    if (nullPointerAllowed && thrown instanceof NullPointerException) {
      assertThat(thrown).isExactlyInstanceOf(NullPointerException.class);
    } else {
      assertThat(thrown).as(name).isInstanceOf(IllegalArgumentException.class);
    }
    if (before >= 0) {
      assertThat(after).as("storage accesses during the rejected call %s", name).isEqualTo(before);
    }
  }

  /** A limit or batch size out of range is not clamped: nothing is read, nothing deleted. */
  @Test
  default void rejectedCallsChangeNothing() {
    WorkflowRunRepository repo = repository();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun run = TestRuns.run(tenant, app).build();
    repo.save(run);

    assertThatThrownBy(() -> repo.deleteRunsByApp(tenant, app, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.deleteRunsByApp(tenant, app, 10_001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.deleteRunsByApp(tenant, app, -5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.save(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.executions(new ExecutionContext(
            tenant, app, CreatorRole.END_USER, TestRuns.newId(), TriggeredFrom.DEBUGGING)).save(null))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(repo.getWorkflowRunById(tenant, app, run.id())).contains(run);
    assertThat(repo.getPaginatedWorkflowRuns(tenant, app, run.triggeredFrom(), 10, null).data())
        .containsExactly(run);
  }

  /** {@code deleteRunsByIds} of an empty collection returns 0 without touching storage. */
  @Test
  default void deletingNoIdsReturnsZeroWithoutStorageAccess() {
    WorkflowRunRepository repo = repository();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun run = TestRuns.run(tenant, app).build();
    repo.save(run);
    long before = storageAccessCount();

    assertThat(repo.deleteRunsByIds(List.of())).isZero();
    assertThat(repo.deleteRunsByIds(Set.of())).isZero();
    assertThat(repo.deleteRunsByIds(new ArrayList<>())).isZero();
    assertThat(repo.deleteRunsByIds(new HashSet<>())).isZero();

    if (before >= 0) {
      assertThat(storageAccessCount()).as("storage accesses by deleteRunsByIds(empty)").isEqualTo(before);
    }
    assertThat(repo.getWorkflowRunById(tenant, app, run.id())).contains(run);
  }

  /** The ends of every documented range are valid: limit 1 and 1000, batch sizes 1 and 10000. */
  @Test
  default void rangeBoundariesAreAccepted() {
    WorkflowRunRepository repo = repository();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    String otherApp = TestRuns.newId();
    WorkflowRun oldest = TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, TestRuns.BASE);
    WorkflowRun middle = TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, TestRuns.BASE.plusSeconds(1));
    WorkflowRun newest = TestRuns.run(tenant, otherApp, TriggeredFrom.APP_RUN, TestRuns.BASE.plusSeconds(2));
    WorkflowRun newestOfApp = TestRuns.run(tenant, app, TriggeredFrom.APP_RUN, TestRuns.BASE.plusSeconds(2));
    for (WorkflowRun run : List.of(oldest, middle, newest, newestOfApp)) {
      repo.save(run);
    }

    InfiniteScrollPagination<WorkflowRun> one = repo.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 1, null);
    assertThat(one.data()).containsExactly(newestOfApp);
    assertThat(one.hasMore()).isTrue();
    assertThat(one.limit()).isEqualTo(1);
    InfiniteScrollPagination<WorkflowRun> all =
        repo.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, WorkflowRunRepository.MAX_PAGE_LIMIT, null);
    assertThat(all.data()).containsExactly(newestOfApp, middle, oldest);
    assertThat(all.hasMore()).isFalse();
    assertThat(all.limit()).isEqualTo(1000);

    Instant later = TestRuns.BASE.plusSeconds(60);
    assertThat(repo.getExpiredRunsBatch(tenant, later, 1)).containsExactly(oldest);
    assertThat(repo.getExpiredRunsBatch(tenant, later, WorkflowRunRepository.MAX_BATCH_SIZE)).hasSize(4);

    assertThat(repo.deleteRunsByApp(tenant, app, 1)).isEqualTo(3);
    assertThat(repo.deleteRunsByApp(tenant, otherApp, WorkflowRunRepository.MAX_BATCH_SIZE)).isEqualTo(1);
    assertThat(repo.getExpiredRunsBatch(tenant, later, 10)).isEmpty();
  }

  /**
   * A cursor that is not a run of the listing throws {@link InvalidCursorException}, which callers
   * can catch as the {@link IllegalArgumentException} it is.
   */
  @Test
  default void invalidCursorIsAnIllegalArgument() {
    WorkflowRunRepository repo = repository();
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    repo.save(TestRuns.run(tenant, app).build());

    for (String lastId : List.of("not-a-uuid", TestRuns.newId(), "' OR '1'='1")) {
      Throwable thrown = catchThrowable(
          () -> repo.getPaginatedWorkflowRuns(tenant, app, TriggeredFrom.APP_RUN, 10, lastId));
      assertThat(thrown).as("lastId %s", lastId).isInstanceOf(InvalidCursorException.class);
      assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
