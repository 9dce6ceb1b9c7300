package dev.runstore.retention.contract;

import dev.runstore.api.RelatedCounts;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.testkit.ForwardingWorkflowRunRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A {@link WorkflowRunRepository} that delegates every call to a real one and "kills the
 * process" at an armed tenant-scoped delete ({@code deleteRunsByIds} or
 * {@code deleteRunsWithRelated}, counted together): after really deleting the first {@code k} of its
 * ids (with their related rows) ({@code k = 0}: killed between backup and delete; {@code 0 < k < n}: killed mid-delete).
 */
public final class CrashingRepository extends ForwardingWorkflowRunRepository {
  private int deletes;
  private int crashAtDelete = -1;
  private int deleteFirst;

  /** Wraps {@code delegate}; nothing is armed. */
  public CrashingRepository(WorkflowRunRepository delegate) {
    super(delegate);
  }

  /** Crash at the {@code n}-th tenant-scoped delete from now, after deleting its first {@code k} ids. */
  public CrashingRepository crashAtDelete(int n, int k) {
    this.deletes = 0;
    this.crashAtDelete = n;
    this.deleteFirst = k;
    return this;
  }

  /** Disarms. */
  public CrashingRepository disarm() {
    this.crashAtDelete = -1;
    return this;
  }

  @Override
  public int deleteRunsByIds(String tenantId, Collection<String> runIds) {
    deletes++;
    if (deletes == crashAtDelete) {
      crashAtDelete = -1;
      List<String> ids = new ArrayList<>(runIds);
      delegate().deleteRunsByIds(tenantId, ids.subList(0, Math.min(deleteFirst, ids.size())));
      throw new SimulatedCrash("in delete #" + deletes + " after " + deleteFirst + " of " + ids.size() + " ids");
    }
    return super.deleteRunsByIds(tenantId, runIds);
  }

  /** The same crash point for a delete with related rows: the first {@code k} ids go with all their rows. */
  @Override
  public RelatedCounts deleteRunsWithRelated(String tenantId, Collection<String> runIds) {
    deletes++;
    if (deletes == crashAtDelete) {
      crashAtDelete = -1;
      List<String> ids = new ArrayList<>(runIds);
      delegate().deleteRunsWithRelated(tenantId, ids.subList(0, Math.min(deleteFirst, ids.size())));
      throw new SimulatedCrash("in delete with related #" + deletes + " after " + deleteFirst + " of " + ids.size() + " ids");
    }
    return super.deleteRunsWithRelated(tenantId, runIds);
  }

  /** Leaves the delegate open: the test owns it. */
  @Override
  public void close() {}
}
