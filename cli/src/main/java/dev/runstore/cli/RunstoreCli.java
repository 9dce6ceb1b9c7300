package dev.runstore.cli;

/** The {@code runstore} executable's entry point. */
public final class RunstoreCli {

  private RunstoreCli() {}

  /** Runs the command line and exits with its {@linkplain ExitCodes exit code}. */
  public static void main(String[] args) {
    int code = RunstoreCommand.commandLine(CliEnvironment.system()).execute(args);
    System.exit(code);
  }
}
