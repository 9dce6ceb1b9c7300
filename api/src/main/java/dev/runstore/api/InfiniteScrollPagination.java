package dev.runstore.api;

import java.util.List;

/**
 * One page of an infinite-scroll listing.
 *
 * @param data the items of this page, unmodifiable
 * @param limit the limit that was asked for
 * @param hasMore true iff at least one more item follows {@code data}
 * @param <T> the item type
 */
public record InfiniteScrollPagination<T>(List<T> data, int limit, boolean hasMore) {

  /** Copies {@code data} into an unmodifiable list. */
  public InfiniteScrollPagination {
    data = List.copyOf(Checks.requireNonNull(data, "data"));
  }
}
