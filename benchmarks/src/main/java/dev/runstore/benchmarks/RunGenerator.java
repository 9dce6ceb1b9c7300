package dev.runstore.benchmarks;

import dev.runstore.api.CreatorRole;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic synthetic workflow runs (seeded {@link Random}): spread over a few tenants, apps
 * and days, with JSON graph, inputs and outputs of 1–3 KB together, built from a small vocabulary
 * so they compress about as well as real prompts and answers do.
 */
public final class RunGenerator {

  /** Smallest and largest total of graph + inputs + outputs, in bytes (ASCII). */
  public static final int MIN_JSON_BYTES = 1024;

  /** See {@link #MIN_JSON_BYTES}. */
  public static final int MAX_JSON_BYTES = 3072;

  private static final String[] WORDS = (
      "the a of to and in is for on with as by at from that this it be are was answer question user "
      + "assistant model prompt context document retrieval chunk score query tool call result "
      + "workflow node edge start end llm code http request response variable template knowledge "
      + "base dataset embedding vector search rerank summary translate classify extract json "
      + "output input error retry timeout token cost latency customer order invoice refund "
      + "shipping product price discount account password reset email phone address payment "
      + "please thank you hello could would should can will not yes no maybe today tomorrow").split(" ");

  private static final String[] NODE_TYPES = {
      "start", "llm", "knowledge-retrieval", "code", "http-request", "if-else", "template-transform",
      "question-classifier", "parameter-extractor", "tool", "answer", "end"};

  private static final WorkflowRunStatus[] ENDED = {
      WorkflowRunStatus.SUCCEEDED, WorkflowRunStatus.SUCCEEDED, WorkflowRunStatus.SUCCEEDED,
      WorkflowRunStatus.SUCCEEDED, WorkflowRunStatus.SUCCEEDED, WorkflowRunStatus.SUCCEEDED,
      WorkflowRunStatus.FAILED, WorkflowRunStatus.STOPPED, WorkflowRunStatus.PARTIAL_SUCCEEDED};

  private static final TriggeredFrom[] TRIGGERS = {
      TriggeredFrom.APP_RUN, TriggeredFrom.APP_RUN, TriggeredFrom.APP_RUN, TriggeredFrom.DEBUGGING,
      TriggeredFrom.WEBHOOK, TriggeredFrom.SCHEDULE};

  private final Random random;
  private final List<String> tenants;
  private final List<List<String>> apps;
  private final List<List<String>> workflows;
  private final List<String> creators;
  private final Instant start;
  private final long spanMicros;
  private final double unfinishedShare;
  private final @Nullable TriggeredFrom fixedTrigger;

  /**
   * A generator.
   *
   * @param seed seed of every random choice: the same seed gives the same runs
   * @param tenants number of tenants (their ids come from the seed)
   * @param appsPerTenant number of apps of each tenant
   * @param start the earliest creation time
   * @param days runs are created uniformly over {@code days} days from {@code start}
   * @param unfinishedShare share of runs left running or paused (0..1); the rest are ended
   * @param fixedTrigger every run's trigger, or null for a mix (mostly app-run)
   */
  public RunGenerator(long seed, int tenants, int appsPerTenant, Instant start, int days,
      double unfinishedShare, @Nullable TriggeredFrom fixedTrigger) {
    if (tenants < 1 || appsPerTenant < 1 || days < 1 || unfinishedShare < 0 || unfinishedShare > 1) {
      throw new IllegalArgumentException("tenants, appsPerTenant and days must be positive, unfinishedShare in 0..1");
    }
    this.random = new Random(seed);
    this.tenants = new ArrayList<>();
    this.apps = new ArrayList<>();
    this.workflows = new ArrayList<>();
    for (int t = 0; t < tenants; t++) {
      this.tenants.add(uuid());
      List<String> tenantApps = new ArrayList<>();
      List<String> tenantWorkflows = new ArrayList<>();
      for (int a = 0; a < appsPerTenant; a++) {
        tenantApps.add(uuid());
        tenantWorkflows.add(uuid());
      }
      this.apps.add(tenantApps);
      this.workflows.add(tenantWorkflows);
    }
    this.creators = new ArrayList<>();
    for (int c = 0; c < 200; c++) {
      creators.add(uuid());
    }
    this.start = start;
    this.spanMicros = days * 86_400_000_000L;
    this.unfinishedShare = unfinishedShare;
    this.fixedTrigger = fixedTrigger;
  }

  /** The tenant ids, in order. */
  public List<String> tenants() {
    return List.copyOf(tenants);
  }

  /** The app ids of tenant number {@code tenant}. */
  public List<String> apps(int tenant) {
    return List.copyOf(apps.get(tenant));
  }

  /** The next run: a random tenant, app, creation time, status and payload. */
  public WorkflowRun next() {
    int t = random.nextInt(tenants.size());
    int a = random.nextInt(apps.get(t).size());
    return next(t, a);
  }

  /** The next run of a random tenant and app, created at {@code createdAt}. */
  public WorkflowRun next(Instant createdAt) {
    int t = random.nextInt(tenants.size());
    int a = random.nextInt(apps.get(t).size());
    return next(t, a, createdAt);
  }

  /** The next run of app number {@code app} of tenant number {@code tenant}. */
  public WorkflowRun next(int tenant, int app) {
    return next(tenant, app, start.plusNanos(1000 * (long) (random.nextDouble() * spanMicros)));
  }

  /** A creation time drawn uniformly from {@code [from, from + micros)}, at microsecond precision. */
  public Instant instantWithin(Instant from, long micros) {
    return from.plusNanos(1000 * (long) (random.nextDouble() * micros));
  }

  /** The next run of app number {@code app} of tenant number {@code tenant}, created at {@code createdAt}. */
  public WorkflowRun next(int tenant, int app, Instant createdAt) {
    boolean unfinished = random.nextDouble() < unfinishedShare;
    WorkflowRunStatus status = unfinished
        ? (random.nextBoolean() ? WorkflowRunStatus.RUNNING : WorkflowRunStatus.PAUSED)
        : ENDED[random.nextInt(ENDED.length)];
    double elapsed = unfinished ? 0 : 0.2 + random.nextInt(60_000) / 1000.0;
    int total = MIN_JSON_BYTES + random.nextInt(MAX_JSON_BYTES - MIN_JSON_BYTES + 1);
    int inputs = total / 10;
    int outputs = unfinished ? 0 : total * 3 / 10;
    int graph = total - inputs - outputs;
    return WorkflowRun.builder()
        .id(uuid())
        .tenantId(tenants.get(tenant))
        .appId(apps.get(tenant).get(app))
        .workflowId(workflows.get(tenant).get(app))
        .type(random.nextInt(10) == 0 ? WorkflowType.CHAT : WorkflowType.WORKFLOW)
        .triggeredFrom(fixedTrigger != null ? fixedTrigger : TRIGGERS[random.nextInt(TRIGGERS.length)])
        .version("2025-01-" + (10 + random.nextInt(20)) + " 10:00:00.000000")
        .graph(graph(graph))
        .inputs(object("inputs", inputs))
        .status(status)
        .outputs(unfinished ? null : object("outputs", outputs))
        .error(status == WorkflowRunStatus.FAILED ? "Node llm run failed: request timed out" : null)
        .elapsedTime(elapsed)
        .totalTokens(unfinished ? 0 : random.nextInt(8000))
        .totalSteps(1 + random.nextInt(12))
        .createdByRole(random.nextInt(4) == 0 ? CreatorRole.ACCOUNT : CreatorRole.END_USER)
        .createdBy(creators.get(random.nextInt(creators.size())))
        .createdAt(createdAt)
        .finishedAt(unfinished ? null : createdAt.plusMillis((long) (elapsed * 1000)))
        .exceptionsCount(status == WorkflowRunStatus.PARTIAL_SUCCEEDED ? 1 : 0)
        .build();
  }

  private static final String GRAPH_TAIL = "],\"edges\":[],\"viewport\":{\"x\":0,\"y\":0,\"zoom\":1},\"note\":\"";

  /** A Dify-like graph of exactly {@code bytes} bytes: nodes with titles, prompts and positions. */
  private String graph(int bytes) {
    StringBuilder sb = new StringBuilder(bytes + 16);
    sb.append("{\"nodes\":[");
    // The tail and the closing quote and brace always fit: a node starts only with 200 bytes to
    // spare for its fixed parts (at most ~170), and its prompt takes only what is left.
    int limit = bytes - GRAPH_TAIL.length() - 2;
    for (int n = 0; sb.length() + 200 < limit; n++) {
      if (n > 0) {
        sb.append(',');
      }
      sb.append("{\"id\":\"").append(1700000000000L + random.nextInt(1_000_000))
          .append("\",\"type\":\"custom\",\"data\":{\"type\":\"").append(NODE_TYPES[n % NODE_TYPES.length])
          .append("\",\"title\":\"").append(words(3)).append("\",\"prompt\":\"");
      int room = limit - 40 - sb.length();
      appendWords(sb, Math.max(0, Math.min(room, 80 + random.nextInt(300))));
      sb.append("\"},\"position\":{\"x\":").append(random.nextInt(2000)).append(",\"y\":")
          .append(random.nextInt(800)).append("}}");
    }
    sb.append(GRAPH_TAIL);
    padTo(sb, bytes - 2);
    return sb.append("\"}").toString();
  }

  /** {@code {"name":"words…"}} of exactly {@code bytes} bytes (at least the empty object's). */
  private String object(String name, int bytes) {
    StringBuilder sb = new StringBuilder(bytes + 16);
    sb.append("{\"").append(name).append("\":\"");
    padTo(sb, bytes - 2);
    return sb.append("\"}").toString();
  }

  private void padTo(StringBuilder sb, int length) {
    appendWords(sb, length - sb.length());
    while (sb.length() < length) {
      sb.append(' ');
    }
  }

  /** At most {@code chars} characters of words. */
  private void appendWords(StringBuilder sb, int chars) {
    int end = sb.length() + chars;
    while (true) {
      String w = WORDS[random.nextInt(WORDS.length)];
      if (sb.length() + w.length() + 1 > end) {
        return;
      }
      sb.append(w).append(' ');
    }
  }

  private String words(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }

  private String uuid() {
    // Version 4, variant 2: a canonical random UUID, but from the seeded generator.
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
