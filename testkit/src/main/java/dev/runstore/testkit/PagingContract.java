package dev.runstore.testkit;

/** Contract rules: Paging (filled in by its owner). */
public interface PagingContract extends RepositoryFixture {}
