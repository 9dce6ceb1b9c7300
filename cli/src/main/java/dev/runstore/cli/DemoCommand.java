package dev.runstore.cli;

import dev.runstore.api.CreatorRole;
import dev.runstore.api.InfiniteScrollPagination;
import dev.runstore.api.RunListQuery;
import dev.runstore.api.StatsQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRun;
import dev.runstore.api.WorkflowRunCounts;
import dev.runstore.api.WorkflowRunRepository;
import dev.runstore.api.WorkflowRunStatus;
import dev.runstore.api.WorkflowType;
import dev.runstore.retention.LocalDirectoryArchive;
import dev.runstore.retention.RestoreJob;
import dev.runstore.retention.RestoreReport;
import dev.runstore.retention.RetentionJob;
import dev.runstore.retention.RetentionReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code runstore demo}: a guided tour on the configured database (by default the embedded one).
 * It only ever touches its own tenants, whose ids are fixed, so it can be run again: each run
 * first deletes what an earlier demo left in them.
 */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Creates sample runs (several tenants, apps and days; deterministic), lists a "
        + "page, counts, prints daily statistics, purges old runs with a backup to the folder "
        + "runstore-data/archive, restores one tenant, and prints a summary. Touches only "
        + "its own demo tenants; safe to run again.")
final class DemoCommand extends BaseCommand {

  private static final String GRAPH =
      "{\"nodes\":[{\"id\":\"start\",\"type\":\"start\"},{\"id\":\"llm\",\"type\":\"llm\"},"
          + "{\"id\":\"answer\",\"type\":\"answer\"}],\"edges\":[{\"source\":\"start\",\"target\":\"llm\"},"
          + "{\"source\":\"llm\",\"target\":\"answer\"}]}";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final int USERS_PER_TENANT = 25;

  @Option(names = "--tenants", paramLabel = "N", defaultValue = "3", description = "Demo tenants (default ${DEFAULT-VALUE}).")
  int tenants;

  @Option(names = "--apps", paramLabel = "N", defaultValue = "2", description = "Apps per tenant (default ${DEFAULT-VALUE}).")
  int apps;

  @Option(names = "--days", paramLabel = "N", defaultValue = "30", description = "Days of history (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--runs-per-day", paramLabel = "N", defaultValue = "25",
      description = "Average runs per app and day (default ${DEFAULT-VALUE}).")
  int runsPerDay;

  @Option(names = "--keep-days", paramLabel = "N", defaultValue = "14",
      description = "The purge step removes runs older than this many days (default ${DEFAULT-VALUE}).")
  int keepDays;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--archive", paramLabel = "DIR", description = "Archive directory (default: the folder archive in the data folder, runstore-data).")
  @Nullable Path archiveDir;

  /** The demo's fixed ids. */
  record Ids(List<String> tenants, List<List<String>> apps) {}

  @Override
  public Integer call() {
    if (tenants < 1 || tenants > 50 || apps < 1 || apps > 20 || days < 1 || days > 3650
        || runsPerDay < 1 || runsPerDay > 10_000 || keepDays < 0) {
      throw new IllegalArgumentException(
          "demo sizes: --tenants 1..50, --apps 1..20, --days 1..3650, --runs-per-day 1..10000, --keep-days >= 0");
    }
    PrintWriter out = out();
    Instant started = env().clock().instant();
    ConfigResolver.Resolved settings = creatingSettings();
    Ids ids = ids(tenants, apps);
    Path archiveRoot = archiveDir != null ? archiveDir : env().embeddedDefaults().archiveDir();
    String prefix = "demo-" + STAMP.format(started);
    String tenant1 = ids.tenants().get(0);
    String app1 = ids.apps().get(0).get(0);

    out.println("runstore demo on " + settings.describeDatabase());
    out.println();
    try (WorkflowRunRepository repository = open(settings)) {
      // 1. Sample data.
      out.println("[1/6] Creating sample runs: " + tenants + " tenants x " + apps + " apps x " + days
          + " days (seed " + seed + ")");
      out.flush();
      long removed = 0;
      for (int t = 0; t < tenants; t++) {
        for (String app : ids.apps().get(t)) {
          removed += repository.deleteRunsByApp(ids.tenants().get(t), app, 1000);
        }
      }
      if (removed > 0) {
        out.println("  removed " + Format.count(removed) + " runs left by an earlier demo");
      }
      Instant createStart = env().clock().instant();
      long created = create(repository, ids, started);
      Duration createTook = Duration.between(createStart, env().clock().instant());
      out.println("  created " + Format.count(created) + " runs in " + Durations.format(createTook)
          + " (" + Format.rate(created, createTook) + ")");
      out.println();

      // 2. A page.
      out.println("[2/6] Newest runs of one app   (runstore list --tenant " + tenant1 + " --app " + app1 + " --limit 5)");
      InfiniteScrollPagination<WorkflowRun> page =
          repository.getPaginatedWorkflowRuns(RunListQuery.builder(tenant1, app1).limit(5).build());
      RunOutput.tableHeader(out);
      page.data().forEach(run -> RunOutput.tableRow(out, run));
      out.println("  next page: --cursor " + page.nextCursor());
      out.println();

      // 3. Counts.
      out.println("[3/6] Counts of app-run runs   (runstore count --tenant " + tenant1 + " --app " + app1 + " --trigger app-run)");
      WorkflowRunCounts counts = repository.getWorkflowRunsCount(tenant1, app1, TriggeredFrom.APP_RUN, null, null);
      for (WorkflowRunStatus s : WorkflowRunStatus.values()) {
        if (counts.count(s) > 0) {
          out.printf(Locale.ROOT, "  %-18s %8s%n", s.value(), Format.count(counts.count(s)));
        }
      }
      out.printf(Locale.ROOT, "  %-18s %8s%n", "total", Format.count(counts.total()));
      out.println();

      // 4. Statistics.
      LocalDate today = LocalDate.ofInstant(started, ZoneOffset.UTC);
      LocalDate from = today.minusDays(6);
      out.println("[4/6] Daily statistics, last 7 days   (runstore stats --tenant " + tenant1 + " --app " + app1
          + " --from " + from + ")");
      StatsQuery stats = StatsQuery.builder(tenant1, app1, TriggeredFrom.APP_RUN)
          .start(from.atStartOfDay(ZoneOffset.UTC).toInstant()).zone(ZoneOffset.UTC).build();
      Map<LocalDate, String[]> rows = new TreeMap<>();
      repository.getDailyRunsStatistics(stats).forEach(s -> row(rows, s.date())[0] = Format.count(s.runs()));
      repository.getDailyTerminalsStatistics(stats).forEach(s -> row(rows, s.date())[1] = Format.count(s.terminalCount()));
      repository.getDailyTokenCostStatistics(stats).forEach(s -> row(rows, s.date())[2] = Format.count(s.tokenCount()));
      repository.getAverageAppInteractionStatistics(stats)
          .forEach(s -> row(rows, s.date())[3] = String.format(Locale.ROOT, "%.2f", s.interactions()));
      StatsCommand.print(out, List.of("RUNS", "TERMINALS", "TOKENS", "INTERACTIONS"), rows);
      out.println();

      // 5. Purge with backup.
      long before = countAll(repository, ids);
      out.println("[5/6] Purging runs older than " + keepDays + " days, with backup   (runstore purge --older-than "
          + keepDays + "d --tenant ... --archive " + archiveRoot + " --prefix " + prefix + ")");
      out.flush();
      RetentionReport purge;
      String archiveDescription;
      try (LocalDirectoryArchive archive = new LocalDirectoryArchive(archiveRoot)) {
        archiveDescription = archive.describe() + " (prefix " + prefix + ")";
        Progress progress = Progress.of(env(), err(), "purging");
        PurgeCommand.Tracker tracker = new PurgeCommand.Tracker(progress, ids.tenants(), false,
            started.minus(Duration.ofDays(keepDays)));
        try {
          purge = RetentionJob.builder(repository, archive)
              .tenants(ids.tenants())
              // From the demo's start, not the purge's: the same runs expire however long creation took.
              .cutoff(started.minus(Duration.ofDays(keepDays)))
              .batchSize(500)
              .prefix(prefix)
              .clock(env().clock())
              .listener(tracker)
              .build()
              .run();
          progress.complete(tracker.detail(purge));
        } finally {
          progress.finish();
        }
      }
      PurgeCommand.printSummary(out, purge, archiveDescription);
      long afterPurge = countAll(repository, ids);
      out.println(Format.row("runs left", Format.count(afterPurge) + " (were " + Format.count(before) + ")"));
      out.println();

      // 6. Restore one tenant.
      out.println("[6/6] Restoring tenant " + tenant1 + " from the archive   (runstore restore --tenant "
          + tenant1 + " --archive " + archiveRoot + " --prefix " + prefix + ")");
      RestoreReport restore;
      try (LocalDirectoryArchive archive = new LocalDirectoryArchive(archiveRoot)) {
        restore = RestoreJob.builder(repository, archive).tenant(tenant1).prefix(prefix).build().run();
      }
      RestoreCommand.printSummary(out, restore, archiveDescription);
      long afterRestore = countAll(repository, ids);
      out.println();

      // Summary.
      Duration took = Duration.between(started, env().clock().instant());
      out.println("demo summary");
      out.println(Format.row("database", settings.describeDatabase()));
      out.println(Format.row("created", Format.count(created) + " runs (" + tenants + " tenants x " + apps
          + " apps x " + days + " days)"));
      out.println(Format.row("purged", Format.count(purge.runsDeleted()) + " runs older than " + keepDays
          + " days (archived " + Format.count(purge.runsArchived()) + " in " + purge.batches() + " files, "
          + Format.bytesShort(purge.bytesWritten()) + ")"));
      out.println(Format.row("archive", archiveRoot.toAbsolutePath().normalize().resolve(prefix).toString()));
      out.println(Format.row("restored", Format.count(restore.runsRestored()) + " runs of tenant " + tenant1));
      out.println(Format.row("runs now", Format.count(afterRestore) + " in the demo tenants"));
      out.println(Format.row("time", Durations.format(took)));
      out.println();
      out.println("Try: runstore list --tenant " + tenant1 + " --app " + app1 + " --trigger app-run --status failed");
      out.println("     runstore stats --tenant " + tenant1 + " --app " + app1 + " --zone Asia/Shanghai");
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** The demo's tenant and app ids: name-based, so every demo run uses the same ones. */
  static Ids ids(int tenantCount, int appCount) {
    List<String> tenantIds = new ArrayList<>();
    List<List<String>> appIds = new ArrayList<>();
    for (int t = 1; t <= tenantCount; t++) {
      tenantIds.add(nameUuid("runstore-demo:tenant:" + t));
      List<String> a = new ArrayList<>();
      for (int i = 1; i <= appCount; i++) {
        a.add(nameUuid("runstore-demo:tenant:" + t + ":app:" + i));
      }
      appIds.add(List.copyOf(a));
    }
    return new Ids(List.copyOf(tenantIds), List.copyOf(appIds));
  }

  /** Every run of the demo tenants' apps, over every trigger. */
  static long countAll(WorkflowRunRepository repository, Ids ids) {
    long total = 0;
    for (int t = 0; t < ids.tenants().size(); t++) {
      for (String app : ids.apps().get(t)) {
        for (TriggeredFrom trigger : TriggeredFrom.values()) {
          total += repository.getWorkflowRunsCount(ids.tenants().get(t), app, trigger, null, null).total();
        }
      }
    }
    return total;
  }

  private long create(WorkflowRunRepository repository, Ids ids, Instant now) {
    Random random = new Random(seed);
    long expected = (long) tenants * apps * days * runsPerDay;
    Progress progress = Progress.of(env(), err(), "creating");
    long created = 0;
    try {
      for (int t = 0; t < tenants; t++) {
        String tenant = ids.tenants().get(t);
        List<String> users = new ArrayList<>();
        for (int u = 0; u < USERS_PER_TENANT; u++) {
          users.add(nameUuid("runstore-demo:tenant:" + (t + 1) + ":user:" + u));
        }
        for (String app : ids.apps().get(t)) {
          String workflow = nameUuid("runstore-demo:workflow:" + app);
          for (int d = days - 1; d >= 0; d--) {
            // Between half and one and a half times the average, so days differ.
            int n = runsPerDay / 2 + random.nextInt(runsPerDay + 1);
            for (int i = 0; i < n; i++) {
              repository.save(run(random, tenant, app, workflow, users, now, d));
              created++;
              if (created % 100 == 0) {
                progress.update(Math.min(1, created / (double) expected), Format.count(created) + " runs");
              }
            }
          }
        }
      }
    } finally {
      progress.finish();
    }
    return created;
  }

  private static WorkflowRun run(
      Random random, String tenant, String app, String workflow, List<String> users, Instant now, int daysAgo) {
    Instant createdAt = now.minus(daysAgo, ChronoUnit.DAYS)
        .minusSeconds(random.nextInt(86_400))
        .minus(random.nextInt(1_000_000), ChronoUnit.MICROS);
    int p = random.nextInt(100);
    TriggeredFrom trigger = p < 70 ? TriggeredFrom.APP_RUN : p < 80 ? TriggeredFrom.DEBUGGING
        : p < 90 ? TriggeredFrom.WEBHOOK : TriggeredFrom.SCHEDULE;
    int s = random.nextInt(100);
    WorkflowRunStatus status = daysAgo == 0 && s < 4 ? WorkflowRunStatus.RUNNING
        : s < 85 ? WorkflowRunStatus.SUCCEEDED : s < 93 ? WorkflowRunStatus.FAILED
        : s < 97 ? WorkflowRunStatus.PARTIAL_SUCCEEDED : WorkflowRunStatus.STOPPED;
    boolean ended = status.isEnded();
    double elapsed = ended ? Math.round((0.2 + random.nextDouble() * 30) * 1000) / 1000.0 : 0;
    long tokens = ended ? random.nextInt(5000) : 0;
    boolean account = trigger == TriggeredFrom.DEBUGGING || random.nextInt(10) == 0;
    int question = random.nextInt(1000);
    return WorkflowRun.builder()
        .id(new UUID(random.nextLong(), random.nextLong()).toString())
        .tenantId(tenant)
        .appId(app)
        .workflowId(workflow)
        .type(WorkflowType.WORKFLOW)
        .triggeredFrom(trigger)
        .version(trigger == TriggeredFrom.DEBUGGING ? "draft" : "2025-06-01 09:00:00")
        .graph(GRAPH)
        .inputs("{\"query\":\"demo question " + question + "\"}")
        .status(status)
        .outputs(status == WorkflowRunStatus.SUCCEEDED ? "{\"answer\":\"demo answer " + question + "\"}" : null)
        .error(status == WorkflowRunStatus.FAILED ? "demo: model provider timed out" : null)
        .elapsedTime(elapsed)
        .totalTokens(tokens)
        .totalSteps(ended ? 1 + random.nextInt(12) : 1)
        .createdByRole(account ? CreatorRole.ACCOUNT : CreatorRole.END_USER)
        .createdBy(users.get(random.nextInt(users.size())))
        .createdAt(createdAt)
        .finishedAt(ended ? createdAt.plusMillis((long) (elapsed * 1000)) : null)
        .exceptionsCount(status == WorkflowRunStatus.PARTIAL_SUCCEEDED ? 1 + random.nextInt(3) : 0)
        .build();
  }

  private static String[] row(Map<LocalDate, String[]> rows, LocalDate date) {
    return rows.computeIfAbsent(date, d -> new String[4]);
  }

  private static String nameUuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
