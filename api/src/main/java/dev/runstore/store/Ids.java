package dev.runstore.store;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * New ids: UUIDv7 (RFC 9562: 48 bits of Unix milliseconds, version 7, then random bits) for
 * pauses and their reasons, as Dify writes them, and the state object key.
 */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** A new UUIDv7. */
  public static String uuidV7() {
    return uuidV7Sequence(1).get(0);
  }

  /**
   * {@code count} new UUIDv7s in ascending order (a counter in the 12 bits after the time, RFC
   * 9562 method 1, moving to the next millisecond when it runs out), so that rows ordered by id
   * come back in the order they were given.
   */
  public static List<String> uuidV7Sequence(int count) {
    List<String> ids = new ArrayList<>(count);
    long millis = System.currentTimeMillis();
    int counter = RANDOM.nextInt(1024);
    for (int i = 0; i < count; i++) {
      if (counter > 0xFFF) {
        millis++;
        counter = 0;
      }
      long high = (millis << 16) | 0x7000L | counter++;
      long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      ids.add(new UUID(high, low).toString());
    }
    return ids;
  }

  /** A new state object key, {@code workflow-state-<uuid4>.json}, as Dify names them. */
  public static String stateObjectKey() {
    return "workflow-state-" + UUID.randomUUID() + ".json";
  }
}
