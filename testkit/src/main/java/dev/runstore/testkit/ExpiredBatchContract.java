package dev.runstore.testkit;

/** Contract rules: ExpiredBatch (filled in by its owner). */
public interface ExpiredBatchContract extends RepositoryFixture {}
