package dev.runstore.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;

/** The {@code runstore} executable's entry point. */
public final class RunstoreCli {

  private RunstoreCli() {}

  /** Runs the command line and exits with its {@linkplain ExitCodes exit code}. */
  public static void main(String[] args) {
    CommandLine commandLine = RunstoreCommand.commandLine(CliEnvironment.system());
    // Straight to file descriptor 1, not through System.out, which swallows write errors: a
    // reader that went away (| head) shows up in checkError() and commands stop early.
    PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.out), Charset.defaultCharset())), true);
    commandLine.setOut(out);
    int code = commandLine.execute(args);
    out.flush();
    System.exit(code);
  }
}
