package dev.runstore.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.testkit.TestRuns;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The console endpoint over HTTP, on an embedded PostgreSQL: every run once, newest first, by cursor. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunsControllerTest {

  private static final EmbeddedPostgres POSTGRES = start();

  private static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }

  @DynamicPropertySource
  static void dataSource(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
  }

  @AfterAll
  static void stop() throws IOException {
    POSTGRES.close();
  }

  @LocalServerPort int port;
  @Autowired WorkflowRunRepository repository;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();

  private HttpResponse<String> get(String tenant, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("X-Tenant-Id", tenant).timeout(Duration.ofSeconds(10)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void pagesAnAppsRunsNewestFirstWithNextCursorUntilTheLastPage() throws Exception {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    Instant t0 = Instant.parse("2025-06-01T00:00:00Z");
    for (int i = 0; i < 7; i++) {
      // Pairs share a creation time: the cursor must neither skip nor repeat them.
      repository.save(TestRuns.run(tenant, app).createdAt(t0.plusSeconds(i / 2)).build());
    }
    repository.save(TestRuns.run(TestRuns.newId(), app).build()); // another tenant's run: never listed
    List<String> expected = repository.getPaginatedWorkflowRuns(
            dev.runstore.api.RunListQuery.builder(tenant, app).limit(100).build())
        .data().stream().map(WorkflowRun::id).toList();
    assertThat(expected).hasSize(7);

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      HttpResponse<String> response = get(tenant,
          "/apps/" + app + "/workflow-runs?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode page = json.readTree(response.body());
      page.get("data").forEach(run -> seen.add(run.get("id").asString()));
      JsonNode next = page.get("next_cursor");
      cursor = next == null || next.isNull() ? null : next.asString();
      assertThat(page.get("has_more").asBoolean()).isEqualTo(cursor != null);
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void filtersByStatusAndRejectsATamperedCursorWith400() throws Exception {
    String tenant = TestRuns.newId();
    String app = TestRuns.newId();
    WorkflowRun failed = TestRuns.run(tenant, app).status(WorkflowRunStatus.FAILED).error("boom").build();
    repository.save(failed);
    repository.save(TestRuns.run(tenant, app).status(WorkflowRunStatus.SUCCEEDED).build());

    JsonNode page = json.readTree(get(tenant, "/apps/" + app + "/workflow-runs?status=failed").body());
    assertThat(page.get("data")).hasSize(1);
    assertThat(page.get("data").get(0).get("id").asString()).isEqualTo(failed.id());
    assertThat(page.get("data").get(0).get("error").asString()).isEqualTo("boom");
    assertThat(page.get("next_cursor").isNull()).isTrue();

    HttpResponse<String> tampered = get(tenant, "/apps/" + app + "/workflow-runs?cursor=AQAGYS1Up5Cant6YUCfaYiGiseQ4EfsWtiVz82c2aadX");
    assertThat(tampered.statusCode()).isEqualTo(400);
    assertThat(json.readTree(tampered.body()).get("error").asString()).containsIgnoringCase("cursor");
  }
}
