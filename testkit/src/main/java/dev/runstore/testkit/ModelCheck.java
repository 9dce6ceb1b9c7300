package dev.runstore.testkit;

import dev.runstore.api.Checks;
import dev.runstore.api.CreatorRole;
import dev.runstore.api.ExecutionContext;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.InvalidCursorException;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowExecution;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One seeded run of random operations against a repository and a {@link SimpleRunModel} side by
 * side; every result and every exception type must agree.
 *
 * <p>Reproducible: the seed decides every operation, argument and the order of all run ids. Run
 * ids are {@code UUID(seeded 64 bits, per-execution salt)}: the seeded high half fixes the order
 * of ids (which decides pages among runs with equal {@code createdAt}), while the salt keeps ids
 * unique when the same seed runs again on a database that still holds the previous execution's
 * rows. Tenant and app ids are fresh random UUIDs; they only filter, never order.
 */
final class ModelCheck {

  /** Triggers most runs use, so that listings hold enough runs to page through. */
  private static final TriggeredFrom[] COMMON_TRIGGERS = {
    TriggeredFrom.APP_RUN, TriggeredFrom.DEBUGGING, TriggeredFrom.WEBHOOK
  };

  private static final String[] MALFORMED_IDS = {
    "not-a-uuid", "", "12345678-1234-1234-1234-12345678901", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
    "' OR '1'='1", "00000000-0000-0000-0000-000000000000-0"
  };

  private static final String[] TEXTS = {
    "{}", "{\"a\":1}", "[]", "", Texts.unicodeJson(), "{\"x\":\"\\u0000\\\"\"}", "  {\n\t\"k\" : [1, 2]\n}  "
  };

  private final WorkflowRunRepository repo;
  private final Random random;
  private final long salt = ThreadLocalRandom.current().nextLong();
  private final SimpleRunModel model = new SimpleRunModel();

  private final List<String> tenants = new ArrayList<>();
  private final List<String> apps = new ArrayList<>();
  private final List<Instant> instants = new ArrayList<>();
  private final List<String> deletedIds = new ArrayList<>();
  /** Last id of the last page read per listing, to continue from. */
  private final Map<String, String> continuations = new HashMap<>();
  private final StepTrail trail;

  ModelCheck(WorkflowRunRepository repo, long seed, int steps) {
    this.repo = repo;
    this.random = new Random(seed);
    this.trail = new StepTrail("randomized model check", seed, steps, 12);
    for (int i = 0; i < 3; i++) {
      tenants.add(TestRuns.newId());
    }
    // The same app ids under every tenant: tenant isolation must not rely on app ids being unique.
    for (int i = 0; i < 2; i++) {
      apps.add(TestRuns.newId());
    }
    // Few distinct instants, so that many runs share createdAt and ids break the ties.
    Instant base = TestRuns.BASE;
    for (int i = 0; i < 6; i++) {
      instants.add(base.plusSeconds(i * 3600L));
    }
    instants.add(base.plus(1, ChronoUnit.MICROS));
    instants.add(base.minus(1, ChronoUnit.MICROS));
    instants.add(Instant.parse("1999-12-31T23:59:59.999999Z"));
    instants.add(Checks.MIN_INSTANT);
    instants.add(Checks.MAX_INSTANT);
  }

  /** Runs every step, then compares the whole state. */
  void run() {
    trail.run(this::randomStep, this::compareEverything);
  }

  private void describe(String description) {
    trail.describe(description);
  }

  // ------------------------------------------------------------------------------------ steps

  private void randomStep() {
    int dice = random.nextInt(100);
    if (dice < 27) {
      saveNew();
    } else if (dice < 39) {
      saveUpdate();
    } else if (dice < 42) {
      saveUnderAnotherOwner();
    } else if (dice < 50) {
      saveExecution();
    } else if (dice < 64) {
      getById();
    } else if (dice < 78) {
      page();
    } else if (dice < 80) {
      walk(pickTenant(), pickApp(), pickTrigger(), 1 + random.nextInt(7));
    } else if (dice < 90) {
      expired();
    } else if (dice < 96) {
      deleteByIds();
    } else if (dice < 97) {
      deleteByApp();
    } else {
      invalidCall();
    }
  }

  private void saveNew() {
    WorkflowRun run = randomRun(newRunId(), pickTenant(), pickApp(), pickTrigger());
    describe("save new " + label(run));
    same("save", () -> {
      model.save(run);
      return null;
    }, () -> {
      repo.save(run);
      return null;
    }, (a, b) -> null);
  }

  private void saveUpdate() {
    WorkflowRun existing = pickExisting();
    if (existing == null) {
      saveNew();
      return;
    }
    TriggeredFrom trigger = random.nextInt(3) == 0 ? pickTrigger() : existing.triggeredFrom();
    WorkflowRun update = randomRun(existing.id(), existing.tenantId(), existing.appId(), trigger);
    if (random.nextBoolean()) {
      update = update.toBuilder().createdAt(existing.createdAt()).build();
    }
    WorkflowRun run = update;
    describe("save update " + label(run) + " (was " + existing.triggeredFrom() + " " + existing.createdAt() + ")");
    same("save", () -> {
      model.save(run);
      return null;
    }, () -> {
      repo.save(run);
      return null;
    }, (a, b) -> null);
  }

  private void saveUnderAnotherOwner() {
    WorkflowRun existing = pickExisting();
    if (existing == null) {
      saveNew();
      return;
    }
    boolean otherTenant = random.nextBoolean();
    String tenant = otherTenant ? other(tenants, existing.tenantId()) : existing.tenantId();
    String app = otherTenant && random.nextBoolean() ? existing.appId() : other(apps, existing.appId());
    WorkflowRun moved = randomRun(existing.id(), tenant, app, existing.triggeredFrom());
    describe("save " + label(moved) + " owned by " + tenantLabel(existing.tenantId()) + "/"
        + appLabel(existing.appId()) + " (must be refused)");
    same("save", () -> {
      model.save(moved);
      return null;
    }, () -> {
      repo.save(moved);
      return null;
    }, (a, b) -> null);
    compareGet(existing.tenantId(), existing.appId(), existing.id());
    compareGet(tenant, app, existing.id());
  }

  private void saveExecution() {
    String tenant = pickTenant();
    String app = pickApp();
    ExecutionContext context = new ExecutionContext(
        tenant, app, pick(CreatorRole.values()), UUID.randomUUID().toString(), pickTrigger());
    String id;
    int kind = random.nextInt(10);
    WorkflowRun existing = pickExisting();
    if (kind < 5 || existing == null) {
      id = newRunId();
    } else if (kind < 9) {
      // update a run of this context's own app (any of them, saved either way)
      List<WorkflowRun> own = model.all().stream()
          .filter(r -> r.tenantId().equals(tenant) && r.appId().equals(app))
          .toList();
      id = own.isEmpty() ? newRunId() : own.get(random.nextInt(own.size())).id();
    } else {
      id = existing.id(); // refused unless it happens to belong to this tenant and app
    }
    WorkflowExecution execution = randomExecution(id);
    describe("executions(" + tenantLabel(tenant) + "/" + appLabel(app) + "/" + context.triggeredFrom()
        + ").save " + shortId(id) + " " + execution.status() + " startedAt " + execution.startedAt());
    same("executions().save", () -> {
      model.saveExecution(context, execution);
      return null;
    }, () -> {
      repo.executions(context).save(execution);
      return null;
    }, (a, b) -> null);
  }

  private void getById() {
    String tenant = pickTenant();
    String app = pickApp();
    String id;
    WorkflowRun existing = pickExisting();
    int kind = random.nextInt(10);
    if (existing != null && kind < 5) {
      tenant = existing.tenantId();
      app = existing.appId();
      id = existing.id();
    } else if (existing != null && kind < 7) {
      id = existing.id(); // probably under another tenant or app
    } else if (kind < 8) {
      id = newRunId();
    } else if (kind < 9 && !deletedIds.isEmpty()) {
      id = deletedIds.get(random.nextInt(deletedIds.size()));
    } else {
      id = pick(MALFORMED_IDS);
    }
    describe("getWorkflowRunById(" + tenantLabel(tenant) + ", " + appLabel(app) + ", " + shortId(id) + ")");
    compareGet(tenant, app, id);
  }

  private void compareGet(String tenant, String app, String id) {
    same("getWorkflowRunById", () -> model.get(tenant, app, id), () -> repo.getWorkflowRunById(tenant, app, id),
        (Optional<WorkflowRun> m, Optional<WorkflowRun> r) -> RunDiff.between(m.orElse(null), r.orElse(null)));
  }

  private void page() {
    String tenant = pickTenant();
    String app = pickApp();
    TriggeredFrom trigger = pickTrigger();
    String key = tenant + app + trigger;
    int limitDice = random.nextInt(100);
    int limit = limitDice < 85 ? 1 + random.nextInt(12)
        : limitDice < 95 ? WorkflowRunRepository.MAX_PAGE_LIMIT
        : pick(new Integer[] {0, -1, 1001});
    @Nullable String lastId;
    int kind = random.nextInt(100);
    List<WorkflowRun> listing = model.all().stream()
        .filter(r -> r.tenantId().equals(tenant) && r.appId().equals(app) && r.triggeredFrom() == trigger)
        .toList();
    WorkflowRun existing = pickExisting();
    if (kind < 30) {
      lastId = null;
    } else if (kind < 65 && continuations.containsKey(key)) {
      lastId = continuations.get(key);
    } else if (kind < 80 && !listing.isEmpty()) {
      lastId = listing.get(random.nextInt(listing.size())).id();
    } else if (kind < 88 && existing != null) {
      lastId = existing.id(); // most likely of another listing
    } else if (kind < 92 && !deletedIds.isEmpty()) {
      lastId = deletedIds.get(random.nextInt(deletedIds.size()));
    } else if (kind < 96) {
      lastId = newRunId();
    } else {
      lastId = pick(MALFORMED_IDS);
    }
    String cursor = lastId;
    describe("getPaginatedWorkflowRuns(" + tenantLabel(tenant) + ", " + appLabel(app) + ", " + trigger + ", "
        + limit + ", " + (cursor == null ? "null" : shortId(cursor)) + ")");
    InfiniteScrollPagination<WorkflowRun> page = same("getPaginatedWorkflowRuns",
        () -> model.page(tenant, app, trigger, limit, cursor),
        () -> repo.getPaginatedWorkflowRuns(tenant, app, trigger, limit, cursor),
        ModelCheck::pageDifference);
    if (page != null && !page.data().isEmpty()) {
      continuations.put(key, page.data().get(page.data().size() - 1).id());
    } else {
      continuations.remove(key);
    }
  }

  /** Pages through a whole listing, comparing every page. */
  private void walk(String tenant, String app, TriggeredFrom trigger, int limit) {
    @Nullable String lastId = null;
    for (int pageNo = 0; ; pageNo++) {
      String cursor = lastId;
      describe("walk " + tenantLabel(tenant) + "/" + appLabel(app) + "/" + trigger + " limit " + limit + " page "
          + pageNo + " after " + (cursor == null ? "null" : shortId(cursor)));
      InfiniteScrollPagination<WorkflowRun> page = same("getPaginatedWorkflowRuns",
          () -> model.page(tenant, app, trigger, limit, cursor),
          () -> repo.getPaginatedWorkflowRuns(tenant, app, trigger, limit, cursor),
          ModelCheck::pageDifference);
      if (page == null || !page.hasMore()) {
        return;
      }
      lastId = page.data().get(page.data().size() - 1).id();
    }
  }

  private void expired() {
    String tenant = random.nextInt(20) == 0 ? TestRuns.newId() : pickTenant();
    int dateDice = random.nextInt(100);
    Instant pooled = pick(instants);
    Instant before = dateDice < 50 ? pooled
        : dateDice < 60 && pooled.isBefore(Checks.MAX_INSTANT) ? pooled.plus(1, ChronoUnit.MICROS)
        : dateDice < 70 && pooled.isAfter(Checks.MIN_INSTANT) ? pooled.minus(1, ChronoUnit.MICROS)
        : dateDice < 85 ? Checks.MAX_INSTANT
        : TestRuns.BASE.plusSeconds(random.nextInt(6 * 3600));
    int sizeDice = random.nextInt(100);
    int size = sizeDice < 80 ? 1 + random.nextInt(30)
        : sizeDice < 95 ? WorkflowRunRepository.MAX_BATCH_SIZE
        : pick(new Integer[] {0, -1, 10_001});
    describe("getExpiredRunsBatch(" + tenantLabel(tenant) + ", " + before + ", " + size + ")");
    same("getExpiredRunsBatch", () -> model.expired(tenant, before, size),
        () -> repo.getExpiredRunsBatch(tenant, before, size), RunDiff::between);
  }

  private void deleteByIds() {
    List<String> ids = new ArrayList<>();
    int count = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(8);
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(10);
      WorkflowRun existing = pickExisting();
      if (kind < 6 && existing != null) {
        ids.add(existing.id());
      } else if (kind < 7 && !ids.isEmpty()) {
        ids.add(ids.get(random.nextInt(ids.size()))); // a duplicate
      } else if (kind < 8 && !deletedIds.isEmpty()) {
        ids.add(deletedIds.get(random.nextInt(deletedIds.size())));
      } else if (kind < 9) {
        ids.add(newRunId());
      } else {
        ids.add(pick(MALFORMED_IDS));
      }
    }
    Collection<String> argument = random.nextBoolean() ? List.copyOf(ids) : new HashSet<>(ids);
    describe("deleteRunsByIds(" + ids.stream().map(ModelCheck::shortId).toList() + ")");
    Set<String> before = ids();
    same("deleteRunsByIds", () -> model.deleteByIds(argument), () -> repo.deleteRunsByIds(argument),
        ModelCheck::valueDifference);
    rememberDeleted(before);
  }

  private void deleteByApp() {
    String tenant = pickTenant();
    String app = pickApp();
    int size = random.nextInt(4) == 0 ? WorkflowRunRepository.MAX_BATCH_SIZE : 1 + random.nextInt(40);
    describe("deleteRunsByApp(" + tenantLabel(tenant) + ", " + appLabel(app) + ", " + size + ")");
    Set<String> before = ids();
    same("deleteRunsByApp", () -> model.deleteByApp(tenant, app, size), () -> repo.deleteRunsByApp(tenant, app, size),
        ModelCheck::valueDifference);
    rememberDeleted(before);
  }

  /** An invalid argument mixed into the sequence: both sides must refuse it the same way. */
  private void invalidCall() {
    String tenant = pickTenant();
    String app = pickApp();
    String blank = pick(new String[] {"", " ", "\t\n"});
    switch (random.nextInt(6)) {
      case 0 -> {
        describe("getPaginatedWorkflowRuns with blank tenant");
        same("getPaginatedWorkflowRuns", () -> model.page(blank, app, TriggeredFrom.APP_RUN, 5, null),
            () -> repo.getPaginatedWorkflowRuns(blank, app, TriggeredFrom.APP_RUN, 5, null), ModelCheck::pageDifference);
      }
      case 1 -> {
        describe("getPaginatedWorkflowRuns with limit 1001 and a valid lastId");
        WorkflowRun existing = pickExisting();
        String lastId = existing == null ? null : existing.id();
        TriggeredFrom trigger = existing == null ? TriggeredFrom.APP_RUN : existing.triggeredFrom();
        String t = existing == null ? tenant : existing.tenantId();
        String a = existing == null ? app : existing.appId();
        same("getPaginatedWorkflowRuns", () -> model.page(t, a, trigger, 1001, lastId),
            () -> repo.getPaginatedWorkflowRuns(t, a, trigger, 1001, lastId), ModelCheck::pageDifference);
      }
      case 2 -> {
        describe("getWorkflowRunById with blank app");
        same("getWorkflowRunById", () -> model.get(tenant, blank, newRunId()),
            () -> repo.getWorkflowRunById(tenant, blank, newRunId()), (a, b) -> null);
      }
      case 3 -> {
        describe("getExpiredRunsBatch with blank tenant");
        same("getExpiredRunsBatch", () -> model.expired(blank, Checks.MAX_INSTANT, 10),
            () -> repo.getExpiredRunsBatch(blank, Checks.MAX_INSTANT, 10), RunDiff::between);
      }
      case 4 -> {
        describe("deleteRunsByApp with batch size 0");
        same("deleteRunsByApp", () -> model.deleteByApp(tenant, app, 0), () -> repo.deleteRunsByApp(tenant, app, 0),
            ModelCheck::valueDifference);
      }
      default -> {
        describe("deleteRunsByApp with blank app");
        same("deleteRunsByApp", () -> model.deleteByApp(tenant, blank, 10),
            () -> repo.deleteRunsByApp(tenant, blank, 10), ModelCheck::valueDifference);
      }
    }
  }

  /** The final comparison: every listing, every tenant's expired runs, every run by id. */
  private void compareEverything() {
    for (String tenant : tenants) {
      for (String app : apps) {
        for (TriggeredFrom trigger : TriggeredFrom.values()) {
          walk(tenant, app, trigger, 50);
        }
      }
      describe("final getExpiredRunsBatch(" + tenantLabel(tenant) + ", MAX_INSTANT, 10000)");
      same("getExpiredRunsBatch", () -> model.expired(tenant, Checks.MAX_INSTANT, 10_000),
          () -> repo.getExpiredRunsBatch(tenant, Checks.MAX_INSTANT, 10_000), RunDiff::between);
    }
    for (WorkflowRun run : model.all()) {
      describe("final getWorkflowRunById of " + label(run));
      compareGet(run.tenantId(), run.appId(), run.id());
    }
  }

  // ------------------------------------------------------------------------------ comparison

  /**
   * Calls the model, then the repository, and fails unless both return equal results (per
   * {@code difference}) or both throw: an {@link InvalidCursorException} from the model must be
   * one from the repository too; any other {@link IllegalArgumentException} must be an
   * IllegalArgumentException (of any kind: with several bad arguments, which one is reported
   * first is the backend's choice). Returns the repository's result, or null when both threw.
   */
  private <T> @Nullable T same(
      String operation, Supplier<T> modelCall, Supplier<T> repoCall, BiFunction<T, T, @Nullable String> difference) {
    T expected;
    RuntimeException expectedError = null;
    try {
      expected = modelCall.get();
    } catch (IllegalArgumentException e) {
      expected = null;
      expectedError = e;
    }
    T actual;
    try {
      actual = repoCall.get();
    } catch (IllegalArgumentException e) {
      if (expectedError == null) {
        throw new AssertionError(operation + " threw " + e + " but the model returned " + describeResult(expected), e);
      }
      if (expectedError instanceof InvalidCursorException && !(e instanceof InvalidCursorException)) {
        throw new AssertionError(operation + " threw " + e + " where the model threw " + expectedError, e);
      }
      return null;
    }
    if (expectedError != null) {
      throw new AssertionError(operation + " returned " + describeResult(actual) + " but the model threw "
          + expectedError);
    }
    String d = difference.apply(expected, actual);
    if (d != null) {
      throw new AssertionError(operation + " differs from the model: " + d);
    }
    return actual;
  }

  private static @Nullable String pageDifference(
      InfiniteScrollPagination<WorkflowRun> expected, InfiniteScrollPagination<WorkflowRun> actual) {
    String d = RunDiff.between(expected.data(), actual.data());
    if (d != null) {
      return "data " + d;
    }
    if (expected.hasMore() != actual.hasMore()) {
      return "hasMore expected " + expected.hasMore() + " but was " + actual.hasMore();
    }
    if (expected.limit() != actual.limit()) {
      return "limit expected " + expected.limit() + " but was " + actual.limit();
    }
    return null;
  }

  private static @Nullable String valueDifference(Object expected, Object actual) {
    return expected.equals(actual) ? null : "expected " + expected + " but was " + actual;
  }

  private static String describeResult(@Nullable Object result) {
    if (result instanceof InfiniteScrollPagination<?> p) {
      return "a page of " + p.data().size() + " (hasMore " + p.hasMore() + ")";
    }
    if (result instanceof List<?> l) {
      return "a list of " + l.size();
    }
    return String.valueOf(result instanceof Optional<?> o && o.isPresent() ? "a run" : result);
  }

  // ------------------------------------------------------------------------------- generators

  private String newRunId() {
    return new UUID(random.nextLong(), salt).toString();
  }

  private WorkflowRun randomRun(String id, String tenant, String app, TriggeredFrom trigger) {
    WorkflowRunStatus status = pick(WorkflowRunStatus.values());
    Instant createdAt = randomInstant();
    return WorkflowRun.builder()
        .id(id)
        .tenantId(tenant)
        .appId(app)
        .workflowId(new UUID(random.nextLong(), random.nextLong()).toString())
        .type(pick(WorkflowType.values()))
        .triggeredFrom(trigger)
        .version(random.nextInt(4) == 0 ? Texts.ASTRAL : "v" + random.nextInt(5))
        .graph(randomText())
        .inputs(randomText())
        .status(status)
        .outputs(randomText())
        .error(random.nextInt(3) == 0 ? null : random.nextBoolean() ? "" : "error " + Texts.CJK + random.nextInt(9))
        .elapsedTime(random.nextInt(5) == 0 ? random.nextDouble() * 1000 : random.nextInt(100_000) / 1000.0)
        .totalTokens(random.nextInt(10) == 0 ? Long.MAX_VALUE - random.nextInt(10) : random.nextLong() >>> 24)
        .totalSteps(random.nextInt(200))
        .createdByRole(pick(CreatorRole.values()))
        .createdBy(new UUID(random.nextLong(), random.nextLong()).toString())
        .createdAt(createdAt)
        .finishedAt(status.isEnded() ? later(createdAt) : null)
        .exceptionsCount(random.nextInt(4))
        .build();
  }

  private WorkflowExecution randomExecution(String id) {
    Instant started = randomInstant();
    WorkflowExecution execution = WorkflowExecution.start(
        id, new UUID(random.nextLong(), random.nextLong()).toString(), "v" + random.nextInt(3),
        pick(WorkflowType.values()), randomText(), randomText(), started);
    if (random.nextInt(3) == 0) {
      return execution;
    }
    return execution.finish(
        pick(WorkflowRunStatus.values()), randomText(), random.nextBoolean() ? "" : "failed: " + Texts.RTL,
        random.nextLong() >>> 20, random.nextInt(100), random.nextInt(3), later(started));
  }

  private @Nullable String randomText() {
    return random.nextInt(6) == 0 ? null : pick(TEXTS);
  }

  private Instant randomInstant() {
    return random.nextInt(5) == 0
        ? TestRuns.BASE.plus(random.nextInt(20 * 3600 * 1000), ChronoUnit.MILLIS).plus(random.nextInt(1000), ChronoUnit.MICROS)
        : pick(instants);
  }

  private Instant later(Instant start) {
    Instant end = start.plus(random.nextInt(100_000_000), ChronoUnit.MICROS);
    return end.isAfter(Checks.MAX_INSTANT) ? start : end;
  }

  private String pickTenant() {
    return pick(tenants);
  }

  private String pickApp() {
    return pick(apps);
  }

  private TriggeredFrom pickTrigger() {
    return random.nextInt(10) == 0 ? pick(TriggeredFrom.values()) : pick(COMMON_TRIGGERS);
  }

  private @Nullable WorkflowRun pickExisting() {
    List<WorkflowRun> all = model.all();
    return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
  }

  private String other(List<String> choices, String not) {
    List<String> others = choices.stream().filter(c -> !c.equals(not)).toList();
    return others.get(random.nextInt(others.size()));
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private Set<String> ids() {
    Set<String> ids = new HashSet<>();
    for (WorkflowRun run : model.all()) {
      ids.add(run.id());
    }
    return ids;
  }

  private void rememberDeleted(Set<String> before) {
    Set<String> now = ids();
    for (String id : before) {
      if (!now.contains(id)) {
        deletedIds.add(id);
      }
    }
  }

  // ---------------------------------------------------------------------------------- labels

  private String label(WorkflowRun run) {
    return shortId(run.id()) + " " + tenantLabel(run.tenantId()) + "/" + appLabel(run.appId()) + "/"
        + run.triggeredFrom() + " createdAt " + run.createdAt();
  }

  private String tenantLabel(String tenant) {
    int i = tenants.indexOf(tenant);
    return i >= 0 ? "tenant" + i : "tenant?" + shortId(tenant);
  }

  private String appLabel(String app) {
    int i = apps.indexOf(app);
    return i >= 0 ? "app" + i : "app?" + shortId(app);
  }

  private static String shortId(String id) {
    return StepTrail.shortId(id);
  }
}
