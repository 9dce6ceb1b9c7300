package dev.runstore.cli;

/**
 * The exit codes of {@code runstore} (also listed by {@code runstore --help}).
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>success</td></tr>
 *   <tr><td>1</td><td>runtime failure: database or archive error, or the user declined a
 *       confirmation</td></tr>
 *   <tr><td>2</td><td>usage error: unknown option, invalid argument, invalid configuration</td></tr>
 *   <tr><td>3</td><td>{@code purge} stopped by its budget ({@code --max-runs},
 *       {@code --max-duration}) with expired runs left: run it again</td></tr>
 *   <tr><td>4</td><td>{@code get}: no such run</td></tr>
 *   <tr><td>130</td><td>interrupted (Ctrl-C / SIGINT)</td></tr>
 *   <tr><td>141</td><td>standard output was closed (e.g. {@code | head}): stopped early, as
 *       a process killed by SIGPIPE is reported</td></tr>
 * </table>
 */
public final class ExitCodes {

  /** Success. */
  public static final int OK = 0;
  /** A database or archive failure, or a declined confirmation. */
  public static final int FAILURE = 1;
  /** Invalid arguments or configuration. */
  public static final int USAGE = 2;
  /** Purge stopped by its run or time budget while expired runs remain. */
  public static final int BUDGET_EXHAUSTED = 3;
  /** The run asked for does not exist. */
  public static final int NOT_FOUND = 4;
  /** Interrupted by SIGINT (128 + 2, as shells report it). */
  public static final int INTERRUPTED = 130;
  /** Standard output was closed by its reader: the command stopped without reading further (128 + SIGPIPE). */
  public static final int OUTPUT_CLOSED = 141;

  /** The text {@code --help} shows under "Exit codes". */
  static final String[] HELP = {
    "0:Success.",
    "1:Runtime failure: database or archive error (archive verify: a damaged batch), or a declined confirmation.",
    "2:Usage error: invalid option, argument or configuration.",
    "3:purge stopped by --max-runs/--max-duration with expired runs left (run it again).",
    "4:get: no such run.",
    "130:Interrupted (Ctrl-C).",
    "141:Standard output closed (e.g. | head): stopped early.",
  };

  private ExitCodes() {}
}
