package dev.runstore.testkit;

/** Contract rules: Save (filled in by its owner). */
public interface SaveContract extends RepositoryFixture {}
