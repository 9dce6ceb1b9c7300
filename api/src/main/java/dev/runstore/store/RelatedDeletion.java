package dev.runstore.store;

import dev.runstore.api.RelatedCounts;
import java.util.List;

/**
 * What {@link RunStore#deleteWithRelated} deleted in one transaction.
 *
 * @param counts rows deleted, per key
 * @param pauseStateKeys the state object keys of the pauses deleted, to remove after the commit
 */
public record RelatedDeletion(RelatedCounts counts, List<String> pauseStateKeys) {

  /** Copies the list. */
  public RelatedDeletion {
    pauseStateKeys = List.copyOf(pauseStateKeys);
  }
}
