package dev.runstore.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the tool takes from its surroundings: environment variables, how it opens repositories,
 * the clock, whether it talks to a terminal, where it reads confirmations from, and the
 * embedded default database. {@link #system()} is the real one; tests build their own.
 */
public final class CliEnvironment {

  private final Map<String, String> variables;
  private final RepositoryFactory repositories;
  private final Clock clock;
  private final boolean terminal;
  private final boolean stderrTerminal;
  private final Interrupts interrupts;
  private final Supplier<BufferedReader> input;
  private final EmbeddedDefaults embeddedDefaults;
  private final Duration progressInterval;

  private CliEnvironment(Builder b) {
    this.variables = Map.copyOf(b.variables);
    this.repositories = b.repositories;
    this.clock = b.clock;
    this.terminal = b.terminal;
    this.stderrTerminal = b.stderrTerminal;
    this.interrupts = b.interrupts;
    this.input = b.input;
    this.embeddedDefaults = b.embeddedDefaults;
    this.progressInterval = b.progressInterval;
  }

  /**
   * The process's environment: {@code System.getenv()}, ServiceLoader backends, the UTC system
   * clock, prompts when {@code System.console()} exists (standard input and output are a
   * terminal), a progress bar when standard error is a terminal ({@link Terminals}), SIGINT
   * through the JVM's shutdown hooks, standard input, and H2 in {@code ./runstore-data}.
   */
  public static CliEnvironment system() {
    Charset charset = Charset.defaultCharset();
    return builder()
        .variables(System.getenv())
        .terminal(System.console() != null)
        .stderrTerminal(Terminals.stderrIsTerminal())
        .interrupts(Interrupts.SHUTDOWN_HOOKS)
        .input(() -> new BufferedReader(new InputStreamReader(System.in, charset)))
        .build();
  }

  /** A builder starting from defaults: no variables, ServiceLoader, no terminal, no interrupts, empty input. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this environment's settings. */
  public Builder toBuilder() {
    return builder().variables(variables).repositories(repositories).clock(clock).terminal(terminal)
        .stderrTerminal(stderrTerminal).interrupts(interrupts).input(input).embeddedDefaults(embeddedDefaults).progressInterval(progressInterval);
  }

  /** Environment variables ({@code RUNSTORE_*} are read). */
  public Map<String, String> variables() {
    return variables;
  }

  /** How repositories are opened. */
  public RepositoryFactory repositories() {
    return repositories;
  }

  /** The clock (cutoffs, demo timestamps, durations). */
  public Clock clock() {
    return clock;
  }

  /** True when stdin and stdout are a terminal: confirmation prompts. */
  public boolean terminal() {
    return terminal;
  }

  /** True when standard error is a terminal: progress is a bar redrawn in place, else log lines. */
  public boolean stderrTerminal() {
    return stderrTerminal;
  }

  /** Where commands register what to do on Ctrl-C. */
  public Interrupts interrupts() {
    return interrupts;
  }

  /** A reader of the user's answers to prompts. */
  public BufferedReader input() {
    return input.get();
  }

  /** The database used when none is configured. */
  public EmbeddedDefaults embeddedDefaults() {
    return embeddedDefaults;
  }

  /** How often progress is logged when not on a terminal (zero: after every batch). */
  public Duration progressInterval() {
    return progressInterval;
  }

  /** Builds a {@link CliEnvironment}. */
  public static final class Builder {
    private Map<String, String> variables = Map.of();
    private RepositoryFactory repositories = RepositoryFactory.SERVICE_LOADER;
    private Clock clock = Clock.systemUTC();
    private boolean terminal;
    private boolean stderrTerminal;
    private Interrupts interrupts = Interrupts.NONE;
    private Supplier<BufferedReader> input = () -> new BufferedReader(new java.io.StringReader(""));
    private EmbeddedDefaults embeddedDefaults = EmbeddedDefaults.standard();
    private Duration progressInterval = Duration.ofSeconds(10);

    private Builder() {}

    /** Environment variables. */
    public Builder variables(Map<String, String> variables) {
      this.variables = Objects.requireNonNull(variables, "variables");
      return this;
    }

    /** How repositories are opened. */
    public Builder repositories(RepositoryFactory repositories) {
      this.repositories = Objects.requireNonNull(repositories, "repositories");
      return this;
    }

    /** The clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Whether standard input and output are a terminal (prompts). */
    public Builder terminal(boolean terminal) {
      this.terminal = terminal;
      return this;
    }

    /** Whether standard error is a terminal (progress bar). */
    public Builder stderrTerminal(boolean stderrTerminal) {
      this.stderrTerminal = stderrTerminal;
      return this;
    }

    /** Where commands register what to do on Ctrl-C (default: nowhere). */
    public Builder interrupts(Interrupts interrupts) {
      this.interrupts = Objects.requireNonNull(interrupts, "interrupts");
      return this;
    }

    /** Where prompts read answers from. */
    public Builder input(Supplier<BufferedReader> input) {
      this.input = Objects.requireNonNull(input, "input");
      return this;
    }

    /** The database used when none is configured. */
    public Builder embeddedDefaults(EmbeddedDefaults embeddedDefaults) {
      this.embeddedDefaults = Objects.requireNonNull(embeddedDefaults, "embeddedDefaults");
      return this;
    }

    /** How often progress is logged when not on a terminal (zero: after every batch). */
    public Builder progressInterval(Duration progressInterval) {
      if (progressInterval.isNegative()) {
        throw new IllegalArgumentException("progressInterval must not be negative");
      }
      this.progressInterval = progressInterval;
      return this;
    }

    /** The environment. */
    public CliEnvironment build() {
      return new CliEnvironment(this);
    }
  }
}
