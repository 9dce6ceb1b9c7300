package dev.runstore.testkit;

import dev.runstore.api.CreatorRole;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Test data: random UUIDs and valid runs. Tests call {@link #newId()} for the tenant and app they
 * work in, so they never see one another's runs.
 */
public final class TestRuns {

  /** A fixed instant tests build their timelines from (microsecond precision). */
  public static final Instant BASE = Instant.parse("2025-06-01T12:00:00.123456Z");

  /** Later than every run tests create: {@code getExpiredRunsBatch(tenant, FAR_FUTURE, n)} lists all of a tenant's runs. */
  public static final Instant FAR_FUTURE = Instant.parse("9000-01-01T00:00:00Z");

  private TestRuns() {}

  /** A new random UUID string. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** A UUID string drawn from {@code random}, for seeded sequences. */
  public static String newId(Random random) {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  /**
   * A builder for a valid, finished {@code app-run} run of {@code (tenantId, appId)} created at
   * {@link #BASE}; change what the test is about.
   */
  public static WorkflowRun.Builder run(String tenantId, String appId) {
    return WorkflowRun.builder()
        .id(newId())
        .tenantId(tenantId)
        .appId(appId)
        .workflowId(newId())
        .type(WorkflowType.WORKFLOW)
        .triggeredFrom(TriggeredFrom.APP_RUN)
        .version("draft")
        .graph("{\"nodes\":[],\"edges\":[]}")
        .inputs("{\"query\":\"hello\"}")
        .status(WorkflowRunStatus.SUCCEEDED)
        .outputs("{\"answer\":\"world\"}")
        .error(null)
        .elapsedTime(1.5)
        .totalTokens(42)
        .totalSteps(3)
        .createdByRole(CreatorRole.ACCOUNT)
        .createdBy(newId())
        .createdAt(BASE)
        .finishedAt(BASE.plusMillis(1500))
        .exceptionsCount(0);
  }

  /** A valid run of {@code (tenantId, appId, trigger)} created at {@code createdAt}. */
  public static WorkflowRun run(String tenantId, String appId, TriggeredFrom trigger, Instant createdAt) {
    return run(tenantId, appId).triggeredFrom(trigger).createdAt(createdAt).finishedAt(createdAt.plusSeconds(2)).build();
  }

  /** The listing order of {@code getPaginatedWorkflowRuns}: {@code (createdAt DESC, id DESC)}. */
  public static final Comparator<WorkflowRun> NEWEST_FIRST =
      Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id).reversed();

  /** The order of {@code getExpiredRunsBatch}: {@code (createdAt, id)}. */
  public static final Comparator<WorkflowRun> OLDEST_FIRST =
      Comparator.comparing(WorkflowRun::createdAt).thenComparing(WorkflowRun::id);

  /** Saves each run, in the given order. */
  public static void saveAll(WorkflowRunRepository repository, Collection<WorkflowRun> runs) {
    for (WorkflowRun run : runs) {
      repository.save(run);
    }
  }

  /** {@code runs} sorted by {@code order}, as a new list. */
  public static List<WorkflowRun> sorted(Collection<WorkflowRun> runs, Comparator<WorkflowRun> order) {
    List<WorkflowRun> copy = new ArrayList<>(runs);
    copy.sort(order);
    return copy;
  }

  /**
   * Every page of a listing, from the first until {@code hasMore} is false, each next page asked
   * with the last id of the page before. Fails after {@code maxPages} pages (a cursor that never
   * advances would otherwise loop forever).
   */
  public static List<InfiniteScrollPagination<WorkflowRun>> walkPages(
      WorkflowRunRepository repository, String tenantId, String appId, TriggeredFrom trigger,
      int limit, int maxPages) {
    List<InfiniteScrollPagination<WorkflowRun>> pages = new ArrayList<>();
    @Nullable String lastId = null;
    while (true) {
      if (pages.size() == maxPages) {
        throw new AssertionError("listing did not end within " + maxPages + " pages of " + limit);
      }
      InfiniteScrollPagination<WorkflowRun> page =
          repository.getPaginatedWorkflowRuns(tenantId, appId, trigger, limit, lastId);
      pages.add(page);
      if (!page.hasMore() || page.data().isEmpty()) {
        return pages;
      }
      lastId = page.data().get(page.data().size() - 1).id();
    }
  }

  /** The runs of {@link #walkPages} pages, concatenated. */
  public static List<WorkflowRun> concat(List<InfiniteScrollPagination<WorkflowRun>> pages) {
    List<WorkflowRun> all = new ArrayList<>();
    pages.forEach(p -> all.addAll(p.data()));
    return all;
  }

  /**
   * A run with every component drawn from {@code random}: any type, trigger, status and role,
   * optional text null or not, microsecond timestamps around {@link #BASE}.
   */
  public static WorkflowRun randomRun(Random random, String tenantId, String appId) {
    WorkflowRunStatus status = pick(random, WorkflowRunStatus.values());
    Instant createdAt = BASE.plus(random.nextInt(1_000_000), ChronoUnit.MICROS)
        .plusSeconds(random.nextInt(100_000) - 50_000);
    return WorkflowRun.builder()
        .id(newId(random))
        .tenantId(tenantId)
        .appId(appId)
        .workflowId(newId(random))
        .type(pick(random, WorkflowType.values()))
        .triggeredFrom(pick(random, TriggeredFrom.values()))
        .version(random.nextBoolean() ? "draft" : "2025-06-01 12:00:00." + random.nextInt(1000))
        .graph(random.nextInt(5) == 0 ? null : "{\"n\":" + random.nextInt() + "}")
        .inputs(random.nextInt(5) == 0 ? null : "{\"q\":\"" + random.nextInt(1000) + "\"}")
        .status(status)
        .outputs(random.nextInt(3) == 0 ? null : "{\"o\":" + random.nextDouble() + "}")
        .error(status == WorkflowRunStatus.FAILED ? "boom " + random.nextInt(100) : null)
        .elapsedTime(random.nextInt(100_000) / 1000.0)
        .totalTokens(random.nextInt(10) == 0 ? (1L << 31) + random.nextInt(1000) : random.nextInt(5000))
        .totalSteps(random.nextInt(50))
        .createdByRole(pick(random, CreatorRole.values()))
        .createdBy(newId(random))
        .createdAt(createdAt)
        .finishedAt(status.isEnded() ? createdAt.plusMillis(random.nextInt(60_000)) : null)
        .exceptionsCount(random.nextInt(3))
        .build();
  }

  /** A seed for a randomized test: {@code -Drunstore.test.seed=N} or a fresh one (printed). */
  public static long seed() {
    String configured = System.getProperty("runstore.test.seed");
    long seed = configured != null ? Long.parseLong(configured) : ThreadLocalRandom.current().nextLong();
    System.out.println("runstore.test.seed=" + seed);
    return seed;
  }

  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }
}
