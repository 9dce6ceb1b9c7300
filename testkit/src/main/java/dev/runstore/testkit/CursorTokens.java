package dev.runstore.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Builds cursor tokens the way a future version might, to check that an unknown version with a
 * correct checksum is still refused. Mirrors the documented layout of
 * {@link dev.runstore.api.RunPosition#toCursor()}: version byte, 8 bytes of epoch microseconds,
 * 16 bytes of UUID, then the first 8 bytes of SHA-256("runstore.cursor" + those 25 bytes).
 */
final class CursorTokens {

  private CursorTokens() {}

  /** {@code token} re-signed with another version byte. */
  static String withVersion(String token, int version) {
    byte[] bytes = Base64.getUrlDecoder().decode(token);
    bytes[0] = (byte) version;
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("runstore.cursor".getBytes(StandardCharsets.US_ASCII));
      sha.update(bytes, 0, 25);
      System.arraycopy(Arrays.copyOf(sha.digest(), 8), 0, bytes, 25, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
