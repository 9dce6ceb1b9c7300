package dev.runstore.spi;

/**
 * What an {@link OperationObserver} is told about: one method of
 * {@link dev.runstore.api.WorkflowRunRepository} (overloads share a name), or one step of a
 * retention job. {@link #value()} is the name used as a metric tag and span name; it is the
 * repository method's name, so it never carries an argument.
 */
public enum Operation {
  /** {@code save(WorkflowRun)}: one row written. */
  SAVE("save", StatementKind.UPSERT),
  /** {@code executions(context).save(execution)}: one row written. */
  EXECUTION_SAVE("executions.save", StatementKind.UPSERT),
  /** Both {@code getPaginatedWorkflowRuns} methods: rows = runs on the page. */
  GET_PAGE("getPaginatedWorkflowRuns", StatementKind.SELECT),
  /** {@code getWorkflowRunById}: rows = 0 or 1. */
  GET_BY_ID("getWorkflowRunById", StatementKind.SELECT),
  /** {@code getWorkflowRunByIdWithoutTenant}: rows = 0 or 1. */
  GET_BY_ID_WITHOUT_TENANT("getWorkflowRunByIdWithoutTenant", StatementKind.SELECT),
  /** {@code getExpiredRunsBatch}: rows = runs returned. */
  GET_EXPIRED_BATCH("getExpiredRunsBatch", StatementKind.SELECT),
  /** {@code getRunsBatchByTimeRange}: rows = runs returned. */
  GET_TIME_RANGE_BATCH("getRunsBatchByTimeRange", StatementKind.SELECT),
  /** {@code getWorkflowRunsCount}: rows not applicable. */
  COUNT("getWorkflowRunsCount", StatementKind.SELECT),
  /** {@code getDailyRunsStatistics}: rows = days returned. */
  DAILY_RUNS("getDailyRunsStatistics", StatementKind.SELECT),
  /** {@code getDailyTerminalsStatistics}: rows = days returned. */
  DAILY_TERMINALS("getDailyTerminalsStatistics", StatementKind.SELECT),
  /** {@code getDailyTokenCostStatistics}: rows = days returned. */
  DAILY_TOKEN_COST("getDailyTokenCostStatistics", StatementKind.SELECT),
  /** {@code getAverageAppInteractionStatistics}: rows = days returned. */
  AVERAGE_INTERACTIONS("getAverageAppInteractionStatistics", StatementKind.SELECT),
  /** Both {@code deleteRunsByIds} methods: rows = runs deleted. */
  DELETE_BY_IDS("deleteRunsByIds", StatementKind.DELETE),
  /** {@code deleteRunsByApp}: rows = runs deleted. */
  DELETE_BY_APP("deleteRunsByApp", StatementKind.DELETE),
  /** {@code getWorkflowRunByIdAndTenantId}: rows = 1 when found, else 0. */
  GET_BY_ID_AND_TENANT("getWorkflowRunByIdAndTenantId", StatementKind.SELECT),
  /** {@code getCleanupRefsBatch}: rows = refs returned. */
  GET_CLEANUP_REFS("getCleanupRefsBatch", StatementKind.SELECT),
  /** {@code createWorkflowPause}: rows = 1. */
  CREATE_PAUSE("createWorkflowPause", StatementKind.UPSERT),
  /** {@code getWorkflowPause}: rows = 1 when found, else 0. */
  GET_PAUSE("getWorkflowPause", StatementKind.SELECT),
  /** {@code getWorkflowPauseState}: rows = 1; bytes = the state's size. */
  GET_PAUSE_STATE("getWorkflowPauseState", StatementKind.SELECT),
  /** {@code resumeWorkflowPause}: rows = 1. */
  RESUME_PAUSE("resumeWorkflowPause", StatementKind.UPSERT),
  /** {@code deleteWorkflowPause}: rows = 1. */
  DELETE_PAUSE("deleteWorkflowPause", StatementKind.DELETE),
  /** {@code pruneWorkflowPauses}: rows = pauses deleted. */
  PRUNE_PAUSES("pruneWorkflowPauses", StatementKind.DELETE),
  /** {@code countRunsWithRelated}: rows = runs counted, relatedRows = related rows counted. */
  COUNT_WITH_RELATED("countRunsWithRelated", StatementKind.SELECT),
  /** {@code deleteRunsWithRelated}: rows = runs deleted, relatedRows = related rows deleted. */
  DELETE_WITH_RELATED("deleteRunsWithRelated", StatementKind.DELETE),
  /** {@code readRelatedRows}: relatedRows = rows read. */
  READ_RELATED("readRelatedRows", StatementKind.SELECT),
  /** {@code restoreRelatedRows}: relatedRows = rows written. */
  RESTORE_RELATED("restoreRelatedRows", StatementKind.UPSERT),
  /**
   * A retention job wrote and verified one batch file: rows = runs archived, bytes = bytes
   * written (0 when a complete batch from an earlier, interrupted run was found and reused).
   */
  RETENTION_ARCHIVE("retention.archive", StatementKind.NONE),
  /**
   * A retention job deleted one archived batch: rows = runs deleted, relatedRows = rows of
   * related tables deleted with them.
   */
  RETENTION_DELETE("retention.delete", StatementKind.DELETE),
  /** A restore job saved back the runs of one batch file: rows = runs saved, bytes = file size. */
  RETENTION_RESTORE("retention.restore", StatementKind.UPSERT);

  /** The kind of SQL statement an operation runs (the main one, for multi-statement operations). */
  public enum StatementKind {
    /** Reads. */
    SELECT("select"),
    /** Inserts or updates. */
    UPSERT("upsert"),
    /** Deletes. */
    DELETE("delete"),
    /** No SQL statement (writing an archive file). */
    NONE("none");

    private final String value;

    StatementKind(String value) {
      this.value = value;
    }

    /** Lower-case name, e.g. {@code select}, for tags. */
    public String value() {
      return value;
    }
  }

  private final String value;
  private final StatementKind statementKind;

  Operation(String value, StatementKind statementKind) {
    this.value = value;
    this.statementKind = statementKind;
  }

  /** The name for tags and spans, e.g. {@code getWorkflowRunById}. */
  public String value() {
    return value;
  }

  /** The kind of statement the operation runs. */
  public StatementKind statementKind() {
    return statementKind;
  }

  /** Whether this is one of the repository's own methods (not a retention step). */
  public boolean isRepositoryMethod() {
    return this != RETENTION_ARCHIVE && this != RETENTION_DELETE && this != RETENTION_RESTORE;
  }
}
