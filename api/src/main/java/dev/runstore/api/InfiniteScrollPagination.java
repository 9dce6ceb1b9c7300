package dev.runstore.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of an infinite-scroll listing.
 *
 * @param data the items of this page, unmodifiable
 * @param limit the limit that was asked for
 * @param hasMore true iff at least one more item follows {@code data}
 * @param nextCursor the opaque token that continues after the last item (see
 *     {@link RunPosition#toCursor()}); null when {@code hasMore} is false
 * @param <T> the item type
 */
public record InfiniteScrollPagination<T>(
    List<T> data, int limit, boolean hasMore, @Nullable String nextCursor) {

  /** Copies {@code data} into an unmodifiable list; drops {@code nextCursor} when there is no more. */
  public InfiniteScrollPagination {
    data = List.copyOf(Checks.requireNonNull(data, "data"));
    if (!hasMore) {
      nextCursor = null;
    }
  }

  /** A page without a cursor token. */
  public InfiniteScrollPagination(List<T> data, int limit, boolean hasMore) {
    this(data, limit, hasMore, null);
  }
}
