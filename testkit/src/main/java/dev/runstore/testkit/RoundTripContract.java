package dev.runstore.testkit;

/** Contract rules: RoundTrip (filled in by its owner). */
public interface RoundTripContract extends RepositoryFixture {}
