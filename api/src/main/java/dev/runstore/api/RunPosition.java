package dev.runstore.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A position in the {@code (createdAt, id)} order of runs: where a listing or a batch walk
 * stopped. {@link #toCursor()} turns it into the opaque token of
 * {@link InfiniteScrollPagination#nextCursor()}, {@link #fromCursor(String)} back.
 *
 * <p>The token is URL-safe base64 of a version byte, the microseconds since the epoch, the id and
 * a SHA-256-based checksum. It needs no database lookup and carries no per-instance secret: a
 * token from one repository or backend works on any other. It is only a position and grants
 * nothing: tenant, app and filters always come from the caller's query.
 *
 * <p>Positions are ordered by {@code createdAt}, then {@code id} ({@link #compareTo}): the order of
 * every listing (read backwards) and every batch walk, and the one definition of it in runstore.
 * Canonical lower-case UUID strings compare as PostgreSQL's {@code uuid} and MySQL's
 * {@code CHAR(36)} compare, so every backend agrees with it.
 *
 * @param createdAt the run's creation time (truncated to microseconds)
 * @param id the run's id (UUID, lower-cased)
 */
public record RunPosition(Instant createdAt, String id) implements Comparable<RunPosition> {

  /** Runs in position order, oldest first by {@code (createdAt, id)}; {@code reversed()} is newest first. */
  public static final Comparator<WorkflowRun> RUN_ORDER =
      (a, b) -> compare(a.createdAt(), a.id(), b.createdAt(), b.id());

  private static final byte VERSION = 1;
  private static final int PAYLOAD = 1 + Long.BYTES + 16;
  private static final int CHECKSUM = 8;
  // 33 bytes: a multiple of 3, so base64 has no padding and no unused bits: every character counts.
  private static final int LENGTH = PAYLOAD + CHECKSUM;
  private static final byte[] DOMAIN = "runstore.cursor".getBytes(StandardCharsets.US_ASCII);

  /**
   * Validates and normalizes the components.
   *
   * @throws IllegalArgumentException when a component is null, the id no UUID, or the time out
   *     of the storable range
   */
  public RunPosition {
    createdAt = Checks.requireStorableInstant(createdAt, "createdAt");
    id = Checks.requireUuid(id, "id");
  }

  /** Orders by {@code createdAt}, then {@code id}. */
  @Override
  public int compareTo(RunPosition other) {
    return compare(createdAt, id, other.createdAt, other.id);
  }

  private static int compare(Instant createdAtA, String idA, Instant createdAtB, String idB) {
    int c = createdAtA.compareTo(createdAtB);
    return c != 0 ? c : idA.compareTo(idB);
  }

  /** The position of {@code run}. */
  public static RunPosition of(WorkflowRun run) {
    return new RunPosition(run.createdAt(), run.id());
  }

  /** This position as an opaque, versioned, URL-safe cursor token. */
  public String toCursor() {
    ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
    UUID uuid = UUID.fromString(id);
    buffer.put(VERSION)
        // Not ChronoUnit.MICROS.between: it counts in nanoseconds and overflows beyond ±292 years.
        .putLong(Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L), createdAt.getNano() / 1000))
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits());
    buffer.put(checksum(buffer.array()));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
  }

  /**
   * The position a cursor token denotes.
   *
   * @throws InvalidCursorException when the token is null, empty, blank, truncated, altered in
   *     any character, or of an unknown version
   */
  public static RunPosition fromCursor(@Nullable String cursor) {
    if (cursor == null || cursor.isBlank()) {
      throw new InvalidCursorException("cursor must not be null or blank");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      throw new InvalidCursorException("cursor is not a runstore cursor token");
    }
    if (bytes.length != LENGTH
        || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(cursor)) {
      throw new InvalidCursorException("cursor is not a runstore cursor token");
    }
    if (!MessageDigest.isEqual(checksum(bytes), Arrays.copyOfRange(bytes, PAYLOAD, LENGTH))) {
      throw new InvalidCursorException("cursor token is corrupted (checksum mismatch)");
    }
    if (bytes[0] != VERSION) {
      throw new InvalidCursorException("cursor token version " + bytes[0] + " is not supported");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, PAYLOAD - 1);
    long micros = buffer.getLong();
    UUID uuid = new UUID(buffer.getLong(), buffer.getLong());
    try {
      return new RunPosition(
          Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L),
          uuid.toString());
    } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
      throw new InvalidCursorException("cursor token holds no valid position");
    }
  }

  private static byte[] checksum(byte[] token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(DOMAIN);
      sha.update(token, 0, PAYLOAD);
      return Arrays.copyOf(sha.digest(), CHECKSUM);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
