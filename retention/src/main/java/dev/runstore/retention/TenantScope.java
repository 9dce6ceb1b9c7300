package dev.runstore.retention;

import dev.runstore.api.Checks;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The tenants a {@link RetentionJob} or {@link RestoreJob} builder was given: not chosen yet, a
 * list of tenants, or every tenant. One object holds the choice so the two builders share it.
 */
final class TenantScope {

  private @Nullable Set<String> tenants;
  private boolean all;

  /**
   * These tenant ids, in their given order without repeats.
   *
   * @throws IllegalArgumentException when the collection is null or empty, or an id is no UUID
   */
  void tenants(@Nullable Collection<String> tenantIds) {
    Set<String> ids = new LinkedHashSet<>();
    for (String id : Checks.requireNonNull(tenantIds, "tenantIds")) {
      ids.add(Checks.requireUuid(id, "tenantIds element"));
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("tenantIds must not be empty (use allTenants())");
    }
    tenants = ids;
    all = false;
  }

  /** Every tenant. */
  void all() {
    tenants = null;
    all = true;
  }

  /** Whether every tenant was chosen. */
  boolean isAll() {
    return all;
  }

  /**
   * The chosen tenants in their given order, or null for every tenant.
   *
   * @throws IllegalArgumentException when no scope was chosen
   */
  @Nullable Set<String> chosen() {
    if (tenants == null && !all) {
      throw new IllegalArgumentException("choose tenant(...), tenants(...) or allTenants()");
    }
    return tenants == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(tenants));
  }
}
