package dev.runstore.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * The ratios of the JMH benchmarks measured call by call in turn, for a machine too busy for JMH's
 * one-benchmark-after-the-other: every round calls each way once, in a shuffled order, so a burst
 * of load from elsewhere hits all ways alike. Uses the JMH classes' own setups (and their checks
 * that the ways return the same runs). Prints each way's median and interquartile range, and each
 * ratio as the ratio of the medians with the range of the ratios of ten consecutive blocks of
 * rounds (the error bar), and as the ratio of the 5th percentiles (the calls least delayed by
 * the machine's other work). The first fifth of the time budget is warm-up and is not counted.
 *
 * <pre>
 * java -cp benchmarks.jar dev.runstore.benchmarks.Interleaved DB point SECONDS
 * java -cp benchmarks.jar dev.runstore.benchmarks.Interleaved DB list SHARE DEPTH SECONDS
 * java -cp benchmarks.jar dev.runstore.benchmarks.Interleaved DB lastid SHARE DEPTH SECONDS
 * java -cp benchmarks.jar dev.runstore.benchmarks.Interleaved DB deep SHARE SECONDS
 * </pre>
 */
public final class Interleaved {

  private static final int BLOCKS = 10;

  private Interleaved() {}

  private record Way(String name, Callable<?> call) {}

  /**
   * Runs one comparison.
   *
   * @param args the server, the comparison and its parameters (see the class comment)
   * @throws Exception when a setup check or a call fails
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    String db = args[0];
    String what = args[1];
    double seconds = Double.parseDouble(args[args.length - 1]);
    switch (what) {
      case "point" -> {
        PointOpsBenchmark p = new PointOpsBenchmark();
        p.db = db;
        p.setUp();
        try {
          run(db + " point", seconds, List.of(new Way("runstoreSave", p::runstoreSave), new Way("rawUpsert", p::rawUpsert),
              new Way("runstoreGet", p::runstoreGet), new Way("handGet", p::handGet)),
              List.of("runstoreSave/rawUpsert", "runstoreGet/handGet"));
        } finally {
          p.tearDown();
        }
      }
      case "list" -> {
        ListBenchmark l = list(db, args[2], args[3]);
        try {
          run(db + " list share=" + args[2] + " depth=" + args[3], seconds, List.of(
              new Way("runstoreLastId", l::runstoreLastId), new Way("runstoreCursor", l::runstoreCursor),
              new Way("handLastId", l::handLastId), new Way("handCursor", l::handCursor),
              new Way("difyCurrent", l::difyCurrent)),
              List.of("runstoreLastId/handLastId", "runstoreCursor/handCursor", "runstoreLastId/runstoreCursor",
                  "difyCurrent/runstoreLastId", "difyCurrent/runstoreCursor"));
        } finally {
          l.tearDown();
        }
      }
      case "lastid" -> {
        LastIdBenchmark b = new LastIdBenchmark();
        b.db = db;
        b.share = args[2];
        b.depth = args[3];
        b.setUp();
        try {
          run(db + " lastid share=" + args[2] + " depth=" + args[3], seconds, List.of(new Way("token", b::token),
              new Way("lastId", b::lastId), new Way("candidate", b::candidate)),
              List.of("lastId/token", "candidate/token"));
        } finally {
          b.tearDown();
        }
      }
      case "deep" -> {
        ListBenchmark second = list(db, args[2], "1");
        ListBenchmark deep = list(db, args[2], "99");
        try {
          run(db + " deep share=" + args[2], seconds, List.of(new Way("token@1", second::runstoreCursor),
              new Way("token@99", deep::runstoreCursor), new Way("lastId@1", second::runstoreLastId),
              new Way("lastId@99", deep::runstoreLastId)),
              List.of("token@99/token@1", "lastId@99/lastId@1"));
        } finally {
          second.tearDown();
          deep.tearDown();
        }
      }
      default -> throw new IllegalArgumentException("unknown comparison " + what + ": point, list, lastid or deep");
    }
  }

  private static ListBenchmark list(String db, String share, String depth) throws Exception {
    ListBenchmark l = new ListBenchmark();
    l.db = db;
    l.share = share;
    l.depth = depth;
    l.setUp();
    return l;
  }

  private static void run(String title, double seconds, List<Way> ways, List<String> ratios) throws Exception {
    Map<String, List<Long>> samples = new LinkedHashMap<>();
    ways.forEach(w -> samples.put(w.name(), new ArrayList<>()));
    List<Way> order = new ArrayList<>(ways);
    Random random = new Random(16);
    long start = System.nanoTime();
    long warmEnd = start + (long) (seconds * 0.2e9);
    long end = start + (long) (seconds * 1e9);
    int rounds = 0;
    while (true) {
      long now = System.nanoTime();
      if (now >= end && rounds >= BLOCKS * 2) {
        break;
      }
      Collections.shuffle(order, random);
      boolean counted = now >= warmEnd;
      for (Way w : order) {
        long t0 = System.nanoTime();
        w.call().call();
        long t = System.nanoTime() - t0;
        if (counted) {
          Objects.requireNonNull(samples.get(w.name())).add(t);
        }
      }
      if (counted) {
        rounds++;
      }
    }
    System.out.printf(Locale.ROOT, "== %s: %d rounds counted in %.0f s%n", title, rounds, seconds * 0.8);
    for (Map.Entry<String, List<Long>> e : samples.entrySet()) {
      long[] v = e.getValue().stream().mapToLong(Long::longValue).toArray();
      System.out.printf(Locale.ROOT, "  %-16s median %,10.1f us  (p25 %,.1f  p75 %,.1f; p5 %,.1f  min %,.1f)%n",
          e.getKey(), quantile(v, 0.5) / 1e3, quantile(v, 0.25) / 1e3, quantile(v, 0.75) / 1e3,
          quantile(v, 0.05) / 1e3, quantile(v, 0) / 1e3);
    }
    for (String ratio : ratios) {
      String[] ab = ratio.split("/");
      List<Long> a = Objects.requireNonNull(samples.get(ab[0]), ratio);
      List<Long> b = Objects.requireNonNull(samples.get(ab[1]), ratio);
      double all = quantile(toArray(a), 0.5) / quantile(toArray(b), 0.5);
      double lo = Double.MAX_VALUE;
      double hi = 0;
      int size = a.size() / BLOCKS;
      for (int i = 0; i < BLOCKS; i++) {
        double r = quantile(toArray(a.subList(i * size, (i + 1) * size)), 0.5)
            / quantile(toArray(b.subList(i * size, (i + 1) * size)), 0.5);
        lo = Math.min(lo, r);
        hi = Math.max(hi, r);
      }
      // The 5th percentiles: the calls the machine's other work delayed least, closest to the cost
      // of the work itself when the load makes the medians mostly waiting for a CPU.
      double fast = quantile(toArray(a), 0.05) / quantile(toArray(b), 0.05);
      System.out.printf(Locale.ROOT, "  ratio %-30s %.2f  (blocks %.2f-%.2f)  p5 ratio %.2f%n", ratio, all, lo, hi, fast);
    }
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private static double quantile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    double index = q * (sorted.length - 1);
    int low = (int) Math.floor(index);
    int high = (int) Math.ceil(index);
    return sorted[low] + (sorted[high] - sorted[low]) * (index - low);
  }
}
