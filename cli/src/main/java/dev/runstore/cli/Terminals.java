package dev.runstore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Whether standard error is a terminal. Java only tells whether standard input and output are
 * ({@code System.console()}), which is the wrong question for a progress bar drawn on standard
 * error: {@code runstore purge ... > summary.txt} on a terminal should draw it, and
 * {@code 2> purge.log} should not fill the log with redrawn frames.
 */
final class Terminals {

  private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");

  private Terminals() {}

  /**
   * True when file descriptor 2 is a terminal: on Linux where {@code /proc/self/fd/2} points (a
   * {@code /dev/pts/N} or {@code /dev/ttyN}); on other Unix systems {@code test -t 2} in a shell
   * that inherits this process's standard error (bounded to two seconds); elsewhere
   * (Windows) whether {@code System.console()} exists.
   */
  static boolean stderrIsTerminal() {
    if (Files.isSymbolicLink(STDERR_LINK)) {
      try {
        return isTerminalDevice(Files.readSymbolicLink(STDERR_LINK).toString());
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return false;
      }
    }
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
      return System.console() != null;
    }
    try {
      Process test = new ProcessBuilder("sh", "-c", "test -t 2")
          .redirectInput(ProcessBuilder.Redirect.PIPE)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      if (!test.waitFor(2, TimeUnit.SECONDS)) {
        test.destroyForcibly();
        return false;
      }
      return test.exitValue() == 0;
    } catch (IOException | SecurityException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether a device path names a terminal: {@code /dev/pts/3}, {@code /dev/tty1}, {@code /dev/console}. */
  static boolean isTerminalDevice(String device) {
    return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
  }
}
