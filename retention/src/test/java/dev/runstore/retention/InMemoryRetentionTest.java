package dev.runstore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.memory.InMemoryWorkflowRunRepository;
import dev.runstore.retention.contract.RetentionContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention contract on the in-memory reference backend, archiving to a local directory. */
class InMemoryRetentionTest extends RetentionContract {
  @Override
  protected WorkflowRunRepository createRepository() {
    return new InMemoryWorkflowRunRepository();
  }

  /** The archive the contract runs with here is the local directory, written under its root. */
  @Test
  void theDefaultArchiveWritesFilesUnderTheGivenDirectory(@TempDir Path directory) throws Exception {
    try (RunArchive archive = createArchive(directory)) {
      archive.put("p/t/workflow_runs/2025-06-01/a.jsonl.gz", "x".getBytes(StandardCharsets.UTF_8));
      assertThat(directory.resolve("p/t/workflow_runs/2025-06-01/a.jsonl.gz")).isRegularFile();
      assertThat(Files.readString(directory.resolve("p/t/workflow_runs/2025-06-01/a.jsonl.gz"))).isEqualTo("x");
      assertThat(archive.list("p/")).containsExactly("p/t/workflow_runs/2025-06-01/a.jsonl.gz");
    }
  }
}
