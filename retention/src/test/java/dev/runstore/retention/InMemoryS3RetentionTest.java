package dev.runstore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.memory.InMemoryWorkflowRunRepository;
import dev.runstore.retention.contract.RetentionContract;
import dev.runstore.retention.contract.S3TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The retention contract on the in-memory backend, archiving to an S3-compatible server started
 * inside the test (S3Proxy on 127.0.0.1), listing 100 keys per request so longer listings paginate.
 */
class InMemoryS3RetentionTest extends RetentionContract {
  private @Nullable S3TestServer server;

  @Override
  protected WorkflowRunRepository createRepository() {
    return new InMemoryWorkflowRunRepository();
  }

  @Override
  protected RunArchive createArchive(Path directory) throws Exception {
    S3TestServer started = S3TestServer.start();
    server = started;
    return started.newArchive("retention-contract", 100);
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Listings longer than one page of 100 keys come back whole, in key order. */
  @Test
  void listingsLongerThanOnePageAreComplete() throws Exception {
    try (S3TestServer own = S3TestServer.start(); RunArchive archive = own.newArchive("listing", 100)) {
      checkListing(archive);
    }
  }

  private static void checkListing(RunArchive archive) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      String key = String.format("pages/t/workflow_runs/2025-06-01/%04d.jsonl.gz", i);
      archive.put(key, new byte[] {(byte) i});
      keys.add(key);
    }
    assertThat(archive.list("pages/")).containsExactlyElementsOf(keys);
    assertThat(archive.get(keys.get(249))).hasValueSatisfying(b -> assertThat(b).containsExactly((byte) 249));
    assertThat(archive.describe()).startsWith("s3://");
  }
}
