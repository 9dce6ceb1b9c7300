/**
 * The runstore contract: {@link dev.runstore.api.WorkflowRun} and the other records, the
 * {@link dev.runstore.api.WorkflowRunRepository} every backend implements, configuration and the
 * {@link dev.runstore.api.WorkflowRunRepositories} factory.
 */
@NullMarked
package dev.runstore.api;

import org.jspecify.annotations.NullMarked;
