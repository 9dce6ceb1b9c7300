package dev.runstore.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns a UTC {@code created_at} into a calendar day of a time zone inside SQL, without the
 * database's own time-zone data (MySQL servers often have none loaded, and the two databases'
 * tz data may differ from the JVM's): the zone's UTC offsets over the queried range are computed
 * here from {@link ZoneId#getRules()}, and the dialect renders them as
 * {@code CASE WHEN created_at < t1 THEN o0 WHEN created_at < t2 THEN o1 ... ELSE on END} seconds
 * added to {@code created_at} before taking its date.
 *
 * <p>A {@link Window} holds at most about {@link #MAX_TRANSITIONS} transitions, so that a
 * statement stays small; a longer range is cut into several windows, each one statement. Cuts are
 * placed at a local midnight halfway between two transitions, where local dates increase with
 * time, so a day's runs are never split between two windows (its distinct creators are counted
 * in one statement).
 */
public final class LocalDayWindows {

  /** The most offset changes a window holds (about a century of daylight-saving time). */
  public static final int MAX_TRANSITIONS = 200;

  /**
   * A part of the range with the zone's offsets in it.
   *
   * @param from inclusive lower bound of {@code created_at}
   * @param to exclusive upper bound of {@code created_at}
   * @param transitions instants in {@code (from, to)} at which the offset changes, ascending
   * @param offsetSeconds the UTC offset in seconds before the first transition, between each two,
   *     and after the last: one more than {@code transitions}
   */
  public record Window(Instant from, Instant to, List<Instant> transitions, List<Integer> offsetSeconds) {

    /** Copies the lists and checks their sizes. */
    public Window {
      transitions = List.copyOf(transitions);
      offsetSeconds = List.copyOf(offsetSeconds);
      if (offsetSeconds.size() != transitions.size() + 1) {
        throw new IllegalArgumentException("one offset more than transitions expected");
      }
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("empty window " + from + " .. " + to);
      }
    }

    /**
     * The last microsecond of the window, {@code to - 1µs}: stored times have microsecond
     * precision, so {@code created_at <= last()} equals {@code created_at < to}, and unlike
     * {@code to} it never lies beyond {@link dev.runstore.api.Checks#MAX_INSTANT} (a window that
     * ends after the last stored run may end at MAX + 1µs, which MySQL cannot hold).
     */
    public Instant last() {
      return to.minus(1, java.time.temporal.ChronoUnit.MICROS);
    }

    /** The offset in effect at {@code instant} (which lies in the window). */
    public int offsetAt(Instant instant) {
      int i = 0;
      while (i < transitions.size() && !instant.isBefore(transitions.get(i))) {
        i++;
      }
      return offsetSeconds.get(i);
    }
  }

  private LocalDayWindows() {}

  /**
   * The windows covering {@code [from, to)} in {@code zone}.
   *
   * @throws IllegalArgumentException when {@code from} is not before {@code to}
   */
  public static List<Window> plan(ZoneId zone, Instant from, Instant to) {
    return plan(zone, from, to, MAX_TRANSITIONS);
  }

  /** {@link #plan(ZoneId, Instant, Instant)} with another limit (for tests). */
  static List<Window> plan(ZoneId zone, Instant from, Instant to, int maxTransitions) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to, was " + from + " .. " + to);
    }
    if (maxTransitions < 1) {
      throw new IllegalArgumentException("maxTransitions must be positive");
    }
    ZoneRules rules = zone.getRules();
    List<Window> windows = new ArrayList<>();
    Instant start = from;
    while (start.isBefore(to)) {
      List<Instant> transitions = new ArrayList<>();
      List<Integer> offsets = new ArrayList<>();
      offsets.add(rules.getOffset(start).getTotalSeconds());
      Instant end = to;
      Instant previous = start;
      for (ZoneOffsetTransition t = rules.nextTransition(start); t != null; t = rules.nextTransition(t.getInstant())) {
        Instant at = t.getInstant();
        if (!at.isBefore(to)) {
          break;
        }
        if (transitions.size() >= maxTransitions) {
          Instant cut = cut(zone, previous, at);
          if (cut != null) {
            end = cut;
            break;
          }
          // No midnight between the two transitions: keep this one in the window too.
        }
        transitions.add(at);
        offsets.add(t.getOffsetAfter().getTotalSeconds());
        previous = at;
      }
      windows.add(new Window(start, end, transitions, offsets));
      start = end;
    }
    return List.copyOf(windows);
  }

  /** A local midnight near the middle of {@code (after, before)}, or null when none lies strictly inside. */
  private static @Nullable Instant cut(ZoneId zone, Instant after, Instant before) {
    Instant middle = after.plus(Duration.between(after, before).dividedBy(2));
    LocalDate day = LocalDate.ofInstant(middle, zone);
    Instant midnight = day.atStartOfDay(zone).toInstant();
    if (!midnight.isAfter(after)) {
      midnight = day.plusDays(1).atStartOfDay(zone).toInstant();
    }
    return midnight.isAfter(after) && midnight.isBefore(before) ? midnight : null;
  }
}
