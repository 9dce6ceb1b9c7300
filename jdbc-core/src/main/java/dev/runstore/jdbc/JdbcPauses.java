package dev.runstore.jdbc;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.PauseReason;
import dev.runstore.api.PauseReasonType;
import dev.runstore.api.RepositoryConfigurationException;
import dev.runstore.api.WorkflowPause;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.store.NewPause;
import dev.runstore.store.PauseCreation;
import dev.runstore.store.PauseRef;
import dev.runstore.store.PauseResumption;
import dev.runstore.store.PauseResumption.Outcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The pause part of {@link JdbcRunStore}: Dify's {@code workflow_pauses} and
 * {@code workflow_pause_reasons}, a pause belonging to the tenant of its run (checked through a
 * join, Dify's table has no tenant column). Each write is one transaction that locks the run row
 * first, so two callers pausing or resuming one run are serialized.
 */
final class JdbcPauses {

  private final JdbcExecutor executor;
  private final JdbcTypes types;

  JdbcPauses(JdbcExecutor executor) {
    this.executor = executor;
    this.types = executor.dialect().types();
  }

  PauseCreation create(NewPause pause) {
    Sql lock = PauseSql.lockRun(pause.tenantId(), pause.runId());
    return tables(() -> executor.transaction("createWorkflowPause", lock, session -> {
      LockedRun run = session.query(lock, rs -> rs.next() ? Optional.of(lockedRun(rs, pause.runId())) : Optional.<LockedRun>empty())
          .orElse(null);
      if (run == null) {
        return PauseCreation.noRun();
      }
      if (run.status() != WorkflowRunStatus.RUNNING && run.status() != WorkflowRunStatus.PAUSED) {
        return PauseCreation.notPausable(run.status());
      }
      PauseRef earlier = session.query(PauseSql.pauseOfRun(pause.runId()), rs -> rs.next()
          ? Optional.of(new PauseRef(uuid(rs, "id"), pause.runId(), rs.getString("state_object_key")))
          : Optional.<PauseRef>empty()).orElse(null);
      if (earlier != null) {
        session.update(PauseSql.deleteReasons(earlier.id()));
        session.update(PauseSql.deletePause(earlier.id()));
      }
      session.update(PauseSql.insertPause(
          pause.pauseId(), run.workflowId(), pause.runId(), pause.stateObjectKey(), pause.createdAt()));
      for (Sql insert : PauseSql.insertReasons(pause.pauseId(), pause.createdAt(), pause.reasons(), pause.reasonIds())) {
        session.update(insert);
      }
      session.update(PauseSql.setRunStatus(pause.runId(), WorkflowRunStatus.PAUSED));
      // Read back: what get returns, at the columns' precision (a Dify MySQL table keeps seconds).
      WorkflowPause stored = read(session, PauseSql.pauseInTenant(pause.tenantId(), pause.runId()));
      return new PauseCreation(stored, run.status(), earlier == null ? null : earlier.stateObjectKey());
    }));
  }

  Optional<WorkflowPause> find(String tenantId, String runId) {
    Sql sql = PauseSql.pauseInTenant(tenantId, runId);
    return tables(() -> executor.autoCommit("getWorkflowPause", sql, session -> Optional.ofNullable(read(session, sql))));
  }

  Optional<PauseRef> findById(String tenantId, String pauseId) {
    Sql sql = PauseSql.pauseByIdInTenant(tenantId, pauseId);
    return tables(() -> executor.query("deleteWorkflowPause", sql, rs -> rs.next()
        ? Optional.of(new PauseRef(uuid(rs, "id"), uuid(rs, "workflow_run_id"), rs.getString("state_object_key")))
        : Optional.<PauseRef>empty()));
  }

  PauseResumption resume(String tenantId, String runId, String pauseId, Instant now) {
    Sql lock = PauseSql.lockRun(tenantId, runId);
    return tables(() -> executor.transaction("resumeWorkflowPause", lock, session -> {
      LockedRun run = session.query(lock, rs -> rs.next() ? Optional.of(lockedRun(rs, runId)) : Optional.<LockedRun>empty())
          .orElse(null);
      if (run == null) {
        return new PauseResumption(Outcome.NO_RUN, null, null);
      }
      Sql pauseSql = PauseSql.pauseInTenant(tenantId, runId);
      WorkflowPause current = read(session, pauseSql);
      Outcome outcome = run.status() != WorkflowRunStatus.PAUSED ? Outcome.RUN_NOT_PAUSED
          : current == null ? Outcome.NO_PAUSE
          : !current.id().equals(pauseId) ? Outcome.OTHER_PAUSE
          : current.resumedAt() != null ? Outcome.ALREADY_RESUMED
          : Outcome.RESUMED;
      if (outcome != Outcome.RESUMED) {
        return new PauseResumption(outcome, run.status(), current);
      }
      session.update(PauseSql.resume(pauseId, now));
      session.update(PauseSql.setRunStatus(runId, WorkflowRunStatus.RUNNING));
      return new PauseResumption(Outcome.RESUMED, run.status(), read(session, pauseSql));
    }));
  }

  boolean deleteRows(String pauseId) {
    Sql delete = PauseSql.deletePause(pauseId);
    return tables(() -> executor.transaction("deleteWorkflowPause", delete, session -> {
      session.update(PauseSql.deleteReasons(pauseId));
      return session.update(delete) > 0;
    }));
  }

  List<PauseRef> prunable(@Nullable Instant createdBefore, @Nullable Instant resumedBefore, int limit) {
    return tables(() -> executor.query("pruneWorkflowPauses", PauseSql.prunable(createdBefore, resumedBefore, limit), rs -> {
      List<PauseRef> pauses = new ArrayList<>();
      while (rs.next()) {
        pauses.add(new PauseRef(uuid(rs, "id"), uuid(rs, "workflow_run_id"), rs.getString("state_object_key")));
      }
      return pauses;
    }));
  }

  /** The pause a {@link PauseSql#PAUSE_COLUMNS} statement finds, with its reasons; null when none. */
  private @Nullable WorkflowPause read(JdbcExecutor.Session session, Sql sql) throws SQLException {
    WorkflowPause row = session.query(sql, rs -> rs.next() ? Optional.of(pause(rs, List.of())) : Optional.<WorkflowPause>empty())
        .orElse(null);
    if (row == null) {
      return null;
    }
    List<PauseReason> reasons = session.query(PauseSql.reasons(row.id()), rs -> {
      List<PauseReason> list = new ArrayList<>();
      while (rs.next()) {
        list.add(new PauseReason(
            RunRowMapper.decode(rs, "type_", row.workflowRunId(), PauseReasonType::fromValue),
            text(rs, "form_id"), text(rs, "node_id"), text(rs, "message")));
      }
      return list;
    });
    return new WorkflowPause(row.id(), row.tenantId(), row.workflowId(), row.workflowRunId(), row.stateObjectKey(),
        row.resumedAt(), row.createdAt(), reasons);
  }

  @SuppressWarnings("NullAway") // the record rejects NULL in a required column, by name
  private WorkflowPause pause(ResultSet rs, List<PauseReason> reasons) throws SQLException {
    try {
      return new WorkflowPause(uuid(rs, "id"), uuid(rs, "tenant_id"), uuid(rs, "workflow_id"),
          uuid(rs, "workflow_run_id"), rs.getString("state_object_key"), types.readInstant(rs, "resumed_at"),
          types.readInstant(rs, "created_at"), reasons);
    } catch (IllegalArgumentException e) {
      throw new RunRowMapper.UnreadableValueException("row of workflow_pauses cannot be read: " + e.getMessage(), e);
    }
  }

  private LockedRun lockedRun(ResultSet rs, String runId) throws SQLException {
    return new LockedRun(RunRowMapper.decode(rs, "status", runId, WorkflowRunStatus::fromValue), uuid(rs, "workflow_id"));
  }

  /** The status and workflow of a run locked for a pause write. */
  private record LockedRun(WorkflowRunStatus status, String workflowId) {}

  @SuppressWarnings("NullAway") // NOT NULL columns
  private String uuid(ResultSet rs, String column) throws SQLException {
    return types.readUuid(rs, column);
  }

  /** A text column Dify declares NOT NULL with {@code ''} for "none"; NULL reads as {@code ""}. */
  private static String text(ResultSet rs, String column) throws SQLException {
    String value = rs.getString(column);
    return value == null ? "" : value;
  }

  /**
   * Runs {@code work}, naming the V3 script when the pause tables are missing (a database whose
   * schema was created before runstore v1.2).
   */
  private <T> T tables(Supplier<T> work) {
    try {
      return work.get();
    } catch (DataAccessException e) {
      if (e.getCause() instanceof SQLException sql && executor.dialect().isUndefinedTable(sql)) {
        throw new RepositoryConfigurationException("pauses need the tables workflow_pauses and workflow_pause_reasons,"
            + " which this database lacks: apply the schema script V3__v1_2_pauses_cleanup.sql of the "
            + executor.dialect().name() + " backend (or start once with runstore.schema.create=true)", e);
      }
      throw e;
    }
  }
}
