package dev.runstore.testkit;

/** Contract rules: RandomizedModel (filled in by its owner). */
public interface RandomizedModelContract extends RepositoryFixture {}
