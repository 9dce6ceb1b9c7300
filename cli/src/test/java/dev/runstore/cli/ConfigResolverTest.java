package dev.runstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.api.RepositoryConfig;
import dev.runstore.api.RepositoryConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {

  @TempDir Path dir;

  private final EmbeddedDefaults embedded = EmbeddedDefaults.standard();

  private static Map<String, @Nullable String> flags(String... pairs) {
    Map<String, @Nullable String> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private Path file(String content) throws IOException {
    Path f = dir.resolve("runstore.properties");
    Files.writeString(f, content);
    return f;
  }

  @Test
  void nothingConfiguredMeansTheEmbeddedH2Database() {
    ConfigResolver.Resolved r = ConfigResolver.resolve(flags(), null, Map.of(), embedded);
    assertThat(r.embedded()).isTrue();
    assertThat(r.config().repository()).isEqualTo("h2");
    assertThat(r.config().jdbcUrl()).isEqualTo("jdbc:h2:file:./runstore-data/runstore;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(r.config().schemaCreate()).isTrue();
    assertThat(r.sources()).containsEntry(RepositoryConfig.REPOSITORY, ConfigResolver.Source.DEFAULT);
  }

  @Test
  void embeddedUrlFollowsTheDataDirectory() {
    assertThat(EmbeddedDefaults.inDirectory(Path.of("/var/lib/runstore")).jdbcUrl())
        .isEqualTo("jdbc:h2:file:/var/lib/runstore/runstore;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(EmbeddedDefaults.inDirectory(Path.of("data")).jdbcUrl()).isEqualTo("jdbc:h2:file:./data/runstore;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(EmbeddedDefaults.standard().archiveDir()).isEqualTo(Path.of("runstore-data", "archive"));
  }

  @Test
  void flagsWinOverEnvironmentWhichWinsOverTheFile() throws IOException {
    Path f = file("""
        runstore.repository=mysql
        runstore.jdbc.url=jdbc:mysql://file/db
        runstore.jdbc.username=file-user
        runstore.jdbc.password=file-secret
        runstore.jdbc.pool.max-size=3
        unrelated.key=ignored
        """);
    Map<String, String> env = Map.of(
        "RUNSTORE_JDBC_URL", "jdbc:mysql://env/db",
        "RUNSTORE_JDBC_USERNAME", "env-user",
        "RUNSTORE_PORT", "tcp://10.0.0.1:80"); // platforms inject unknown RUNSTORE_* variables
    ConfigResolver.Resolved r = ConfigResolver.resolve(
        flags(RepositoryConfig.JDBC_USERNAME, "flag-user"), f, env, embedded);
    assertThat(r.embedded()).isFalse();
    assertThat(r.config().repository()).isEqualTo("mysql");
    assertThat(r.config().jdbcUrl()).isEqualTo("jdbc:mysql://env/db");
    assertThat(r.config().jdbcUsername()).isEqualTo("flag-user");
    assertThat(r.config().jdbcPassword()).isEqualTo("file-secret");
    assertThat(r.config().poolMaxSize()).isEqualTo(3);
    assertThat(r.config().schemaCreate()).isFalse();
    assertThat(r.sources()).containsEntry(RepositoryConfig.REPOSITORY, ConfigResolver.Source.FILE)
        .containsEntry(RepositoryConfig.JDBC_URL, ConfigResolver.Source.ENVIRONMENT)
        .containsEntry(RepositoryConfig.JDBC_USERNAME, ConfigResolver.Source.FLAG);
    assertThat(r.configFile()).isEqualTo(f);
  }

  @Test
  void theConfigFileCanComeFromTheEnvironment() throws IOException {
    Path f = file("runstore.repository=in-memory\n");
    ConfigResolver.Resolved r = ConfigResolver.resolve(
        flags(), null, Map.of(ConfigResolver.CONFIG_VARIABLE, f.toString()), embedded);
    assertThat(r.config().repository()).isEqualTo("in-memory");
    assertThat(r.embedded()).isFalse();
  }

  @Test
  void aJdbcUrlAlonePicksItsBackend() {
    assertThat(ConfigResolver.resolve(flags(RepositoryConfig.JDBC_URL, "jdbc:postgresql://h/db"), null, Map.of(), embedded)
        .config().repository()).isEqualTo("postgres");
    assertThat(ConfigResolver.resolve(flags(), null, Map.of("RUNSTORE_JDBC_URL", "jdbc:mariadb://h/db"), embedded)
        .config().repository()).isEqualTo("mysql");
    ConfigResolver.Resolved unknown =
        ConfigResolver.resolve(flags(RepositoryConfig.JDBC_URL, "jdbc:oracle:thin:@h"), null, Map.of(), embedded);
    assertThat(unknown.config().repository()).isNull();
    assertThat(unknown.embedded()).isFalse();
  }

  @Test
  void theEmbeddedBackendAloneGetsTheEmbeddedUrl() {
    ConfigResolver.Resolved r =
        ConfigResolver.resolve(flags(RepositoryConfig.REPOSITORY, "h2"), null, Map.of(), embedded);
    assertThat(r.embedded()).isTrue();
    assertThat(r.config().jdbcUrl()).isEqualTo(embedded.jdbcUrl());
    assertThat(r.config().schemaCreate()).isTrue();
    ConfigResolver.Resolved noCreate = ConfigResolver.resolve(
        flags(RepositoryConfig.REPOSITORY, "h2", RepositoryConfig.SCHEMA_CREATE, "false"), null, Map.of(), embedded);
    assertThat(noCreate.config().schemaCreate()).isFalse();
  }

  @Test
  void unknownKeysInTheFileAreNamed() throws IOException {
    Path f = file("runstore.repository=postgres\nrunstore.jdbc.uri=oops\n");
    assertThatThrownBy(() -> ConfigResolver.resolve(flags(), f, Map.of(), embedded))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("runstore.jdbc.uri")
        .hasMessageContaining(f.toString());
  }

  @Test
  void invalidValuesNameTheirSource() throws IOException {
    Path f = file("runstore.jdbc.pool.max-size=lots\n");
    assertThatThrownBy(() -> ConfigResolver.resolve(flags(), f, Map.of(), embedded))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("runstore.jdbc.pool.max-size");
    assertThatThrownBy(() -> ConfigResolver.resolve(
            flags(), null, Map.of("RUNSTORE_SCHEMA_CREATE", "maybe"), embedded))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("RUNSTORE_SCHEMA_CREATE");
  }

  @Test
  void aMissingFileIsAConfigurationError() {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> ConfigResolver.resolve(flags(), missing, Map.of(), embedded))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("config file not found")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void s3SettingsComeFromFileAndEnvironment() throws IOException {
    Path f = file("runstore.s3.endpoint=http://minio:9000\nrunstore.s3.region=eu-west-1\n");
    ConfigResolver.Resolved r = ConfigResolver.resolve(
        flags(), f, Map.of("RUNSTORE_S3_REGION", "ap-east-1", "RUNSTORE_S3_ACCESS_KEY", "ak"), embedded);
    assertThat(r.get(ConfigResolver.S3_ENDPOINT)).isEqualTo("http://minio:9000");
    assertThat(r.get(ConfigResolver.S3_REGION)).isEqualTo("ap-east-1");
    assertThat(r.get(ConfigResolver.S3_ACCESS_KEY)).isEqualTo("ak");
    assertThat(r.get(ConfigResolver.S3_SECRET_KEY)).isNull();
  }

  @Test
  void timeoutsComeFromFlagsTheEnvironmentAndTheFile() throws IOException {
    Path f = file("""
        runstore.jdbc.url=jdbc:postgresql://file/db
        runstore.jdbc.connect-timeout=4s
        runstore.jdbc.lock-timeout=3s
        runstore.jdbc.query-timeout=30s
        """);
    ConfigResolver.Resolved r = ConfigResolver.resolve(
        flags(RepositoryConfig.JDBC_LOCK_TIMEOUT, "2s"), f,
        Map.of("RUNSTORE_JDBC_POOL_ACQUIRE_TIMEOUT", "1500ms", "RUNSTORE_JDBC_QUERY_TIMEOUT", "0"), embedded);
    assertThat(r.config().connectTimeout()).hasSeconds(4);
    assertThat(r.config().poolAcquireTimeout()).hasMillis(1500);
    assertThat(r.config().queryTimeout()).isZero();
    assertThat(r.config().lockTimeout()).hasSeconds(2);
    assertThat(r.sources())
        .containsEntry(RepositoryConfig.JDBC_LOCK_TIMEOUT, ConfigResolver.Source.FLAG)
        .containsEntry(RepositoryConfig.JDBC_QUERY_TIMEOUT, ConfigResolver.Source.ENVIRONMENT)
        .containsEntry(RepositoryConfig.JDBC_CONNECT_TIMEOUT, ConfigResolver.Source.FILE);
  }

  @Test
  void anInvalidTimeoutFlagNamesTheKeyAndTheRange() {
    assertThatThrownBy(() -> ConfigResolver.resolve(
            flags(RepositoryConfig.JDBC_LOCK_TIMEOUT, "250ms", RepositoryConfig.JDBC_URL, "jdbc:postgresql://h/db"),
            null, Map.of(), embedded))
        .isInstanceOf(RepositoryConfigurationException.class)
        .hasMessageContaining("runstore.jdbc.lock-timeout")
        .hasMessageContaining("whole seconds between 1s and 3600s");
  }
}
