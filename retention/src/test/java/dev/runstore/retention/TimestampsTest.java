package dev.runstore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The archive's fast timestamp codec gives exactly the JDK's text, instants and exceptions. */
class TimestampsTest {

  private static final long MIN = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX = Instant.parse("+10100-12-31T23:59:59Z").getEpochSecond();

  @Test
  void formatsLikeTheFormatterIncludingTruncatedNanosAndYearsOutsideFourDigits() {
    Random random = new Random(11);
    List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
        Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
        Instant.parse("-0001-12-31T23:59:59.5Z"), Instant.parse("2024-02-29T12:00:00.000001Z"),
        Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.parse("2025-06-01T12:00:00.123456789Z")));
    for (int i = 0; i < 200_000; i++) {
      instants.add(Instant.ofEpochSecond(MIN + (long) (random.nextDouble() * (MAX - MIN)), random.nextInt(1_000_000_000)));
    }
    for (Instant instant : instants) {
      assertThat(Timestamps.format(instant)).as("%s", instant).isEqualTo(ArchiveFormat.TIMESTAMP.format(instant));
    }
  }

  @Test
  void parsesLikeInstantParseIncludingEveryRefusal() {
    Random random = new Random(12);
    List<String> texts = new ArrayList<>(List.of(
        "2016-12-31T23:59:60.000000Z", // leap second: the JDK's smoothing
        "2024-01-01T24:00:00.000000Z", "2023-02-29T00:00:00.000000Z", "2024-02-29T00:00:00.000000Z",
        "2024-04-31T00:00:00.000000Z", "2024-13-01T00:00:00.000000Z", "2024-00-10T00:00:00.000000Z",
        "2024-01-00T00:00:00.000000Z", "2024-01-01T00:60:00.000000Z", "2024-01-01T00:00:00.00000aZ",
        "2024-01-01t00:00:00.000000z", "2024-01-01T00:00:00.000000+", "2024-01-01T00:00:00.0000000",
        "2024-01-01T00:00:00.123456Z", "0000-01-01T00:00:00.000000Z", "9999-12-31T23:59:59.999999Z",
        "\u0662024-01-01T00:00:00.000000Z", "-024-01-01T00:00:00.000000Z", "2024-01-01T00:00:00Z",
        "+10000-01-01T00:00:00.000000Z", "", "2024-01-01T00:00:00.12345Z"));
    for (int i = 0; i < 200_000; i++) {
      Instant instant = Instant.ofEpochSecond(MIN + (long) (random.nextDouble() * (MAX - MIN)),
          random.nextInt(1_000_000) * 1000L);
      String text = ArchiveFormat.TIMESTAMP.format(instant);
      texts.add(text);
      // One character changed to another of the shape's characters: out-of-range fields, bad separators.
      char[] mutated = text.toCharArray();
      mutated[random.nextInt(mutated.length)] = "0123456789-T:.Z ".charAt(random.nextInt(16));
      texts.add(new String(mutated));
    }
    int refused = 0;
    for (String text : texts) {
      Object expected = outcome(() -> Instant.parse(text));
      assertThat(outcome(() -> Timestamps.parse(text))).as("%s", text).isEqualTo(expected);
      refused += expected instanceof String ? 1 : 0;
    }
    assertThat(refused).as("refusals compared too").isGreaterThan(1000);
  }

  /** The instant, or the exception's class and message. */
  private static Object outcome(java.util.function.Supplier<Instant> parse) {
    try {
      return parse.get();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }
}
