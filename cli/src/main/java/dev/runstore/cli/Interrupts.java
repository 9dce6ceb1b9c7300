package dev.runstore.cli;

/**
 * Where a command registers what to do when the user interrupts the tool (Ctrl-C). The real
 * tool uses the JVM's shutdown hooks ({@link #SHUTDOWN_HOOKS}): on SIGINT the JVM runs them on
 * their own threads while the command's thread goes on, and halts when they return. Tests
 * register elsewhere and fire the actions themselves.
 */
@FunctionalInterface
public interface Interrupts {

  /** Never interrupted. */
  Interrupts NONE = action -> () -> {};

  /** SIGINT (and SIGTERM) through {@link Runtime#addShutdownHook}. */
  Interrupts SHUTDOWN_HOOKS = action -> {
    Thread hook = new Thread(action, "runstore-interrupted");
    Runtime.getRuntime().addShutdownHook(hook);
    return () -> {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting: the hook runs (or ran) and reports.
      }
    };
  };

  /**
   * Runs {@code action} on its own thread when the tool is interrupted, until the returned
   * registration is closed.
   */
  Registration register(Runnable action);

  /** A registered action; {@link #close()} unregisters it. */
  @FunctionalInterface
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
