package dev.runstore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The four time limits of {@link RepositoryConfig}: defaults, text forms, ranges and messages. */
class RepositoryConfigTimeoutsTest {

  private static final List<String> TIMEOUTS = List.of(
      RepositoryConfig.JDBC_CONNECT_TIMEOUT, RepositoryConfig.JDBC_POOL_ACQUIRE_TIMEOUT,
      RepositoryConfig.JDBC_QUERY_TIMEOUT, RepositoryConfig.JDBC_LOCK_TIMEOUT);

  @Test
  void defaultsAreBoundedAndNotMarkedAsSet() {
    RepositoryConfig config = RepositoryConfig.builder().build();
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.poolAcquireTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.queryTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(10));
    for (String key : TIMEOUTS) {
      assertThat(config.isSet(key)).as(key).isFalse();
    }
    assertThat(config.toString()).contains(
        "runstore.jdbc.connect-timeout=10s", "runstore.jdbc.pool.acquire-timeout=10s",
        "runstore.jdbc.query-timeout=300s", "runstore.jdbc.lock-timeout=10s");
  }

  @ParameterizedTest
  @CsvSource({"500ms,PT0.5S", "10s,PT10S", "2m,PT2M", "PT15S,PT15S", "pt3s,PT3S", " 7 s ,PT7S"})
  void readsDurationsFromPropertiesAndTheEnvironment(String text, String expected) {
    Properties p = new Properties();
    p.setProperty(RepositoryConfig.JDBC_POOL_ACQUIRE_TIMEOUT, text);
    assertThat(RepositoryConfig.fromProperties(p).poolAcquireTimeout()).isEqualTo(Duration.parse(expected));
    RepositoryConfig env = RepositoryConfig.fromEnvironment(Map.of("RUNSTORE_JDBC_POOL_ACQUIRE_TIMEOUT", text));
    assertThat(env.poolAcquireTimeout()).isEqualTo(Duration.parse(expected));
    assertThat(env.isSet(RepositoryConfig.JDBC_POOL_ACQUIRE_TIMEOUT)).isTrue();
  }

  @Test
  void everyTimeoutHasItsVariableAndIsKept() {
    RepositoryConfig config = RepositoryConfig.fromEnvironment(Map.of(
        "RUNSTORE_JDBC_CONNECT_TIMEOUT", "3s",
        "RUNSTORE_JDBC_POOL_ACQUIRE_TIMEOUT", "750ms",
        "RUNSTORE_JDBC_QUERY_TIMEOUT", "0",
        "RUNSTORE_JDBC_LOCK_TIMEOUT", "2s"));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.poolAcquireTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(config.queryTimeout()).isZero();
    assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(2));
    for (String key : TIMEOUTS) {
      assertThat(config.isSet(key)).as(key).isTrue();
    }
    assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
    assertThat(config).isNotEqualTo(RepositoryConfig.builder().build());
    assertThat(config.toString()).contains("runstore.jdbc.pool.acquire-timeout=750ms", "runstore.jdbc.query-timeout=0");
  }

  @Test
  void blankMeansTheDefault() {
    RepositoryConfig config = RepositoryConfig.builder().queryTimeout(Duration.ofSeconds(4))
        .set(RepositoryConfig.JDBC_QUERY_TIMEOUT, " ").build();
    assertThat(config.queryTimeout()).isEqualTo(RepositoryConfig.DEFAULT_QUERY_TIMEOUT);
    assertThat(config.isSet(RepositoryConfig.JDBC_QUERY_TIMEOUT)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "runstore.jdbc.connect-timeout|0|must be a duration between 1s and 600s, was 0",
      "runstore.jdbc.connect-timeout|11m|must be a duration between 1s and 600s, was 660s",
      "runstore.jdbc.pool.acquire-timeout|100ms|must be a duration between 250ms and 600s, was 100ms",
      "runstore.jdbc.query-timeout|1500ms|must be 0 or whole seconds between 1s and 86400s, was 1500ms",
      "runstore.jdbc.query-timeout|25h|must be 0 or whole seconds between 1s and 86400s, was 90000s",
      "runstore.jdbc.lock-timeout|500ms|must be 0 or whole seconds between 1s and 3600s, was 500ms",
      "runstore.jdbc.lock-timeout|2h|must be 0 or whole seconds between 1s and 3600s, was 7200s",
      "runstore.jdbc.lock-timeout|10|must be a duration such as 500ms, 10s, 5m, 1h or PT10S",
      "runstore.jdbc.query-timeout|-5s|must be a duration such as 500ms, 10s, 5m, 1h or PT10S",
      "runstore.jdbc.connect-timeout|ten seconds|must be a duration such as 500ms, 10s, 5m, 1h or PT10S",
      "runstore.jdbc.connect-timeout|PT-3S|must be a duration between 1s and 600s"})
  void invalidValuesNameTheKeyItsVariableAndTheRange(String key, String value, String message) {
    Properties p = new Properties();
    p.setProperty(key, value);
    assertThatThrownBy(() -> RepositoryConfig.fromProperties(p))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageStartingWith(RepositoryConfig.describe(key))
        .hasMessageContaining(message);
    assertThatThrownBy(() -> RepositoryConfig.fromEnvironment(Map.of(RepositoryConfig.environmentVariable(key), value)))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining(RepositoryConfig.environmentVariable(key));
  }

  @Test
  void builderSettersValidateToo() {
    assertThatThrownBy(() -> RepositoryConfig.builder().lockTimeout(Duration.ofMillis(1500)))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("runstore.jdbc.lock-timeout (RUNSTORE_JDBC_LOCK_TIMEOUT)");
    assertThatThrownBy(() -> RepositoryConfig.builder().poolAcquireTimeout(Duration.ZERO))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("runstore.jdbc.pool.acquire-timeout");
    assertThat(RepositoryConfig.builder().lockTimeout(Duration.ZERO).build().lockTimeout()).isZero();
  }
}
