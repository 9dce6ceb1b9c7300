package dev.runstore.testkit;

/** Contract rules: Delete (filled in by its owner). */
public interface DeleteContract extends RepositoryFixture {}
