package dev.runstore.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code workflow_runs}: a run of a workflow, with its inputs, outputs, status, totals
 * and timing, owned by a tenant and an app.
 *
 * <p>The compact constructor validates every component and normalizes what storage would change:
 * UUID strings are lower-cased and timestamps truncated to microseconds, so a run read back from
 * any backend {@code equals} the run that was saved. JSON text ({@code graph}, {@code inputs},
 * {@code outputs}) is kept byte for byte, never parsed.
 *
 * @param id the run's id (UUID)
 * @param tenantId the owning tenant (UUID)
 * @param appId the owning app (UUID)
 * @param workflowId the workflow that ran (UUID)
 * @param type the kind of workflow
 * @param triggeredFrom what started the run
 * @param version the workflow version ({@code "draft"} or a published version), at most 255 chars
 * @param graph the workflow graph as JSON text
 * @param inputs the run's inputs as JSON text
 * @param status the run's state
 * @param outputs the run's outputs as JSON text
 * @param error the error message of a failed run
 * @param elapsedTime seconds from start to finish; finite and not negative
 * @param totalTokens tokens used; not negative
 * @param totalSteps nodes executed; not negative
 * @param createdByRole whether an account or an end user created the run
 * @param createdBy the creator's id (UUID)
 * @param createdAt when the run started (UTC instant, microsecond precision)
 * @param finishedAt when the run finished, null while it has not
 * @param exceptionsCount handled node exceptions; not negative
 */
public record WorkflowRun(
    String id,
    String tenantId,
    String appId,
    String workflowId,
    WorkflowType type,
    TriggeredFrom triggeredFrom,
    String version,
    @Nullable String graph,
    @Nullable String inputs,
    WorkflowRunStatus status,
    @Nullable String outputs,
    @Nullable String error,
    double elapsedTime,
    long totalTokens,
    int totalSteps,
    CreatorRole createdByRole,
    String createdBy,
    Instant createdAt,
    @Nullable Instant finishedAt,
    int exceptionsCount) {

  /**
   * Validates and normalizes the components.
   *
   * @throws IllegalArgumentException naming the first invalid component
   */
  public WorkflowRun {
    id = Checks.requireUuid(id, "id");
    tenantId = Checks.requireUuid(tenantId, "tenantId");
    appId = Checks.requireUuid(appId, "appId");
    workflowId = Checks.requireUuid(workflowId, "workflowId");
    Checks.requireNonNull(type, "type");
    Checks.requireNonNull(triggeredFrom, "triggeredFrom");
    Checks.requireNonNull(version, "version");
    if (version.length() > Checks.MAX_VARCHAR) {
      throw new IllegalArgumentException(
          "version must be at most " + Checks.MAX_VARCHAR + " characters, was " + version.length());
    }
    Checks.requireStorableText(version, "version");
    Checks.requireStorableText(graph, "graph");
    Checks.requireStorableText(inputs, "inputs");
    Checks.requireNonNull(status, "status");
    Checks.requireStorableText(outputs, "outputs");
    Checks.requireStorableText(error, "error");
    if (!Double.isFinite(elapsedTime) || elapsedTime < 0) {
      throw new IllegalArgumentException(
          "elapsedTime must be a finite number of seconds, not negative, was " + elapsedTime);
    }
    elapsedTime += 0.0; // -0.0 becomes 0.0: databases do not keep the sign of zero
    Checks.requireNotNegative(totalTokens, "totalTokens");
    Checks.requireNotNegative(totalSteps, "totalSteps");
    Checks.requireNonNull(createdByRole, "createdByRole");
    createdBy = Checks.requireUuid(createdBy, "createdBy");
    createdAt = Checks.requireStorableInstant(createdAt, "createdAt");
    finishedAt = finishedAt == null ? null : Checks.requireStorableInstant(finishedAt, "finishedAt");
    Checks.requireNotNegative(exceptionsCount, "exceptionsCount");
  }

  /**
   * The row {@code repository.executions(context).save(execution)} stores (API.md): id, workflow,
   * version, type, JSON texts, status, error ({@code ""} stored as null), totals,
   * {@code createdAt} (= {@code startedAt}), {@code finishedAt} and {@code elapsedTime} from the
   * execution; tenant, app, creator and trigger from the context.
   *
   * @throws IllegalArgumentException when {@code context} or {@code execution} is null
   */
  public static WorkflowRun fromExecution(ExecutionContext context, WorkflowExecution execution) {
    Checks.requireNonNull(context, "context");
    Checks.requireNonNull(execution, "execution");
    String error = execution.errorMessage();
    return builder()
        .id(execution.id())
        .tenantId(context.tenantId())
        .appId(context.appId())
        .workflowId(execution.workflowId())
        .type(execution.workflowType())
        .triggeredFrom(context.triggeredFrom())
        .version(execution.workflowVersion())
        .graph(execution.graph())
        .inputs(execution.inputs())
        .status(execution.status())
        .outputs(execution.outputs())
        .error(error.isEmpty() ? null : error)
        .elapsedTime(execution.elapsedTime())
        .totalTokens(execution.totalTokens())
        .totalSteps(execution.totalSteps())
        .createdByRole(context.createdByRole())
        .createdBy(context.createdBy())
        .createdAt(execution.startedAt())
        .finishedAt(execution.finishedAt())
        .exceptionsCount(execution.exceptionsCount())
        .build();
  }

  /** A builder with every component unset (numbers 0, nullable components null). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this run's components, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .tenantId(tenantId)
        .appId(appId)
        .workflowId(workflowId)
        .type(type)
        .triggeredFrom(triggeredFrom)
        .version(version)
        .graph(graph)
        .inputs(inputs)
        .status(status)
        .outputs(outputs)
        .error(error)
        .elapsedTime(elapsedTime)
        .totalTokens(totalTokens)
        .totalSteps(totalSteps)
        .createdByRole(createdByRole)
        .createdBy(createdBy)
        .createdAt(createdAt)
        .finishedAt(finishedAt)
        .exceptionsCount(exceptionsCount);
  }

  /** Builds a {@link WorkflowRun}; {@link #build()} validates as the constructor does. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String tenantId;
    private @Nullable String appId;
    private @Nullable String workflowId;
    private @Nullable WorkflowType type;
    private @Nullable TriggeredFrom triggeredFrom;
    private @Nullable String version;
    private @Nullable String graph;
    private @Nullable String inputs;
    private @Nullable WorkflowRunStatus status;
    private @Nullable String outputs;
    private @Nullable String error;
    private double elapsedTime;
    private long totalTokens;
    private int totalSteps;
    private @Nullable CreatorRole createdByRole;
    private @Nullable String createdBy;
    private @Nullable Instant createdAt;
    private @Nullable Instant finishedAt;
    private int exceptionsCount;

    private Builder() {}

    /** Sets {@link WorkflowRun#id()}. */
    public Builder id(@Nullable String id) {
      this.id = id;
      return this;
    }

    /** Sets {@link WorkflowRun#tenantId()}. */
    public Builder tenantId(@Nullable String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** Sets {@link WorkflowRun#appId()}. */
    public Builder appId(@Nullable String appId) {
      this.appId = appId;
      return this;
    }

    /** Sets {@link WorkflowRun#workflowId()}. */
    public Builder workflowId(@Nullable String workflowId) {
      this.workflowId = workflowId;
      return this;
    }

    /** Sets {@link WorkflowRun#type()}. */
    public Builder type(@Nullable WorkflowType type) {
      this.type = type;
      return this;
    }

    /** Sets {@link WorkflowRun#triggeredFrom()}. */
    public Builder triggeredFrom(@Nullable TriggeredFrom triggeredFrom) {
      this.triggeredFrom = triggeredFrom;
      return this;
    }

    /** Sets {@link WorkflowRun#version()}. */
    public Builder version(@Nullable String version) {
      this.version = version;
      return this;
    }

    /** Sets {@link WorkflowRun#graph()}. */
    public Builder graph(@Nullable String graph) {
      this.graph = graph;
      return this;
    }

    /** Sets {@link WorkflowRun#inputs()}. */
    public Builder inputs(@Nullable String inputs) {
      this.inputs = inputs;
      return this;
    }

    /** Sets {@link WorkflowRun#status()}. */
    public Builder status(@Nullable WorkflowRunStatus status) {
      this.status = status;
      return this;
    }

    /** Sets {@link WorkflowRun#outputs()}. */
    public Builder outputs(@Nullable String outputs) {
      this.outputs = outputs;
      return this;
    }

    /** Sets {@link WorkflowRun#error()}. */
    public Builder error(@Nullable String error) {
      this.error = error;
      return this;
    }

    /** Sets {@link WorkflowRun#elapsedTime()}. */
    public Builder elapsedTime(double elapsedTime) {
      this.elapsedTime = elapsedTime;
      return this;
    }

    /** Sets {@link WorkflowRun#totalTokens()}. */
    public Builder totalTokens(long totalTokens) {
      this.totalTokens = totalTokens;
      return this;
    }

    /** Sets {@link WorkflowRun#totalSteps()}. */
    public Builder totalSteps(int totalSteps) {
      this.totalSteps = totalSteps;
      return this;
    }

    /** Sets {@link WorkflowRun#createdByRole()}. */
    public Builder createdByRole(@Nullable CreatorRole createdByRole) {
      this.createdByRole = createdByRole;
      return this;
    }

    /** Sets {@link WorkflowRun#createdBy()}. */
    public Builder createdBy(@Nullable String createdBy) {
      this.createdBy = createdBy;
      return this;
    }

    /** Sets {@link WorkflowRun#createdAt()}. */
    public Builder createdAt(@Nullable Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Sets {@link WorkflowRun#finishedAt()}. */
    public Builder finishedAt(@Nullable Instant finishedAt) {
      this.finishedAt = finishedAt;
      return this;
    }

    /** Sets {@link WorkflowRun#exceptionsCount()}. */
    public Builder exceptionsCount(int exceptionsCount) {
      this.exceptionsCount = exceptionsCount;
      return this;
    }

    /**
     * The run.
     *
     * @throws IllegalArgumentException naming the first missing or invalid component
     */
    @SuppressWarnings("NullAway") // the constructor reports missing components by name
    public WorkflowRun build() {
      return new WorkflowRun(
          id, tenantId, appId, workflowId, type, triggeredFrom, version, graph, inputs, status,
          outputs, error, elapsedTime, totalTokens, totalSteps, createdByRole, createdBy,
          createdAt, finishedAt, exceptionsCount);
    }
  }
}
