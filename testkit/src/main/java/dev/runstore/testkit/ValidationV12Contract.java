package dev.runstore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.PauseReason;
import dev.runstore.api.RunPosition;
import dev.runstore.api.TimeRangeBatchQuery;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Contract rules in {@link ValidationContract}'s style for the v1.2 methods: every bad argument is
 * an {@link IllegalArgumentException} thrown before any storage access (checked through
 * {@link #storageAccessCount()} where the backend counts); a null tenant id may also be a
 * {@link NullPointerException}, as API.md allows for v1. A rejected call changes nothing, and the
 * ends of the documented ranges are accepted.
 */
public interface ValidationV12Contract extends RepositoryFixture {

  /** One invalid call of a v1.2 method; ids are fresh per call. */
  enum BadV12Call {
    BY_TENANT_NULL_TENANT(true, repo -> repo.getWorkflowRunByIdAndTenantId(null, id())),
    BY_TENANT_EMPTY_TENANT(false, repo -> repo.getWorkflowRunByIdAndTenantId("", id())),
    BY_TENANT_BLANK_TENANT(false, repo -> repo.getWorkflowRunByIdAndTenantId(" \t", id())),

    CLEANUP_NULL_QUERY(false, repo -> repo.getCleanupRefsBatch(null, null)),
    CLEANUP_NULL_QUERY_WITH_BOUND(false, repo -> repo.getCleanupRefsBatch(null, new RunPosition(TestRuns.BASE, id()))),

    CREATE_NULL_TENANT(true, repo -> repo.createWorkflowPause(null, id(), id(), state(), List.of())),
    CREATE_EMPTY_TENANT(false, repo -> repo.createWorkflowPause("", id(), id(), state(), List.of())),
    CREATE_BLANK_TENANT(false, repo -> repo.createWorkflowPause("  ", id(), id(), state(), List.of())),
    CREATE_NULL_RUN(false, repo -> repo.createWorkflowPause(id(), null, id(), state(), List.of())),
    CREATE_BLANK_RUN(false, repo -> repo.createWorkflowPause(id(), " ", id(), state(), List.of())),
    CREATE_MALFORMED_RUN(false, repo -> repo.createWorkflowPause(id(), "run-1", id(), state(), List.of())),
    CREATE_NULL_OWNER(false, repo -> repo.createWorkflowPause(id(), id(), null, state(), List.of())),
    CREATE_BLANK_OWNER(false, repo -> repo.createWorkflowPause(id(), id(), "", state(), List.of())),
    CREATE_TAB_OWNER(false, repo -> repo.createWorkflowPause(id(), id(), "\t", state(), List.of())),
    CREATE_NULL_STATE(false, repo -> repo.createWorkflowPause(id(), id(), id(), null, List.of())),
    CREATE_NULL_REASONS(false, repo -> repo.createWorkflowPause(id(), id(), id(), state(), null)),
    CREATE_NULL_REASON(false, repo -> repo.createWorkflowPause(
        id(), id(), id(), state(), Arrays.asList(PauseReason.scheduledPause("a"), null))),

    GET_PAUSE_NULL_TENANT(true, repo -> repo.getWorkflowPause(null, id())),
    GET_PAUSE_EMPTY_TENANT(false, repo -> repo.getWorkflowPause("", id())),
    GET_PAUSE_BLANK_TENANT(false, repo -> repo.getWorkflowPause("\n", id())),

    STATE_NULL_PAUSE(false, repo -> repo.getWorkflowPauseState(null)),

    RESUME_NULL_TENANT(true, repo -> repo.resumeWorkflowPause(null, id(), id())),
    RESUME_EMPTY_TENANT(false, repo -> repo.resumeWorkflowPause("", id(), id())),
    RESUME_BLANK_TENANT(false, repo -> repo.resumeWorkflowPause(" ", id(), id())),
    RESUME_NULL_RUN(false, repo -> repo.resumeWorkflowPause(id(), null, id())),
    RESUME_MALFORMED_RUN(false, repo -> repo.resumeWorkflowPause(id(), "run-1", id())),
    RESUME_NULL_PAUSE(false, repo -> repo.resumeWorkflowPause(id(), id(), null)),
    RESUME_BLANK_PAUSE(false, repo -> repo.resumeWorkflowPause(id(), id(), "")),
    RESUME_MALFORMED_PAUSE(false, repo -> repo.resumeWorkflowPause(id(), id(), "pause-1")),

    DELETE_NULL_TENANT(true, repo -> repo.deleteWorkflowPause(null, id())),
    DELETE_EMPTY_TENANT(false, repo -> repo.deleteWorkflowPause("", id())),
    DELETE_BLANK_TENANT(false, repo -> repo.deleteWorkflowPause("\t", id())),
    DELETE_NULL_PAUSE(false, repo -> repo.deleteWorkflowPause(id(), null)),
    DELETE_BLANK_PAUSE(false, repo -> repo.deleteWorkflowPause(id(), " ")),
    DELETE_MALFORMED_PAUSE(false, repo -> repo.deleteWorkflowPause(id(), "' OR '1'='1")),

    PRUNE_NULL_EXPIRATION(false, repo -> repo.pruneWorkflowPauses(null, Pauses.FAR_PAST, 10)),
    PRUNE_NULL_RESUMPTION_EXPIRATION(false, repo -> repo.pruneWorkflowPauses(Pauses.FAR_PAST, null, 10)),
    PRUNE_LIMIT_ZERO(false, repo -> repo.pruneWorkflowPauses(Pauses.FAR_PAST, Pauses.FAR_PAST, 0)),
    PRUNE_LIMIT_NEGATIVE(false, repo -> repo.pruneWorkflowPauses(Pauses.FAR_PAST, Pauses.FAR_PAST, -1)),
    PRUNE_LIMIT_10001(false, repo -> repo.pruneWorkflowPauses(Pauses.FAR_PAST, Pauses.FAR_PAST, 10_001)),
    PRUNE_LIMIT_MIN_INT(false, repo -> repo.pruneWorkflowPauses(Pauses.FAR_PAST, Pauses.FAR_PAST, Integer.MIN_VALUE)),
    PRUNE_LIMIT_MAX_INT(false, repo -> repo.pruneWorkflowPauses(Pauses.FAR_PAST, Pauses.FAR_PAST, Integer.MAX_VALUE));

    final boolean nullPointerAllowed;
    final Consumer<WorkflowRunRepository> call;

    BadV12Call(boolean nullPointerAllowed, Consumer<WorkflowRunRepository> call) {
      this.nullPointerAllowed = nullPointerAllowed;
      this.call = call;
    }

    private static String id() {
      return TestRuns.newId();
    }

    private static byte[] state() {
      return Pauses.utf8("{}");
    }
  }

  /** Each invalid call throws IllegalArgumentException and leaves storage untouched. */
  @ParameterizedTest
  @EnumSource(BadV12Call.class)
  default void invalidV12ArgumentsAreRejectedBeforeStorageAccess(BadV12Call bad) {
    ValidationContract.assertRejectedBeforeStorageAccess(this, bad.name(), bad.nullPointerAllowed, bad.call);
  }

  /** Bad arguments aimed at a real run and pause change neither. */
  @Test
  default void rejectedPauseCallsChangeNothing() {
    WorkflowRunRepository repo = repository();
    WorkflowRun run = Pauses.savedRunning(repo);
    String tenant = run.tenantId();
    WorkflowRun other = Pauses.savedRunning(repo);

    assertThatThrownBy(() -> repo.createWorkflowPause(tenant, run.id(), TestRuns.newId(), null, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.createWorkflowPause(tenant, run.id(), TestRuns.newId(), Pauses.utf8("{}"),
            Arrays.asList((PauseReason) null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.createWorkflowPause(tenant, run.id(), " ", Pauses.utf8("{}"), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(repo.getWorkflowPause(tenant, run.id())).isEmpty();
    assertThat(repo.getWorkflowRunById(tenant, run.appId(), run.id())).contains(run);

    WorkflowPause pause = repo.createWorkflowPause(tenant, run.id(), TestRuns.newId(), Pauses.utf8("{}"), List.of());
    repo.createWorkflowPause(other.tenantId(), other.id(), TestRuns.newId(), Pauses.utf8("{}"), List.of());
    assertThatThrownBy(() -> repo.resumeWorkflowPause(tenant, run.id(), "not-a-pause-id"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.deleteWorkflowPause(tenant, "not-a-pause-id"))
        .isInstanceOf(IllegalArgumentException.class);
    for (int limit : new int[] {0, -1, 10_001}) {
      assertThatThrownBy(() -> repo.pruneWorkflowPauses(Pauses.FAR_FUTURE, Pauses.FAR_FUTURE, limit))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(repo.getWorkflowPause(tenant, run.id())).contains(pause);
    assertThat(repo.getWorkflowRunById(tenant, run.appId(), run.id()).orElseThrow().status())
        .isEqualTo(WorkflowRunStatus.PAUSED);
    assertThat(repo.getWorkflowPause(other.tenantId(), other.id())).isPresent();
  }

  /** The ends of the documented ranges are valid: prune limits 1 and 10000, shard totals 1 and 16. */
  @Test
  default void v12RangeBoundariesAreAccepted() {
    WorkflowRunRepository repo = repository();
    assertThat(repo.pruneWorkflowPauses(Pauses.FAR_PAST, Pauses.FAR_PAST, 1)).isEmpty();
    assertThat(repo.pruneWorkflowPauses(Pauses.FAR_PAST, Pauses.FAR_PAST, WorkflowRunRepository.MAX_PRUNE_LIMIT))
        .isEmpty();
    Instant t0 = TimeRangeSelection.privateWindow();
    WorkflowRun run = TimeRangeSelection.run(TestRuns.newId(), t0, WorkflowRunStatus.SUCCEEDED);
    repo.save(run);
    for (TimeRangeBatchQuery query : List.of(
        TimeRangeBatchQuery.builder(t0.plusSeconds(1)).startFrom(t0).batchSize(1).build(),
        TimeRangeBatchQuery.builder(t0.plusSeconds(1)).startFrom(t0).batchSize(WorkflowRunRepository.MAX_BATCH_SIZE)
            .build(),
        TimeRangeBatchQuery.builder(t0.plusSeconds(1)).startFrom(t0)
            .shard(new dev.runstore.api.RunShard(0, 1)).build(),
        TimeRangeBatchQuery.builder(t0.plusSeconds(1)).startFrom(t0)
            .shard(new dev.runstore.api.RunShard(Character.digit(run.id().charAt(35), 16), 16)).build())) {
      assertThat(repo.getRunsBatchByTimeRange(query)).as("%s", query).containsExactly(run);
      assertThat(repo.getCleanupRefsBatch(query, null)).as("refs %s", query)
          .containsExactly(TimeRangeSelection.ref(run));
    }
  }
}
