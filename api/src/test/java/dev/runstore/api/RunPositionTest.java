package dev.runstore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunPositionTest {

  @Test
  void roundTripsAcrossTheWholeStorableRange() {
    for (Instant at : new Instant[] {
        Checks.MIN_INSTANT, Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.EPOCH,
        Instant.parse("2025-06-01T12:00:00.123456Z"), Checks.MAX_INSTANT}) {
      RunPosition p = new RunPosition(at, UUID.randomUUID().toString());
      String token = p.toCursor();
      assertThat(token).hasSize(44).matches("[A-Za-z0-9_-]+");
      assertThat(RunPosition.fromCursor(token)).isEqualTo(p);
    }
  }

  @Test
  void truncatesAndNormalizes() {
    String id = UUID.randomUUID().toString();
    RunPosition p = new RunPosition(Instant.parse("2025-06-01T12:00:00.123456789Z"), id.toUpperCase());
    assertThat(p.createdAt()).isEqualTo(Instant.parse("2025-06-01T12:00:00.123456Z"));
    assertThat(p.id()).isEqualTo(id);
  }

  @Test
  void rejectsGarbage() {
    for (String bad : new String[] {"", " ", "abc", "A".repeat(44), "A".repeat(43) + "="}) {
      assertThatThrownBy(() -> RunPosition.fromCursor(bad)).isInstanceOf(InvalidCursorException.class);
    }
    assertThatThrownBy(() -> RunPosition.fromCursor(null)).isInstanceOf(InvalidCursorException.class);
    assertThatThrownBy(() -> new RunPosition(Instant.EPOCH, "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
