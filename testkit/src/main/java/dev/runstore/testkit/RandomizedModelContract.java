package dev.runstore.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contract rules, all at once: a seeded sequence of thousands of mixed operations (new runs,
 * updates, refused moves to another tenant or app, execution saves, lookups, pages with valid and
 * invalid cursors, expired batches, deletes by id and by app, invalid arguments) over a few
 * tenants, apps and triggers of its own, compared step by step with {@link SimpleRunModel}.
 *
 * <p>A failure names the seed and the step; {@code -Drunstore.test.seed=N} replays seed N in
 * {@link #randomizedAgainstModelWithRandomSeed()}. {@code -Drunstore.test.randomized.steps=N}
 * changes the length of every sequence (default 3000).
 */
public interface RandomizedModelContract extends RepositoryFixture {

  /** Fixed seeds: the same sequences on every build and every backend. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1L, 20_250_601L})
  default void randomizedAgainstModelWithFixedSeed(long seed) {
    System.out.println("runstore.test.seed=" + seed);
    new ModelCheck(repository(), seed, steps()).run();
  }

  /** A fresh seed on every run (printed), or the one given by {@code -Drunstore.test.seed}. */
  @Test
  default void randomizedAgainstModelWithRandomSeed() {
    new ModelCheck(repository(), TestRuns.seed(), steps()).run();
  }

  private static int steps() {
    return Integer.getInteger("runstore.test.randomized.steps", 3000);
  }
}
