package dev.runstore.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryArchiveTest {

  @TempDir Path root;

  @Test
  void putsGetsOverwritesAndListsByPrefix() {
    LocalDirectoryArchive archive = new LocalDirectoryArchive(root.resolve("new/archive"));
    archive.put("p/a/2024-01-01/x.jsonl.gz", bytes("one"));
    archive.put("p/a/2024-01-02/y.manifest.json", bytes("two"));
    archive.put("p/b/z", bytes("three"));
    archive.put("p/a/2024-01-01/x.jsonl.gz", bytes("one again"));

    assertThat(archive.get("p/a/2024-01-01/x.jsonl.gz")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("one again")));
    assertThat(archive.get("p/a/missing")).isEmpty();
    assertThat(archive.list("p/a/")).containsExactly("p/a/2024-01-01/x.jsonl.gz", "p/a/2024-01-02/y.manifest.json");
    assertThat(archive.list("p/")).hasSize(3);
    assertThat(archive.list("")).hasSize(3);
    assertThat(archive.list("p/a/2024-01-0")).hasSize(2);
    assertThat(archive.list("q/")).isEmpty();
  }

  @Test
  void leavesNoTemporaryFilesAndIgnoresStaleOnes() throws IOException {
    LocalDirectoryArchive archive = new LocalDirectoryArchive(root);
    archive.put("t/file", bytes("x"));
    Files.writeString(root.resolve("t/.file.1234.tmp"), "half-written by a killed process");

    try (var files = Files.list(root.resolve("t"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("file", ".file.1234.tmp");
    }
    assertThat(archive.list("")).containsExactly("t/file");
  }

  @Test
  void rejectsKeysThatEscapeOrAreHidden() {
    LocalDirectoryArchive archive = new LocalDirectoryArchive(root);
    for (String key : new String[] {"../x", "a/../../x", "/abs", "a//b", "a/.hidden", "", "a/b c", "a\\b"}) {
      assertThatThrownBy(() -> archive.put(key, bytes("x"))).as(key).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> archive.get(key)).as(key).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void reportsStorageFailuresAsArchiveExceptions() throws IOException {
    LocalDirectoryArchive archive = new LocalDirectoryArchive(root);
    Files.writeString(root.resolve("blocker"), "a file where a directory should be");

    assertThatThrownBy(() -> archive.put("blocker/x", bytes("x")))
        .isInstanceOf(ArchiveException.class).hasMessageContaining("blocker/x");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
