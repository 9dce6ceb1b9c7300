package dev.runstore.testkit;

import dev.runstore.api.WorkflowRun;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Short, readable differences between runs. Record {@code toString} and AssertJ's default output
 * would print megabytes for runs holding large JSON; these name the first differing component and,
 * for text, the first differing index with a little context around it.
 */
public final class RunDiff {

  private static final int CONTEXT = 24;

  private RunDiff() {}

  /** Null when the runs are equal, else what differs first. */
  public static @Nullable String between(@Nullable WorkflowRun expected, @Nullable WorkflowRun actual) {
    if (expected == null || actual == null) {
      return expected == actual ? null : "expected " + brief(expected) + " but was " + brief(actual);
    }
    if (expected.equals(actual)) {
      return null;
    }
    String d;
    if ((d = text("id", expected.id(), actual.id())) != null
        || (d = text("tenantId", expected.tenantId(), actual.tenantId())) != null
        || (d = text("appId", expected.appId(), actual.appId())) != null
        || (d = text("workflowId", expected.workflowId(), actual.workflowId())) != null
        || (d = value("type", expected.type(), actual.type())) != null
        || (d = value("triggeredFrom", expected.triggeredFrom(), actual.triggeredFrom())) != null
        || (d = text("version", expected.version(), actual.version())) != null
        || (d = text("graph", expected.graph(), actual.graph())) != null
        || (d = text("inputs", expected.inputs(), actual.inputs())) != null
        || (d = value("status", expected.status(), actual.status())) != null
        || (d = text("outputs", expected.outputs(), actual.outputs())) != null
        || (d = text("error", expected.error(), actual.error())) != null
        || (d = value("elapsedTime", expected.elapsedTime(), actual.elapsedTime())) != null
        || (d = value("totalTokens", expected.totalTokens(), actual.totalTokens())) != null
        || (d = value("totalSteps", expected.totalSteps(), actual.totalSteps())) != null
        || (d = value("createdByRole", expected.createdByRole(), actual.createdByRole())) != null
        || (d = text("createdBy", expected.createdBy(), actual.createdBy())) != null
        || (d = value("createdAt", expected.createdAt(), actual.createdAt())) != null
        || (d = value("finishedAt", expected.finishedAt(), actual.finishedAt())) != null
        || (d = value("exceptionsCount", expected.exceptionsCount(), actual.exceptionsCount())) != null) {
      return "run " + expected.id() + ": " + d;
    }
    return "runs differ (equals() is false but no component differs?)";
  }

  /** Null when the lists hold equal runs in the same order, else the first difference. */
  public static @Nullable String between(List<WorkflowRun> expected, List<WorkflowRun> actual) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      String d = between(expected.get(i), actual.get(i));
      if (d != null) {
        return "at index " + i + " of " + expected.size() + " expected (ids " + ids(expected)
            + ", actual ids " + ids(actual) + "): " + d;
      }
    }
    if (expected.size() != actual.size()) {
      return "expected " + expected.size() + " runs " + ids(expected) + " but got " + actual.size() + " "
          + ids(actual);
    }
    return null;
  }

  /** The runs' ids, clipped to the first 20, for messages. */
  public static String ids(List<WorkflowRun> runs) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < runs.size() && i < 20; i++) {
      b.append(i == 0 ? "" : ", ").append(runs.get(i).id(), 0, 8).append('…');
    }
    return b.append(runs.size() > 20 ? ", …]" : "]").toString();
  }

  /** Null when equal, else the first differing index with context on both sides. */
  public static @Nullable String text(String name, @Nullable String expected, @Nullable String actual) {
    if (Objects.equals(expected, actual)) {
      return null;
    }
    if (expected == null || actual == null) {
      return name + ": expected " + clip(expected) + " but was " + clip(actual);
    }
    int i = 0;
    int n = Math.min(expected.length(), actual.length());
    while (i < n && expected.charAt(i) == actual.charAt(i)) {
      i++;
    }
    return name + ": lengths " + expected.length() + " vs " + actual.length() + ", first difference at index "
        + i + ": expected …" + window(expected, i) + "… but was …" + window(actual, i) + "…";
  }

  private static @Nullable String value(String name, @Nullable Object expected, @Nullable Object actual) {
    return Objects.equals(expected, actual) ? null : name + ": expected " + expected + " but was " + actual;
  }

  private static String window(String s, int at) {
    int from = Math.max(0, at - CONTEXT);
    int to = Math.min(s.length(), at + CONTEXT);
    return escape(s.substring(from, to));
  }

  private static String clip(@Nullable String s) {
    if (s == null) {
      return "null";
    }
    return "\"" + escape(s.length() <= 2 * CONTEXT ? s : s.substring(0, 2 * CONTEXT) + "…") + "\" (length "
        + s.length() + ")";
  }

  /** Makes control characters and non-ASCII visible as {@code \\uXXXX}. */
  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String brief(@Nullable WorkflowRun run) {
    return run == null ? "no run" : "run " + run.id();
  }
}
