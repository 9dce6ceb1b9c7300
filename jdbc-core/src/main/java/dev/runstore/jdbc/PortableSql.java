package dev.runstore.jdbc;

import static dev.runstore.jdbc.WorkflowRunColumns.IS_CURSOR;
import static dev.runstore.jdbc.WorkflowRunColumns.SELECT_LIST;
import static dev.runstore.jdbc.WorkflowRunColumns.TABLE;

import dev.runstore.api.RunPosition;
import dev.runstore.api.RunShard;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import dev.runstore.store.EndedRunsBatch;
import dev.runstore.store.RunFilter;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The statements and fragments whose text is the same on every supported database, so that each
 * {@link SqlDialect} holds only the SQL that differs; {@link SqlDialect}'s default methods use
 * them. Where a dialect needs an optimizer hint, methods take it as {@code hint}: text placed
 * right after {@code SELECT} (empty for none, else an optimizer-hint comment ending with a
 * space); where the keyset form differs (row values or OR-expanded), they take it as a
 * {@link Keyset}.
 */
public final class PortableSql {

  /** Newest first, cut to a bound limit: the order of every page. */
  public static final String ORDER_NEWEST_FIRST = " ORDER BY created_at DESC, id DESC LIMIT ?";

  /**
   * The aggregate columns of {@link SqlDialect#selectDailyStatistics}, after its day column:
   * {@code COUNT(*) AS runs, COUNT(DISTINCT created_by) AS creators, SUM(total_tokens) AS tokens}.
   */
  public static final String DAILY_AGGREGATES = "COUNT(*) AS " + WorkflowRunColumns.RUNS
      + ", COUNT(DISTINCT created_by) AS " + WorkflowRunColumns.CREATORS
      + ", SUM(total_tokens) AS " + WorkflowRunColumns.TOKENS;

  /**
   * How a database writes the keyset predicates of an ascending walk over {@code (created_at, id)}:
   * a dialect's choice between row values and the OR-expanded form.
   */
  public interface Keyset {
    /** Appends {@code AND} "(created_at, id) after {@code position}" with its parameters. */
    void after(Sql.Composer sql, RunPosition position);

    /** Appends {@code AND} "(created_at, id) at or before {@code position}" with its parameters. */
    void atOrBefore(Sql.Composer sql, RunPosition position);
  }

  /** Row-value keysets: {@code (created_at, id) > (?, ?)} and {@code (created_at, id) <= (?, ?)}. */
  public static final Keyset ROW_VALUES = new Keyset() {
    @Override
    public void after(Sql.Composer sql, RunPosition position) {
      sql.sql(" AND (created_at, id) > (?, ?)").instant(position.createdAt()).uuid(position.id());
    }

    @Override
    public void atOrBefore(Sql.Composer sql, RunPosition position) {
      sql.sql(" AND (created_at, id) <= (?, ?)").instant(position.createdAt()).uuid(position.id());
    }
  };

  /**
   * OR-expanded keysets: {@code (created_at > ? OR (created_at = ? AND id > ?))} and
   * {@code (created_at < ? OR (created_at = ? AND id <= ?))}.
   */
  public static final Keyset OR_EXPANDED = new Keyset() {
    @Override
    public void after(Sql.Composer sql, RunPosition position) {
      sql.sql(" AND (created_at > ? OR (created_at = ? AND id > ?))")
          .instant(position.createdAt()).instant(position.createdAt()).uuid(position.id());
    }

    @Override
    public void atOrBefore(Sql.Composer sql, RunPosition position) {
      sql.sql(" AND (created_at < ? OR (created_at = ? AND id <= ?))")
          .instant(position.createdAt()).instant(position.createdAt()).uuid(position.id());
    }
  };

  /** The columns a cleanup-refs scan reads. */
  public static final String REF_COLUMNS = "id, tenant_id, created_at";

  private PortableSql() {}

  /** Adds the 20 columns of {@code run} in {@link WorkflowRunColumns#ALL} order (an insert's VALUES). */
  public static Sql.Builder runParams(Sql.Builder sql, WorkflowRun run) {
    return sql
        .uuid(run.id())
        .uuid(run.tenantId())
        .uuid(run.appId())
        .uuid(run.workflowId())
        .text(run.type().value())
        .text(run.triggeredFrom().value())
        .text(run.version())
        .text(run.graph())
        .text(run.inputs())
        .text(run.status().value())
        .text(run.outputs())
        .text(run.error())
        .dbl(run.elapsedTime())
        .bigint(run.totalTokens())
        .integer(run.totalSteps())
        .text(run.createdByRole().value())
        .uuid(run.createdBy())
        .instant(run.createdAt())
        .instant(run.finishedAt())
        .integer(run.exceptionsCount());
  }

  /**
   * The branches of a page: one per trigger of the filter, and for a filter of every trigger one
   * more (null) for the runs whose stored trigger no {@link TriggeredFrom} has (a newer Dify's),
   * so that such a run makes the page fail by name instead of silently missing from it.
   */
  public static List<@Nullable TriggeredFrom> branches(RunFilter filter) {
    List<@Nullable TriggeredFrom> branches = new java.util.ArrayList<>(filter.branchTriggers());
    if (filter.triggers().isEmpty()) {
      branches.add(null);
    }
    return branches;
  }

  /** The known trigger values in String order, the gaps of {@link #triggerCondition} between them. */
  private static final List<String> KNOWN_TRIGGERS = java.util.Arrays.stream(TriggeredFrom.values())
      .map(TriggeredFrom::value).sorted().toList();

  /**
   * Appends the trigger condition of a branch on {@code column}: {@code = ?} for a trigger, or for
   * null every value no trigger has, as the ranges between the known values
   * ({@code column < ? OR (column > ? AND column < ?) ... OR column > ?}): ranges of the index
   * (empty ones cost one probe each), where {@code NOT IN} would read every run of the app. It
   * holds in any collation that orders the known values as Java does (they differ in early
   * letters: true for binary, C and the usual linguistic collations).
   */
  public static Sql.Composer triggerCondition(Sql.Composer sql, String column, @Nullable TriggeredFrom trigger) {
    if (trigger != null) {
      return sql.sql(column + " = ?").text(trigger.value());
    }
    sql.sql("(" + column + " < ?").text(KNOWN_TRIGGERS.get(0));
    for (int i = 1; i < KNOWN_TRIGGERS.size(); i++) {
      sql.sql(" OR (" + column + " > ? AND " + column + " < ?)").text(KNOWN_TRIGGERS.get(i - 1)).text(KNOWN_TRIGGERS.get(i));
    }
    return sql.sql(" OR " + column + " > ?)").text(KNOWN_TRIGGERS.get(KNOWN_TRIGGERS.size() - 1));
  }

  /**
   * Appends the filter's trigger set (when it names any) and status (when set) as conditions on
   * columns prefixed by {@code prefix} (e.g. {@code "c."} or {@code ""}): what the cursor run must
   * match beyond tenant and app.
   */
  public static Sql.Composer triggersAndStatus(Sql.Composer sql, String prefix, RunFilter filter) {
    if (!filter.triggers().isEmpty()) {
      List<TriggeredFrom> triggers = filter.branchTriggers();
      sql.sql(" AND " + prefix + "triggered_from IN (").placeholders(triggers.size()).sql(")");
      triggers.forEach(t -> sql.text(t.value()));
    }
    WorkflowRunStatus status = filter.status();
    if (status != null) {
      sql.sql(" AND " + prefix + "status = ?").text(status.value());
    }
    return sql;
  }

  /**
   * Appends a filtered page as one branch per trigger ({@link RunFilter#branchTriggers}), each
   * {@code SELECT 0 AS is_cursor, <columns>} of {@code (tenant_id, app_id, triggered_from[, status])}
   * bounded by {@code keyset} (when not null) and cut to {@code fetchSize} newest; several
   * branches go under {@code SELECT * FROM (... UNION ALL ...) page} with one more ORDER BY ... LIMIT.
   * Each branch is an index range of its own, so no database sorts more than
   * {@code fetchSize} rows per trigger.
   */
  public static void triggerBranches(
      Sql.Composer sql, RunFilter filter, int fetchSize, @Nullable Consumer<Sql.Composer> keyset) {
    triggerBranches(sql, filter, fetchSize, isCursor -> isCursor.sql("0"), keyset);
  }

  /**
   * {@link #triggerBranches(Sql.Composer, RunFilter, int, Consumer)} with {@code isCursor}
   * writing each branch's {@value WorkflowRunColumns#IS_CURSOR} expression (and binding its values).
   */
  public static void triggerBranches(Sql.Composer sql, RunFilter filter, int fetchSize,
      Consumer<Sql.Composer> isCursor, @Nullable Consumer<Sql.Composer> keyset) {
    List<@Nullable TriggeredFrom> triggers = branches(filter);
    boolean union = triggers.size() > 1;
    if (union) {
      sql.sql("SELECT * FROM (");
    }
    for (int i = 0; i < triggers.size(); i++) {
      sql.sql(i == 0 ? "(SELECT " : " UNION ALL (SELECT ");
      isCursor.accept(sql);
      sql.sql(" AS " + IS_CURSOR + ", " + SELECT_LIST + " FROM " + TABLE + " WHERE tenant_id = ? AND app_id = ? AND ")
          .uuid(filter.tenantId()).uuid(filter.appId());
      triggerCondition(sql, "triggered_from", triggers.get(i));
      WorkflowRunStatus status = filter.status();
      if (status != null) {
        sql.sql(" AND status = ?").text(status.value());
      }
      if (keyset != null) {
        keyset.accept(sql);
      }
      sql.sql(ORDER_NEWEST_FIRST + ")").integer(fetchSize);
    }
    if (union) {
      sql.sql(") page" + ORDER_NEWEST_FIRST).integer(fetchSize);
    }
  }

  /**
   * {@link SqlDialect#selectFilteredPage} as {@link #triggerBranches} with the row-value keyset
   * {@code (created_at, id) < (?, ?)} when {@code after} is set.
   */
  public static Sql selectFilteredPage(RunFilter filter, @Nullable RunPosition after, int fetchSize) {
    Sql.Composer sql = Sql.compose();
    triggerBranches(sql, filter, fetchSize, after == null ? null : keyset -> keyset
        .sql(" AND (created_at, id) < (?, ?)").instant(after.createdAt()).uuid(after.id()));
    return sql.build();
  }

  /** {@link SqlDialect#selectById}: by {@code (tenant_id, app_id, id)}. */
  public static Sql selectById(String tenantId, String appId, String runId) {
    return Sql.of("SELECT " + SELECT_LIST + " FROM " + TABLE + " WHERE tenant_id = ? AND app_id = ? AND id = ?")
        .uuid(tenantId).uuid(appId).uuid(runId).samePlanForAnyValues().build();
  }

  /** {@link SqlDialect#selectExpired}, with {@code hint} after SELECT. */
  public static Sql selectExpired(String hint, String tenantId, Instant bound, boolean inclusive, int batchSize) {
    return Sql.of("SELECT " + hint + SELECT_LIST + " FROM " + TABLE + " WHERE tenant_id = ? AND created_at "
            + (inclusive ? "<=" : "<") + " ?" + " ORDER BY created_at, id LIMIT ?")
        .uuid(tenantId).instant(bound).integer(batchSize).build();
  }

  /** {@link SqlDialect#deleteByIds}: {@code DELETE ... WHERE id IN (...)}. */
  public static Sql deleteByIds(List<String> runIds) {
    Sql.Composer sql = Sql.compose().sql("DELETE FROM " + TABLE + " WHERE id IN (").placeholders(runIds.size()).sql(")");
    runIds.forEach(sql::uuid);
    return sql.build();
  }

  /** {@link SqlDialect#deleteByIdsInTenant}: {@code DELETE ... WHERE tenant_id = ? AND id IN (...)}. */
  public static Sql deleteByIdsInTenant(String tenantId, List<String> runIds) {
    Sql.Composer sql = Sql.compose().sql("DELETE FROM " + TABLE + " WHERE tenant_id = ?").uuid(tenantId)
        .sql(" AND id IN (").placeholders(runIds.size()).sql(")");
    runIds.forEach(sql::uuid);
    return sql.build();
  }

  /** {@link SqlDialect#selectAppHasRuns}: {@code SELECT 1 ... LIMIT 1}. */
  public static Sql selectAppHasRuns(String tenantId, String appId) {
    return Sql.of("SELECT 1 FROM " + TABLE + " WHERE tenant_id = ? AND app_id = ? LIMIT 1")
        .uuid(tenantId).uuid(appId).build();
  }

  /** {@link SqlDialect#selectByIdInTenant}: by primary key and tenant. */
  public static Sql selectByIdInTenant(String tenantId, String runId) {
    return Sql.of("SELECT " + SELECT_LIST + " FROM " + TABLE + " WHERE id = ? AND tenant_id = ?")
        .uuid(runId).uuid(tenantId).samePlanForAnyValues().build();
  }

  /** {@link SqlDialect#selectByIdWithoutTenant}: by primary key alone. */
  public static Sql selectByIdWithoutTenant(String runId) {
    return Sql.of("SELECT " + SELECT_LIST + " FROM " + TABLE + " WHERE id = ?").uuid(runId).samePlanForAnyValues().build();
  }

  /** {@link SqlDialect#countByStatus}, with {@code hint} after SELECT. */
  public static Sql countByStatus(
      String hint, String tenantId, String appId, TriggeredFrom trigger,
      @Nullable WorkflowRunStatus status, @Nullable Instant since) {
    Sql.Composer sql = Sql.compose()
        .sql("SELECT " + hint + "status AS " + WorkflowRunColumns.STATUS + ", COUNT(*) AS " + WorkflowRunColumns.RUNS
            + " FROM " + TABLE + " WHERE tenant_id = ? AND app_id = ? AND triggered_from = ?")
        .uuid(tenantId).uuid(appId).text(trigger.value());
    if (status != null) {
      sql.sql(" AND status = ?").text(status.value());
    }
    if (since != null) {
      sql.sql(" AND created_at >= ?").instant(since);
    }
    return sql.sql(" GROUP BY status").build();
  }

  /**
   * {@link SqlDialect#selectCreatedAtRange}: MIN and MAX of {@code created_at}, each one read at
   * an end of the {@code (tenant_id, app_id, triggered_from, created_at)} index range.
   */
  public static Sql selectCreatedAtRange(
      String tenantId, String appId, TriggeredFrom trigger, @Nullable Instant from, @Nullable Instant to) {
    Sql.Composer sql = Sql.compose()
        .sql("SELECT MIN(created_at) AS " + WorkflowRunColumns.FIRST_CREATED_AT
            + ", MAX(created_at) AS " + WorkflowRunColumns.LAST_CREATED_AT
            + " FROM " + TABLE + " WHERE tenant_id = ? AND app_id = ? AND triggered_from = ?")
        .uuid(tenantId).uuid(appId).text(trigger.value());
    if (from != null) {
      sql.sql(" AND created_at >= ?").instant(from);
    }
    if (to != null) {
      sql.sql(" AND created_at < ?").instant(to);
    }
    return sql.build();
  }

  /**
   * Appends the window's UTC offset in seconds at {@code created_at}: the one offset as an integer
   * literal, or {@code CASE WHEN created_at < ? THEN o0 ... ELSE on END} with the transition
   * instants bound. Offsets come from ZoneRules, never from input, so inlining them is safe.
   */
  public static Sql.Composer utcOffsetSeconds(Sql.Composer sql, LocalDayWindows.Window window) {
    List<Integer> offsets = window.offsetSeconds();
    if (window.transitions().isEmpty()) {
      return sql.sql(Integer.toString(offsets.get(0)));
    }
    sql.sql("CASE");
    for (int i = 0; i < window.transitions().size(); i++) {
      sql.sql(" WHEN created_at < ? THEN " + offsets.get(i)).instant(window.transitions().get(i));
    }
    return sql.sql(" ELSE " + offsets.get(offsets.size() - 1) + " END");
  }

  /**
   * Appends {@code FROM workflow_runs WHERE} the runs of {@code (tenantId, appId, trigger)} within
   * the window ({@code window.from() <= created_at <= window.last()}), with its parameters.
   */
  public static Sql.Composer runsOfWindow(
      Sql.Composer sql, String tenantId, String appId, TriggeredFrom trigger, LocalDayWindows.Window window) {
    return sql.sql(" FROM " + TABLE + " WHERE tenant_id = ? AND app_id = ? AND triggered_from = ?"
            + " AND created_at >= ? AND created_at <= ?")
        .uuid(tenantId).uuid(appId).text(trigger.value()).instant(window.from()).instant(window.last());
  }

  /**
   * {@link SqlDialect#selectEndedRunsBatch} and {@link SqlDialect#selectCleanupRefs}: ended runs
   * ascending by {@code (created_at, id)}, reading {@code columns}, with {@code hint} after SELECT,
   * {@code keyset} writing the positions and {@code lastIdDigit} the SQL expression of an id's last
   * hex digit (a shard). Tenant prefixes are ranges of {@code tenant_id}, never a function on it.
   */
  public static Sql selectEndedRunsBatch(
      String hint, String columns, EndedRunsBatch batch, Keyset keyset, String lastIdDigit) {
    Sql.Composer sql = Sql.compose().sql("SELECT " + hint + columns + " FROM " + TABLE + " WHERE status IN ("
        + WorkflowRunColumns.ENDED_STATUSES_SQL + ")");
    Instant from = batch.from();
    if (from != null) {
      sql.sql(" AND created_at >= ?").instant(from);
    }
    Instant to = batch.to();
    if (to != null) {
      sql.sql(" AND created_at < ?").instant(to);
    }
    RunPosition after = batch.after();
    if (after != null) {
      keyset.after(sql, after);
    }
    if (batch.types() != null) {
      EnumSet<WorkflowType> types = EnumSet.noneOf(WorkflowType.class);
      types.addAll(java.util.Objects.requireNonNull(batch.types()));
      sql.sql(" AND type IN (").placeholders(types.size()).sql(")");
      types.forEach(t -> sql.text(t.value()));
    }
    if (!batch.tenantIds().isEmpty()) {
      sql.sql(" AND tenant_id IN (").placeholders(batch.tenantIds().size()).sql(")");
      batch.tenantIds().forEach(sql::uuid);
    }
    if (!batch.workflowIds().isEmpty()) {
      sql.sql(" AND workflow_id IN (").placeholders(batch.workflowIds().size()).sql(")");
      batch.workflowIds().forEach(sql::uuid);
    }
    if (!batch.tenantRanges().isEmpty()) {
      sql.sql(" AND (");
      for (int i = 0; i < batch.tenantRanges().size(); i++) {
        EndedRunsBatch.TenantRange range = batch.tenantRanges().get(i);
        sql.sql(i == 0 ? "tenant_id BETWEEN ? AND ?" : " OR tenant_id BETWEEN ? AND ?").uuid(range.from()).uuid(range.to());
      }
      sql.sql(")");
    }
    RunShard shard = batch.shard();
    if (shard != null && shard.total() > 1) {
      // hex digits from the shard, never from input: inlined as literals. The other shards'
      // digits are listed (NOT IN): PostgreSQL estimates a function of a column at 0.5% per
      // listed value, so IN (the shard's own 8 digits) looked like 4% of the runs and drew the
      // planner to reading every run of the tenant ranges through a bitmap and sorting them
      // (13,000 buffers for a 1,000-run batch of 110,000 runs); NOT IN looks like most runs, and
      // the batch walks (created_at, id) reading about batchSize / selectivity rows at any depth.
      List<Character> mine = shard.lastDigits();
      sql.sql(" AND " + lastIdDigit + " NOT IN (" + "0123456789abcdef".chars().mapToObj(d -> (char) d)
          .filter(d -> !mine.contains(d)).map(d -> "'" + d + "'")
          .collect(java.util.stream.Collectors.joining(", ")) + ")");
    }
    RunPosition upper = batch.upperBound();
    if (upper != null) {
      keyset.atOrBefore(sql, upper);
    }
    return sql.sql(" ORDER BY created_at, id LIMIT ?").integer(batch.batchSize()).build();
  }
}
