/**
 * The runstore contract suite: what "correct" means for a {@link dev.runstore.api.WorkflowRunRepository}.
 *
 * <p>A backend module adds this artifact in test scope and extends
 * {@link dev.runstore.testkit.WorkflowRunRepositoryContract} once per database it supports. Each
 * group of rules lives in its own {@code *Contract} interface of JUnit test methods.
 */
@NullMarked
package dev.runstore.testkit;

import org.jspecify.annotations.NullMarked;
