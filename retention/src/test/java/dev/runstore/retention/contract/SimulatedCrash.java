package dev.runstore.retention.contract;

/**
 * Stands for the process being killed at an injected point: an {@link Error}, so that no
 * {@code catch (RuntimeException)} in the code under test can swallow it.
 */
public final class SimulatedCrash extends Error {
  private static final long serialVersionUID = 1L;

  /** A crash at the named point. */
  public SimulatedCrash(String where) {
    super("simulated crash " + where);
  }
}
