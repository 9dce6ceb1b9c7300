/**
 * {@link dev.runstore.memory.InMemoryWorkflowRunRepository}: the contract of
 * {@link dev.runstore.api.WorkflowRunRepository} kept in memory, for tests and as the reference
 * model of the SQL backends.
 */
@NullMarked
package dev.runstore.memory;

import org.jspecify.annotations.NullMarked;
