package dev.runstore.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    description = "Daily statistics of an app's runs from one trigger (default app-run): runs, distinct end "
        + "users/accounts (terminals), tokens, and interactions per user. Days are calendar "
        + "days in --zone; only days with runs are listed.")
final class StatsCommand extends BaseCommand {

  /** What to print. */
  enum Kind { runs, terminals, tokens, interactions, all }

  @Option(names = "--tenant", required = true, paramLabel = "TENANT_ID", converter = Converters.UuidConverter.class,
      description = "Tenant id (a UUID).")
  String tenant = "";

  @Option(names = "--app", required = true, paramLabel = "APP_ID", converter = Converters.UuidConverter.class,
      description = "App id (a UUID).")
  String app = "";

  @Option(names = "--trigger", paramLabel = "TRIGGER", defaultValue = "app-run",
      description = "One trigger (default ${DEFAULT-VALUE}, as Dify's app statistics): distinct users "
          + "cannot be added up over triggers.")
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

  @Option(names = "--json", description = "Print one JSON object with a list of days (schema: README).")
  boolean json;

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
    Map<LocalDate, ObjectNode> days = new TreeMap<>();
    List<String> columns = new ArrayList<>();
    try (WorkflowRunRepository repository = open()) {
      if (kind == Kind.runs || kind == Kind.all) {
        int c = column(columns, "RUNS");
        for (DailyRunsStats s : repository.getDailyRunsStatistics(query)) {
          cell(rows, s.date(), c, Format.count(s.runs()));
          day(days, s.date()).put("runs", s.runs());
        }
      }
      if (kind == Kind.terminals || kind == Kind.all) {
        int c = column(columns, "TERMINALS");
        for (DailyTerminalsStats s : repository.getDailyTerminalsStatistics(query)) {
          cell(rows, s.date(), c, Format.count(s.terminalCount()));
          day(days, s.date()).put("terminals", s.terminalCount());
        }
      }
      if (kind == Kind.tokens || kind == Kind.all) {
        int c = column(columns, "TOKENS");
        for (DailyTokenCostStats s : repository.getDailyTokenCostStatistics(query)) {
          cell(rows, s.date(), c, Format.count(s.tokenCount()));
          day(days, s.date()).put("tokens", s.tokenCount());
        }
      }
      if (kind == Kind.interactions || kind == Kind.all) {
        int c = column(columns, "INTERACTIONS");
        for (AverageInteractionStats s : repository.getAverageAppInteractionStatistics(query)) {
          cell(rows, s.date(), c, String.format(Locale.ROOT, "%.2f", s.interactions()));
          day(days, s.date()).put("interactions", s.interactions());
        }
      }
    }
    if (json) {
      ObjectNode root = Json.object();
      root.put("tenant_id", tenant).put("app_id", app).put("trigger", trigger.value()).put("zone", zone.getId());
      root.put("from", from == null ? null : from.toString());
      root.put("to", to == null ? null : to.toString());
      ArrayNode list = root.putArray("kinds");
      columns.forEach(c -> list.add(c.toLowerCase(Locale.ROOT)));
      ArrayNode array = root.putArray("days");
      days.values().forEach(array::add);
      Json.print(out(), root);
      return ExitCodes.OK;
    }
    print(out(), columns, rows);
    return ExitCodes.OK;
  }

  /** The JSON object of one day; kinds with no runs that day are 0 (absent in the table too). */
  private ObjectNode day(Map<LocalDate, ObjectNode> days, LocalDate date) {
    return days.computeIfAbsent(date, d -> {
      ObjectNode node = Json.object();
      node.put("date", d.toString());
      if (kind == Kind.runs || kind == Kind.all) {
        node.put("runs", 0L);
      }
      if (kind == Kind.terminals || kind == Kind.all) {
        node.put("terminals", 0L);
      }
      if (kind == Kind.tokens || kind == Kind.all) {
        node.put("tokens", 0L);
      }
      if (kind == Kind.interactions || kind == Kind.all) {
        node.put("interactions", 0.0);
      }
      return node;
    });
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
