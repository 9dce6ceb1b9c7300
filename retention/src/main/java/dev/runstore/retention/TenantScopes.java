package dev.runstore.retention;

import dev.runstore.api.Checks;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The tenant scope checks shared by the builders of {@link RetentionJob} and {@link RestoreJob}. */
final class TenantScopes {

  private TenantScopes() {}

  /**
   * The tenant ids in their given order without repeats.
   *
   * @throws IllegalArgumentException when the collection is null or empty, or an id is no UUID
   */
  static Set<String> of(Collection<String> tenantIds) {
    Checks.requireNonNull(tenantIds, "tenantIds");
    Set<String> ids = new LinkedHashSet<>();
    for (String id : tenantIds) {
      ids.add(Checks.requireUuid(id, "tenantIds element"));
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("tenantIds must not be empty (use allTenants())");
    }
    return ids;
  }

  /**
   * Rejects a builder on which no scope was chosen.
   *
   * @throws IllegalArgumentException when {@code tenants} is null and not {@code allTenants}
   */
  static void requireChosen(@Nullable Set<String> tenants, boolean allTenants) {
    if (tenants == null && !allTenants) {
      throw new IllegalArgumentException("choose tenant(...), tenants(...) or allTenants()");
    }
  }
}
