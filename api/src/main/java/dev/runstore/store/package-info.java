/**
 * Not for applications: the one implementation of the contract's rules
 * ({@link dev.runstore.store.RepositoryFront}) and the narrow {@link dev.runstore.store.RunStore}
 * each backend implements below it. Exported only to runstore's backend modules.
 */
@NullMarked
package dev.runstore.store;

import org.jspecify.annotations.NullMarked;
