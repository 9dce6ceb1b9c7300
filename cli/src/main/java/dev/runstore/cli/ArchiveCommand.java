package dev.runstore.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runstore.retention.ArchiveException;
import dev.runstore.retention.ArchiveReader;
import dev.runstore.retention.BatchManifest;
import dev.runstore.retention.RunArchive;
import dev.runstore.retention.StoredBatch;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code runstore archive}: what a backup holds, and whether it is intact. */
@Command(name = "archive", mixinStandardHelpOptions = true,
    description = "Shows what an archive written by purge holds (archive list) and checks every "
        + "batch against its manifest (archive verify). Needs no database.",
    subcommands = {ArchiveCommand.ListBatches.class, ArchiveCommand.Verify.class})
final class ArchiveCommand extends BaseCommand {

  @Override
  public Integer call() {
    err().println("runstore archive: missing subcommand (list, verify)");
    spec.commandLine().usage(err());
    return ExitCodes.USAGE;
  }

  /** The batches of an archive that match tenants and days, as restore chooses them. */
  abstract static class Selection extends BaseCommand {
    @Mixin ArchiveOptions archive = new ArchiveOptions();

    @Option(names = "--tenant", paramLabel = "TENANT_ID", split = ",", converter = Converters.UuidConverter.class,
        description = "Only these tenants (UUIDs; repeatable or comma-separated). Default: every tenant.")
    List<String> tenants = new ArrayList<>();

    @Option(names = "--from", paramLabel = "DATE", description = "Only batches with runs created on or after this UTC day.")
    @Nullable LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "Only batches with runs created on or before this UTC day.")
    @Nullable LocalDate to;

    @Option(names = "--json", description = "Print one JSON object (schema: README).")
    boolean json;

    /** Opens the archive (it must exist) and selects; nothing selected is a usage error. */
    final Selected select() {
      checkRange(from, to);
      archive.resolvedPrefix();
      ArchiveOptions.Opened opened = archive.openExisting(settings());
      try {
        return new Selected(opened, selectOrFail(opened, tenants.isEmpty() ? null : tenants, from, to));
      } catch (RuntimeException e) {
        opened.archive().close();
        throw e;
      }
    }
  }

  /** An open archive and its selected batches; closes the archive. */
  record Selected(ArchiveOptions.Opened opened, ArchiveReader.Listing listing) implements AutoCloseable {
    @Override
    public void close() {
      opened.archive().close();
    }
  }

  /** {@code runstore archive list}. */
  @Command(name = "list", sortOptions = false, mixinStandardHelpOptions = true,
      description = "Lists what the archive holds per tenant (or per batch with --batches): batch files, "
          + "rows per table, the time range of the runs, and sizes. Reads the manifests only.")
  static final class ListBatches extends Selection {

    @Option(names = "--batches", description = "One line per batch file instead of one per tenant.")
    boolean batches;

    @Override
    public Integer call() {
      try (Selected selected = select()) {
        List<StoredBatch> all = selected.listing().batches();
        Set<String> tables = tables(all);
        Map<String, Totals> perTenant = new TreeMap<>();
        Totals total = new Totals();
        for (StoredBatch b : all) {
          perTenant.computeIfAbsent(b.manifest().tenantId(), t -> new Totals()).add(b.manifest());
          total.add(b.manifest());
        }
        List<String> incomplete = selected.listing().incompleteDataKeys();
        String description = selected.opened().description();
        if (json) {
          ObjectNode root = Json.object();
          root.put("archive", description);
          root.put("prefix", selected.opened().prefix());
          ArrayNode tenantArray = root.putArray("tenants");
          perTenant.forEach((tenant, t) -> tenantArray.add(t.json(tables).put("tenant_id", tenant)));
          root.set("totals", total.json(tables).put("tenants", perTenant.size()));
          if (batches) {
            ArrayNode list = root.putArray("batches");
            for (StoredBatch b : all) {
              list.add(batchJson(b, tables));
            }
          }
          ArrayNode inc = root.putArray("incomplete_files");
          incomplete.forEach(inc::add);
          Json.print(out(), root);
          return ExitCodes.OK;
        }
        PrintWriter out = out();
        out.println("archive " + description);
        StringBuilder header = new StringBuilder(batches
            ? String.format(Locale.ROOT, "%-36s  %-36s  %-27s  %-27s", "TENANT", "FIRST RUN ID", "FIRST RUN (UTC)", "LAST RUN (UTC)")
            : String.format(Locale.ROOT, "%-36s  %8s  %-27s  %-27s", "TENANT", "BATCHES", "FIRST RUN (UTC)", "LAST RUN (UTC)"));
        for (String table : tables) {
          header.append(String.format(Locale.ROOT, "  %14s", table.toUpperCase(Locale.ROOT)));
        }
        out.println(header.append(String.format(Locale.ROOT, "  %10s", "SIZE")));
        if (batches) {
          for (StoredBatch b : all) {
            BatchManifest m = b.manifest();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-36s  %-36s  %-27s  %-27s",
                m.tenantId(), m.first().id(), Format.instant(m.first().createdAt()), Format.instant(m.last().createdAt())));
            for (String table : tables) {
              line.append(String.format(Locale.ROOT, "  %14s", Format.count(m.tableCounts().getOrDefault(table, 0L))));
            }
            out.println(line.append(String.format(Locale.ROOT, "  %10s", Format.bytesShort(m.sizeBytes()))));
          }
        } else {
          perTenant.forEach((tenant, t) -> out.println(t.line(tenant, tables)));
        }
        out.println(total.line("total (" + Format.count(perTenant.size()) + " tenants)", tables));
        out.println("incomplete files: " + Format.count(incomplete.size())
            + " (data files without a manifest: interrupted batches whose runs were never deleted; restore skips them)");
        incomplete.forEach(key -> out.println("  " + key));
        out.flush();
        return ExitCodes.OK;
      }
    }
  }

  /** {@code runstore archive verify}. */
  @Command(name = "verify", sortOptions = false, mixinStandardHelpOptions = true,
      description = "Reads every selected batch file and checks it against its manifest: size, SHA-256, "
          + "row count, tenant, order, first and last run. Exit code 1 when any batch is damaged.")
  static final class Verify extends Selection {

    @Override
    public Integer call() {
      Instant started = env().clock().instant();
      try (Selected selected = select()) {
        List<StoredBatch> all = selected.listing().batches();
        Set<String> tables = tables(all);
        ArchiveReader reader = new ArchiveReader(selected.opened().archive(),
            new dev.runstore.retention.ArchiveLayout(selected.opened().prefix()));
        Progress progress = Progress.of(env(), err(), "verifying");
        Totals ok = new Totals();
        List<String[]> damaged = new ArrayList<>();
        try {
          for (StoredBatch b : all) {
            try {
              reader.read(b);
              ok.add(b.manifest());
            } catch (ArchiveException e) {
              damaged.add(new String[] {b.manifestKey(), b.dataKey(), String.valueOf(e.getMessage())});
              progress.finish();
              err().println("damaged: " + b.dataKey() + ": " + e.getMessage());
              err().flush();
            }
            int checked = ok.batches + damaged.size();
            progress.update(checked / (double) all.size(), Format.count(checked) + "/" + Format.count(all.size())
                + " batch files, " + Format.count(damaged.size()) + " damaged");
          }
          progress.complete(Format.count(all.size()) + "/" + Format.count(all.size()) + " batch files, "
              + Format.count(damaged.size()) + " damaged");
        } finally {
          progress.finish();
        }
        int code = damaged.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        Duration took = Duration.between(started, env().clock().instant());
        List<String> incomplete = selected.listing().incompleteDataKeys();
        String description = selected.opened().description();
        if (json) {
          ObjectNode root = Json.object();
          root.put("result", damaged.isEmpty() ? "ok" : "damaged");
          root.put("exit_code", code);
          root.put("archive", description);
          root.put("batch_files", all.size());
          root.put("batch_files_ok", ok.batches);
          root.put("batch_files_damaged", damaged.size());
          root.set("rows_verified", ok.rowsJson(tables));
          root.put("bytes_verified", ok.bytes);
          ArrayNode list = root.putArray("damaged");
          for (String[] d : damaged) {
            list.addObject().put("manifest", d[0]).put("data_file", d[1]).put("problem", d[2]);
          }
          ArrayNode inc = root.putArray("incomplete_files");
          incomplete.forEach(inc::add);
          root.put("duration_ms", took.toMillis());
          Json.print(out(), root);
          return code;
        }
        PrintWriter out = out();
        out.println("verify summary");
        out.println(Format.row("archive", description));
        out.println(Format.row("batch files", Format.count(all.size())));
        out.println(Format.row("verified", Format.count(ok.batches) + " (size, SHA-256, rows, order match the manifest)"));
        out.println(Format.row("damaged", Format.count(damaged.size())));
        for (String table : tables) {
          out.println(Format.row(table, Format.count(ok.rows.getOrDefault(table, 0L)) + " rows verified"));
        }
        out.println(Format.row("bytes verified", Format.bytes(ok.bytes)));
        out.println(Format.row("incomplete files", Format.count(incomplete.size())
            + " (no manifest: interrupted batches whose runs were never deleted)"));
        out.println(Format.row("time", Durations.format(took)));
        out.println(Format.row("result", damaged.isEmpty() ? "ok"
            : "DAMAGED: " + Format.count(damaged.size()) + " batch files do not match their manifests (exit code 1)"));
        out.flush();
        return code;
      }
    }
  }

  // ---- shared with restore ----

  /**
   * @throws IllegalArgumentException naming the flags when {@code from} is after {@code to}
   */
  static void checkRange(@Nullable LocalDate from, @Nullable LocalDate to) {
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("--from " + from + " is after --to " + to);
    }
  }

  /**
   * The batches restore would read; none is a usage error that names what was looked for.
   *
   * @param tenants the tenants, or null for every tenant
   */
  static ArchiveReader.Listing selectOrFail(ArchiveOptions.Opened opened, @Nullable List<String> tenants,
      @Nullable LocalDate from, @Nullable LocalDate to) {
    ArchiveReader.Listing listing = new ArchiveReader(opened.archive(),
        new dev.runstore.retention.ArchiveLayout(opened.prefix())).select(tenants, from, to);
    if (listing.batches().isEmpty()) {
      String days = from == null && to == null ? "" : " with runs created " + (from == null ? "" : "from " + from + " ")
          + (to == null ? "" : "to " + to + " ") + "(UTC)";
      String who = tenants == null ? "any tenant" : (tenants.size() == 1 ? "tenant " : "tenants ") + String.join(", ", tenants);
      String keys = opened.prefix().isEmpty() ? "" : opened.prefix() + "/";
      throw new RunstoreCommand.UsageFailure("no archived batch found in " + opened.description() + " for " + who
          + days + ": looked for " + keys + "<tenant>/workflow_runs/<day>/*" + dev.runstore.retention.ArchiveLayout.MANIFEST_SUFFIX
          + (listing.incompleteDataKeys().isEmpty() ? ""
              : " (found only " + listing.incompleteDataKeys().size() + " data files without a manifest: "
                  + "interrupted batches whose runs were never deleted)")
          + ". Check --archive and --prefix (default " + dev.runstore.retention.ArchiveLayout.DEFAULT_PREFIX + ")");
    }
    return listing;
  }

  /** The tables the manifests name, in first-seen order. */
  static Set<String> tables(List<StoredBatch> batches) {
    Set<String> tables = new LinkedHashSet<>();
    tables.add(BatchManifest.TABLE);
    for (StoredBatch b : batches) {
      tables.addAll(b.manifest().tableCounts().keySet());
    }
    return tables;
  }

  static ObjectNode batchJson(StoredBatch b, Set<String> tables) {
    BatchManifest m = b.manifest();
    ObjectNode node = Json.object();
    node.put("tenant_id", m.tenantId());
    node.put("manifest", b.manifestKey());
    node.put("data_file", b.dataKey());
    Json.put(node, "first_created_at", m.first().createdAt());
    node.put("first_run_id", m.first().id());
    Json.put(node, "last_created_at", m.last().createdAt());
    node.put("last_run_id", m.last().id());
    ObjectNode rows = node.putObject("rows");
    for (String table : tables) {
      rows.put(table, m.tableCounts().getOrDefault(table, 0L));
    }
    node.put("size_bytes", m.sizeBytes());
    node.put("sha256", m.sha256());
    Json.put(node, "archived_at", m.archivedAt());
    Json.put(node, "cutoff", m.cutoff());
    return node;
  }

  /** Batch files, rows per table, time range and bytes of a set of batches. */
  static final class Totals {
    int batches;
    final Map<String, Long> rows = new LinkedHashMap<>();
    long bytes;
    @Nullable Instant first;
    @Nullable Instant last;

    void add(BatchManifest m) {
      batches++;
      m.tableCounts().forEach((table, n) -> rows.merge(table, n, Long::sum));
      bytes += m.sizeBytes();
      Instant f = m.first().createdAt();
      Instant l = m.last().createdAt();
      first = first == null || f.isBefore(first) ? f : first;
      last = last == null || l.isAfter(last) ? l : last;
    }

    ObjectNode rowsJson(Set<String> tables) {
      ObjectNode node = Json.object();
      for (String table : tables) {
        node.put(table, rows.getOrDefault(table, 0L));
      }
      return node;
    }

    ObjectNode json(Set<String> tables) {
      ObjectNode node = Json.object();
      node.put("batch_files", batches);
      node.set("rows", rowsJson(tables));
      Json.put(node, "first_created_at", first);
      Json.put(node, "last_created_at", last);
      node.put("size_bytes", bytes);
      return node;
    }

    String line(String label, Set<String> tables) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-36s  %8s  %-27s  %-27s", label,
          Format.count(batches), first == null ? "-" : Format.instant(first), last == null ? "-" : Format.instant(last)));
      for (String table : tables) {
        line.append(String.format(Locale.ROOT, "  %14s", Format.count(rows.getOrDefault(table, 0L))));
      }
      return line.append(String.format(Locale.ROOT, "  %10s", Format.bytesShort(bytes))).toString();
    }
  }
}
