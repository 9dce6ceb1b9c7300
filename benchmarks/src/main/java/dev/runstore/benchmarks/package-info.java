/**
 * Benchmarks of runstore on PostgreSQL, run by hand (never by the build): {@link
 * dev.runstore.benchmarks.PurgeBenchmark}, a one-shot purge of a million runs, and JMH benchmarks
 * comparing query shapes side by side. See the module's README.md.
 */
@NullMarked
package dev.runstore.benchmarks;

import org.jspecify.annotations.NullMarked;
