package dev.runstore.testkit;

/** Contract rules: GetById (filled in by its owner). */
public interface GetByIdContract extends RepositoryFixture {}
