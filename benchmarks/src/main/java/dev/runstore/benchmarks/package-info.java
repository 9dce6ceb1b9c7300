/**
 * Benchmarks of runstore, run by hand (never by the build's tests): {@link
 * dev.runstore.benchmarks.PurgeBenchmark}, a one-shot purge of a million runs on PostgreSQL; JMH
 * comparisons on PostgreSQL and MariaDB over a {@link dev.runstore.benchmarks.BusyInstall} table,
 * each against its baseline in the same run (hand-written JDBC running runstore's captured
 * statements, a raw upsert, Dify's list SQL on Dify's indexes); and {@link
 * dev.runstore.benchmarks.PagingBenchmark}, keyset against OFFSET paging. See the module's
 * README.md and the {@code benchmarks/bench} script.
 */
@NullMarked
package dev.runstore.benchmarks;

import org.jspecify.annotations.NullMarked;
