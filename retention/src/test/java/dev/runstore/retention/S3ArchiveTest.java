package dev.runstore.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runstore.retention.contract.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/** {@link S3Archive} against an S3-compatible server started inside the test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ArchiveTest {

  private S3TestServer server;

  @BeforeAll
  void start() throws Exception {
    server = S3TestServer.start();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void putsGetsOverwritesAndKeepsTheChecksumAsMetadata() {
    try (S3Archive archive = server.newArchive("put-get", 1000)) {
      archive.put("p/a/x.jsonl.gz", bytes("one"));
      archive.put("p/a/x.jsonl.gz", bytes("one, again"));

      assertThat(archive.get("p/a/x.jsonl.gz")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("one, again")));
      assertThat(archive.get("p/a/missing")).isEmpty();
      assertThat(archive.describe()).isEqualTo("s3://put-get");
    }
    try (S3Client client = S3Client.builder()
        .endpointOverride(server.endpoint()).forcePathStyle(true)
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
        .build()) {
      assertThat(client.headObject(HeadObjectRequest.builder().bucket("put-get").key("p/a/x.jsonl.gz").build())
              .metadata())
          .containsEntry("sha256", Hashes.sha256Hex(bytes("one, again")));
    }
  }

  @Test
  void listsEveryKeyOfAPrefixAcrossPagesInOrder() {
    try (S3Archive archive = server.newArchive("listing", 2)) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        keys.add("p/t/2024-01-0" + (i % 3 + 1) + "/f" + i);
      }
      for (String key : keys) {
        archive.put(key, bytes(key));
      }
      archive.put("q/other", bytes("x"));
      keys.sort(null);

      assertThat(archive.list("p/")).containsExactlyElementsOf(keys);
      assertThat(archive.list("p/t/2024-01-02/")).hasSize(3);
      assertThat(archive.list("")).hasSize(10);
      assertThat(archive.list("nothing/")).isEmpty();
    }
  }

  @Test
  void failuresAreArchiveExceptionsNamingTheKey() {
    try (S3Archive archive = S3Archive.builder().endpoint(server.endpoint()).pathStyle(true)
        .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).bucket("no-such-bucket").build()) {
      assertThatThrownBy(() -> archive.put("p/x", bytes("x")))
          .isInstanceOf(ArchiveException.class).hasMessageContaining("s3://no-such-bucket/p/x");
    }
    try (S3Archive archive = S3Archive.builder().endpoint(server.endpoint()).pathStyle(true)
        .credentials(S3TestServer.ACCESS_KEY, "wrong-secret").bucket("put-get").build()) {
      assertThatThrownBy(() -> archive.get("p/x")).isInstanceOf(ArchiveException.class);
    }
    assertThatThrownBy(() -> S3Archive.builder().build()).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
