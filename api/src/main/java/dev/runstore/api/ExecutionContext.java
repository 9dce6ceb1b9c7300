package dev.runstore.api;

/**
 * Who and where a run belongs to, supplied by the caller of
 * {@link WorkflowRunRepository#executions(ExecutionContext)}, never by the execution.
 *
 * @param tenantId the owning tenant (UUID)
 * @param appId the owning app (UUID)
 * @param createdByRole whether an account or an end user starts the runs
 * @param createdBy the creator (UUID)
 * @param triggeredFrom what starts the runs
 */
public record ExecutionContext(
    String tenantId,
    String appId,
    CreatorRole createdByRole,
    String createdBy,
    TriggeredFrom triggeredFrom) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException naming the first invalid component
   */
  public ExecutionContext {
    tenantId = Checks.requireUuid(tenantId, "tenantId");
    appId = Checks.requireUuid(appId, "appId");
    Checks.requireNonNull(createdByRole, "createdByRole");
    createdBy = Checks.requireUuid(createdBy, "createdBy");
    Checks.requireNonNull(triggeredFrom, "triggeredFrom");
  }
}
