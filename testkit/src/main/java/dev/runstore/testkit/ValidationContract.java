package dev.runstore.testkit;

/** Contract rules: Validation (filled in by its owner). */
public interface ValidationContract extends RepositoryFixture {}
