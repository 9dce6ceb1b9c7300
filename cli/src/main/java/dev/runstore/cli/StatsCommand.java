package dev.runstore.cli;

import dev.runstore.api.AverageInteractionStats;
import dev.runstore.api.DailyRunsStats;
import dev.runstore.api.DailyTerminalsStats;
import dev.runstore.api.DailyTokenCostStats;
import dev.runstore.api.StatsQuery;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRunRepository;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code runstore stats}: daily statistics of an app. */
@Command(name = "stats", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Daily statistics of an app's runs from one trigger: runs, distinct end "
        + "users/accounts (terminals), tokens, and interactions per user. Days are calendar "
        + "days in --zone; only days with runs are listed.")
final class StatsCommand extends BaseCommand {

  /** What to print. */
  enum Kind { runs, terminals, tokens, interactions, all }

  @Option(names = "--tenant", required = true, paramLabel = "TENANT_ID", description = "Tenant id.")
  String tenant = "";

  @Option(names = "--app", required = true, paramLabel = "APP_ID", description = "App id.")
  String app = "";

  @Option(names = "--trigger", paramLabel = "TRIGGER", defaultValue = "app-run",
      description = "Trigger (default ${DEFAULT-VALUE}).")
  TriggeredFrom trigger = TriggeredFrom.APP_RUN;

  @Option(names = "--from", paramLabel = "DATE", description = "First day, inclusive (yyyy-MM-dd).")
  @Nullable LocalDate from;

  @Option(names = "--to", paramLabel = "DATE", description = "Last day, inclusive (yyyy-MM-dd).")
  @Nullable LocalDate to;

  @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
      description = "Time zone of the days: UTC (default), Asia/Shanghai, +08:00, ...")
  ZoneId zone = ZoneOffset.UTC;

  @Option(names = "--kind", paramLabel = "KIND", defaultValue = "all",
      description = "runs, terminals, tokens, interactions or all (default ${DEFAULT-VALUE}).")
  Kind kind = Kind.all;

  @Override
  public Integer call() {
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("--from " + from + " is after --to " + to);
    }
    StatsQuery query = StatsQuery.builder(tenant, app, trigger)
        .start(from == null ? null : from.atStartOfDay(zone).toInstant())
        .end(to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant())
        .zone(zone)
        .build();
    Map<LocalDate, String[]> rows = new TreeMap<>();
    List<String> columns = new ArrayList<>();
    try (WorkflowRunRepository repository = open()) {
      if (kind == Kind.runs || kind == Kind.all) {
        int c = column(columns, "RUNS");
        for (DailyRunsStats s : repository.getDailyRunsStatistics(query)) {
          cell(rows, s.date(), c, Format.count(s.runs()));
        }
      }
      if (kind == Kind.terminals || kind == Kind.all) {
        int c = column(columns, "TERMINALS");
        for (DailyTerminalsStats s : repository.getDailyTerminalsStatistics(query)) {
          cell(rows, s.date(), c, Format.count(s.terminalCount()));
        }
      }
      if (kind == Kind.tokens || kind == Kind.all) {
        int c = column(columns, "TOKENS");
        for (DailyTokenCostStats s : repository.getDailyTokenCostStatistics(query)) {
          cell(rows, s.date(), c, Format.count(s.tokenCount()));
        }
      }
      if (kind == Kind.interactions || kind == Kind.all) {
        int c = column(columns, "INTERACTIONS");
        for (AverageInteractionStats s : repository.getAverageAppInteractionStatistics(query)) {
          cell(rows, s.date(), c, String.format(Locale.ROOT, "%.2f", s.interactions()));
        }
      }
    }
    print(out(), columns, rows);
    return ExitCodes.OK;
  }

  /** Prints a date-by-column table. */
  static void print(PrintWriter out, List<String> columns, Map<LocalDate, String[]> rows) {
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-10s", "DATE"));
    for (String c : columns) {
      header.append(String.format(Locale.ROOT, "  %14s", c));
    }
    out.println(header);
    for (Map.Entry<LocalDate, String[]> row : rows.entrySet()) {
      StringBuilder line = new StringBuilder(row.getKey().toString());
      for (int i = 0; i < columns.size(); i++) {
        @Nullable String v = i < row.getValue().length ? row.getValue()[i] : null;
        line.append(String.format(Locale.ROOT, "  %14s", v == null ? "0" : v));
      }
      out.println(line);
    }
    if (rows.isEmpty()) {
      out.println("(no runs in this range)");
    }
    out.flush();
  }

  private static int column(List<String> columns, String name) {
    columns.add(name);
    return columns.size() - 1;
  }

  private static void cell(Map<LocalDate, String[]> rows, LocalDate date, int column, String value) {
    rows.computeIfAbsent(date, d -> new String[4])[column] = value;
  }
}
