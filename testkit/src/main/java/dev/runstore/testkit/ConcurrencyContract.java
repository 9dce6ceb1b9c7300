package dev.runstore.testkit;

/** Contract rules: Concurrency (filled in by its owner). */
public interface ConcurrencyContract extends RepositoryFixture {}
