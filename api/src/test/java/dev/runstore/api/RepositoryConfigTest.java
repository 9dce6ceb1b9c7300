package dev.runstore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@link RepositoryConfig}: the three ways to build it, defaults, validation and messages. */
class RepositoryConfigTest {

  private static Properties properties(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  @Test
  void defaultsWhenNothingIsSet() {
    for (RepositoryConfig config : List.of(
        RepositoryConfig.builder().build(),
        RepositoryConfig.fromProperties(new Properties()),
        RepositoryConfig.fromEnvironment(Map.of()))) {
      assertThat(config.repository()).isNull();
      assertThat(config.jdbcUrl()).isNull();
      assertThat(config.jdbcUsername()).isNull();
      assertThat(config.jdbcPassword()).isNull();
      assertThat(config.poolMaxSize()).isEqualTo(10).isEqualTo(RepositoryConfig.DEFAULT_POOL_MAX_SIZE);
      assertThat(config.schemaCreate()).isFalse();
    }
  }

  @Test
  void readsEveryPropertyAndIgnoresOtherKeys() {
    RepositoryConfig config = RepositoryConfig.fromProperties(properties(
        "runstore.repository", " postgres ",
        "runstore.jdbc.url", "jdbc:postgresql://localhost/test",
        "runstore.jdbc.username", "app",
        "runstore.jdbc.password", "s3cret",
        "runstore.jdbc.pool.max-size", "25",
        "runstore.schema.create", "TRUE",
        "spring.datasource.url", "jdbc:other",
        "runstorex.unknown", "ignored"));

    assertThat(config.repository()).isEqualTo("postgres");
    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/test");
    assertThat(config.jdbcUsername()).isEqualTo("app");
    assertThat(config.jdbcPassword()).isEqualTo("s3cret");
    assertThat(config.poolMaxSize()).isEqualTo(25);
    assertThat(config.schemaCreate()).isTrue();
  }

  @Test
  void readsEveryEnvironmentVariableAndIgnoresOthers() {
    Map<String, String> env = new HashMap<>();
    env.put("RUNSTORE_REPOSITORY", "mysql");
    env.put("RUNSTORE_JDBC_URL", "jdbc:mysql://localhost/test");
    env.put("RUNSTORE_JDBC_USERNAME", "root");
    env.put("RUNSTORE_JDBC_PASSWORD", "pw");
    env.put("RUNSTORE_JDBC_POOL_MAX_SIZE", "3");
    env.put("RUNSTORE_SCHEMA_CREATE", "false");
    // Platforms inject variables of their own under the prefix (Kubernetes service links).
    env.put("RUNSTORE_PORT", "tcp://10.0.0.1:80");
    env.put("HOME", "/root");

    RepositoryConfig config = RepositoryConfig.fromEnvironment(env);

    assertThat(config.repository()).isEqualTo("mysql");
    assertThat(config.jdbcUrl()).isEqualTo("jdbc:mysql://localhost/test");
    assertThat(config.jdbcUsername()).isEqualTo("root");
    assertThat(config.jdbcPassword()).isEqualTo("pw");
    assertThat(config.poolMaxSize()).isEqualTo(3);
    assertThat(config.schemaCreate()).isFalse();
  }

  @Test
  void unknownRunstorePropertyIsRejectedByName() {
    assertThatThrownBy(() -> RepositoryConfig.fromProperties(properties(
            "runstore.repository", "in-memory", "runstore.jdbc.pool.maxsize", "5")))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("runstore.jdbc.pool.maxsize")
        .hasMessageContaining("runstore.jdbc.pool.max-size");
    assertThatThrownBy(() -> RepositoryConfig.builder().set("runstore.typo", "x"))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("runstore.typo");
  }

  @Test
  void poolMaxSizeAcceptsOneToOneThousand() {
    assertThat(RepositoryConfig.fromProperties(properties("runstore.jdbc.pool.max-size", "1")).poolMaxSize())
        .isEqualTo(1);
    assertThat(RepositoryConfig.fromProperties(properties("runstore.jdbc.pool.max-size", "1000")).poolMaxSize())
        .isEqualTo(1000);
    assertThat(RepositoryConfig.fromEnvironment(Map.of("RUNSTORE_JDBC_POOL_MAX_SIZE", " 7 ")).poolMaxSize())
        .isEqualTo(7);
    assertThat(RepositoryConfig.builder().poolMaxSize(1000).build().poolMaxSize()).isEqualTo(1000);
  }

  @Test
  void poolMaxSizeOutOfRangeOrNotANumberNamesPropertyVariableAndRange() {
    for (String value : List.of("0", "1001", "-1", "abc", "1.5", "99999999999")) {
      assertThatThrownBy(() -> RepositoryConfig.fromProperties(properties("runstore.jdbc.pool.max-size", value)))
          .as(value)
          .isInstanceOf(RepositoryConfigurationException.class)
          .hasMessageContaining("runstore.jdbc.pool.max-size")
          .hasMessageContaining("RUNSTORE_JDBC_POOL_MAX_SIZE")
          .hasMessageContaining("1 and 1000")
          .hasMessageContaining(value);
      assertThatThrownBy(() -> RepositoryConfig.fromEnvironment(Map.of("RUNSTORE_JDBC_POOL_MAX_SIZE", value)))
          .as(value)
          .isInstanceOf(RepositoryConfigurationException.class)
          .hasMessageContaining("RUNSTORE_JDBC_POOL_MAX_SIZE");
    }
    for (int value : new int[] {0, 1001, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> RepositoryConfig.builder().poolMaxSize(value))
          .isInstanceOf(RepositoryConfigurationException.class)
          .hasMessageContaining("runstore.jdbc.pool.max-size")
          .hasMessageContaining("RUNSTORE_JDBC_POOL_MAX_SIZE")
          .hasMessageContaining("1 and 1000");
    }
  }

  @Test
  void schemaCreateIsTrueOrFalseIgnoringCase() {
    assertThat(RepositoryConfig.fromProperties(properties("runstore.schema.create", "true")).schemaCreate()).isTrue();
    assertThat(RepositoryConfig.fromProperties(properties("runstore.schema.create", "True")).schemaCreate()).isTrue();
    assertThat(RepositoryConfig.fromProperties(properties("runstore.schema.create", "FALSE")).schemaCreate()).isFalse();
    assertThat(RepositoryConfig.fromProperties(properties("runstore.schema.create", "")).schemaCreate()).isFalse();
    assertThat(RepositoryConfig.fromEnvironment(Map.of("RUNSTORE_SCHEMA_CREATE", "true")).schemaCreate()).isTrue();
    for (String value : List.of("yes", "1", "on", "tru")) {
      assertThatThrownBy(() -> RepositoryConfig.fromProperties(properties("runstore.schema.create", value)))
          .as(value)
          .isInstanceOf(RepositoryConfigurationException.class)
          .hasMessageContaining("runstore.schema.create")
          .hasMessageContaining("RUNSTORE_SCHEMA_CREATE")
          .hasMessageContaining("'" + value + "'");
    }
  }

  @Test
  void blankRepositoryAndUrlMeanNotSet() {
    RepositoryConfig config = RepositoryConfig.fromProperties(properties(
        "runstore.repository", "  ", "runstore.jdbc.url", ""));

    assertThat(config.repository()).isNull();
    assertThat(config.jdbcUrl()).isNull();
  }

  @Test
  void requireJdbcUrlNamesPropertyAndVariable() {
    assertThatThrownBy(() -> RepositoryConfig.builder().build().requireJdbcUrl("postgres"))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("runstore.jdbc.url")
        .hasMessageContaining("RUNSTORE_JDBC_URL")
        .hasMessageContaining("postgres");
    assertThat(RepositoryConfig.builder().jdbcUrl("jdbc:x").build().requireJdbcUrl("postgres")).isEqualTo("jdbc:x");
  }

  @Test
  void passwordIsMaskedInToString() {
    RepositoryConfig config = RepositoryConfig.builder()
        .repository("postgres")
        .jdbcUrl("jdbc:postgresql://db/app")
        .jdbcUsername("app")
        .jdbcPassword("hunter2-very-secret")
        .build();

    assertThat(config.toString())
        .doesNotContain("hunter2-very-secret")
        .contains("****")
        .contains("postgres")
        .contains("jdbc:postgresql://db/app")
        .contains("app");
    assertThat(RepositoryConfig.builder().build().toString()).doesNotContain("****");
  }

  @Test
  void builderAndToBuilderRoundTripAndEquality() {
    RepositoryConfig config = RepositoryConfig.builder()
        .repository("mysql")
        .jdbcUrl("jdbc:mysql://db/app")
        .jdbcUsername("u")
        .jdbcPassword("p")
        .poolMaxSize(42)
        .schemaCreate(true)
        .build();

    RepositoryConfig copy = config.toBuilder().build();
    assertThat(copy).isEqualTo(config).hasSameHashCodeAs(config);
    assertThat(config.toBuilder().poolMaxSize(43).build()).isNotEqualTo(config);
    assertThat(RepositoryConfig.fromProperties(properties(
            "runstore.repository", "mysql",
            "runstore.jdbc.url", "jdbc:mysql://db/app",
            "runstore.jdbc.username", "u",
            "runstore.jdbc.password", "p",
            "runstore.jdbc.pool.max-size", "42",
            "runstore.schema.create", "true")))
        .isEqualTo(config);
  }

  @Test
  void environmentVariableNamesFollowTheProperties() {
    assertThat(RepositoryConfig.environmentVariable("runstore.jdbc.pool.max-size")).isEqualTo("RUNSTORE_JDBC_POOL_MAX_SIZE");
    assertThat(RepositoryConfig.environmentVariable(RepositoryConfig.REPOSITORY)).isEqualTo("RUNSTORE_REPOSITORY");
    assertThat(RepositoryConfig.describe(RepositoryConfig.SCHEMA_CREATE))
        .isEqualTo("runstore.schema.create (RUNSTORE_SCHEMA_CREATE)");
  }

  @Test
  void shardingIsReadFromPropertiesAndEnvironmentAndCheckedByName() {
    assertThat(RepositoryConfig.builder().build().sharding()).isEqualTo(RepositoryConfig.Sharding.AUTO);
    assertThat(RepositoryConfig.builder().build().isSet(RepositoryConfig.JDBC_SHARDING)).isFalse();
    RepositoryConfig forced = RepositoryConfig.fromProperties(properties("runstore.jdbc.sharding", " ShardingSphere "));
    assertThat(forced.sharding()).isEqualTo(RepositoryConfig.Sharding.SHARDINGSPHERE);
    assertThat(forced.isSet(RepositoryConfig.JDBC_SHARDING)).isTrue();
    assertThat(forced.toString()).contains("runstore.jdbc.sharding=shardingsphere");
    assertThat(forced.toBuilder().build()).isEqualTo(forced);
    assertThat(RepositoryConfig.fromEnvironment(Map.of("RUNSTORE_JDBC_SHARDING", "none")).sharding())
        .isEqualTo(RepositoryConfig.Sharding.NONE);
    assertThatThrownBy(() -> RepositoryConfig.fromProperties(properties("runstore.jdbc.sharding", "sometimes")))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("runstore.jdbc.sharding (RUNSTORE_JDBC_SHARDING)")
        .hasMessageContaining("auto, none or shardingsphere")
        .hasMessageContaining("'sometimes'");
  }
}
