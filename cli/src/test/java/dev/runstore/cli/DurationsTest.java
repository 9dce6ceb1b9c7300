package dev.runstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "30d, PT720H",
    "12h, PT12H",
    "90m, PT1H30M",
    "45s, PT45S",
    "500ms, PT0.5S",
    "1d12h, PT36H",
    "1h30m, PT1H30M",
    "0d, PT0S",
    "PT1H, PT1H",
    "pt15m, PT15M",
    "P30D, PT720H",
    "' 7d ', PT168H",
    "2H, PT2H",
  })
  void parsesUnitsAndIso(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "30", "d", "30x", "30 d", "1.5h", "-1d", "PT-1H", "-PT1H", "P", "1h 30m", "h1", "30dd"})
  void rejectsOtherForms(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text.trim().isEmpty() ? "invalid duration" : text);
  }

  @Test
  void formatsForHumans() {
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250 ms");
    assertThat(Durations.format(Duration.ofMillis(1250))).isEqualTo("1.3 s");
    assertThat(Durations.format(Duration.ofSeconds(184))).isEqualTo("3 min 4 s");
    assertThat(Durations.format(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
  }
}
