/**
 * The {@code runstore} command-line tool: {@code schema create}, {@code list}, {@code get},
 * {@code count}, {@code stats}, {@code purge}, {@code restore}, {@code delete-app} and
 * {@code demo}, over any backend found by {@link dev.runstore.api.WorkflowRunRepositories}.
 * Entry point: {@link dev.runstore.cli.RunstoreCli}.
 */
@NullMarked
package dev.runstore.cli;

import org.jspecify.annotations.NullMarked;
