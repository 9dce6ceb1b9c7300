package dev.runstore.retention;

import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.memory.InMemoryWorkflowRunRepository;
import dev.runstore.retention.contract.RetentionContract;
import dev.runstore.retention.contract.S3TestServer;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;

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
}
