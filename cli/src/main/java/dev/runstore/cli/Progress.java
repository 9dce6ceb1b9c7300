package dev.runstore.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Progress of long work, on standard error: when standard error is a terminal, a single line
 * redrawn in place ({@code \r}), with a bar when the fraction done is known; otherwise a log line
 * at most every {@code interval} (every update when the interval is zero), so logs of cron jobs
 * stay short. Thread-safe: an interrupt handler may {@link #stop()} it while the work goes on.
 */
final class Progress {

  private static final int BAR_WIDTH = 30;
  /** Redraw a terminal line at most this often: drawing is cheap, but not free. */
  private static final Duration REDRAW = Duration.ofMillis(100);

  private final PrintWriter err;
  private final boolean terminal;
  private final Duration interval;
  private final Clock clock;
  private final String label;
  private final Instant started;
  private Instant lastPrinted;
  private int lastWidth;
  private boolean printedAny;
  /** A terminal line is drawn and not ended yet. */
  private boolean lineOpen;
  private boolean stopped;

  Progress(PrintWriter err, boolean terminal, Duration interval, Clock clock, String label) {
    this.err = err;
    this.terminal = terminal;
    this.interval = interval;
    this.clock = clock;
    this.label = label;
    this.started = clock.instant();
    this.lastPrinted = started;
  }

  /** A progress reporter for {@code env}: a bar when its standard error is a terminal. */
  static Progress of(CliEnvironment env, PrintWriter err, String label) {
    return new Progress(err, env.stderrTerminal(), env.progressInterval(), env.clock(), label);
  }

  /**
   * Reports progress.
   *
   * @param fraction done, 0..1, or negative when unknown
   * @param detail counters to show
   */
  synchronized void update(double fraction, String detail) {
    if (stopped) {
      return;
    }
    Instant now = clock.instant();
    Duration sinceLast = Duration.between(lastPrinted, now);
    if (terminal) {
      if (printedAny && sinceLast.compareTo(REDRAW) < 0) {
        return;
      }
      String line = label + " " + (fraction >= 0 ? bar(fraction) + " " : "") + detail
          + "  " + Durations.format(Duration.between(started, now));
      int pad = Math.max(0, lastWidth - line.length());
      err.print("\r" + line + " ".repeat(pad));
      lastWidth = line.length();
      lineOpen = true;
    } else {
      if (printedAny ? sinceLast.compareTo(interval) < 0 : Duration.between(started, now).compareTo(interval) < 0) {
        return;
      }
      err.println(label + ": " + (fraction >= 0 ? percent(fraction) + " " : "") + detail
          + " (" + Durations.format(Duration.between(started, now)) + ")");
    }
    err.flush();
    lastPrinted = now;
    printedAny = true;
  }

  /** Draws the final state at 100% on a terminal (logs need no extra line: a summary follows). */
  synchronized void complete(String detail) {
    if (terminal) {
      printedAny = false;
      update(1, detail);
    }
  }

  /** Ends the progress line on a terminal (the summary follows on its own line). */
  synchronized void finish() {
    if (lineOpen) {
      err.println();
      err.flush();
      lineOpen = false;
    }
  }

  /** Ends the line and draws nothing more: what follows (an interruption report) stays last. */
  synchronized void stop() {
    finish();
    stopped = true;
  }

  private static String bar(double fraction) {
    double f = Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.round(f * BAR_WIDTH);
    return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + percent(f);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%3d%%", (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100));
  }
}
