package dev.runstore.cli;

import dev.runstore.api.Checks;
import dev.runstore.api.TriggeredFrom;
import dev.runstore.api.WorkflowRunStatus;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The picocli converters of the tool's argument types; a bad value is a usage error (exit 2). */
final class Converters {

  private Converters() {}

  /** Registers the converters on {@code commandLine} and its subcommands. */
  static void register(CommandLine commandLine) {
    commandLine.registerConverter(Duration.class, new DurationConverter());
    commandLine.registerConverter(TriggeredFrom.class, new TriggerConverter());
    commandLine.registerConverter(WorkflowRunStatus.class, new StatusConverter());
    commandLine.registerConverter(LocalDate.class, new DateConverter());
    commandLine.registerConverter(ZoneId.class, new ZoneConverter());
    // --kind like --status and --trigger: RUNS and runs alike.
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
  }

  /**
   * A tenant, app or run id: a UUID in its canonical lower-case form. Anything else (a name, a
   * truncated id, one with a trailing space) is a usage error naming the flag, as every id is a
   * UUID in Dify's tables: such an id could only ever match nothing.
   */
  static final class UuidConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String canonical = Checks.canonicalUuid(value);
      if (canonical == null) {
        throw new TypeConversionException("'" + value + "' is not a UUID (36 characters: 8-4-4-4-12 hex digits, "
            + "e.g. 3f2b9c1e-7d4a-4b8e-9f00-2a6c1d5e8b71)");
      }
      return canonical;
    }
  }

  /** {@link Durations#parse(String)}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A trigger's stored value ({@code app-run}) or constant name ({@code APP_RUN}). */
  static final class TriggerConverter implements ITypeConverter<TriggeredFrom> {
    @Override
    public TriggeredFrom convert(String value) {
      for (TriggeredFrom t : TriggeredFrom.values()) {
        if (t.value().equalsIgnoreCase(value) || t.name().equalsIgnoreCase(value)) {
          return t;
        }
      }
      throw new TypeConversionException("unknown trigger '" + value + "'; expected one of "
          + Arrays.stream(TriggeredFrom.values()).map(TriggeredFrom::value).collect(Collectors.joining(", ")));
    }
  }

  /** A status's stored value ({@code partial-succeeded}) or constant name. */
  static final class StatusConverter implements ITypeConverter<WorkflowRunStatus> {
    @Override
    public WorkflowRunStatus convert(String value) {
      for (WorkflowRunStatus s : WorkflowRunStatus.values()) {
        if (s.value().equalsIgnoreCase(value) || s.name().equalsIgnoreCase(value)) {
          return s;
        }
      }
      throw new TypeConversionException("unknown status '" + value + "'; expected one of "
          + Arrays.stream(WorkflowRunStatus.values()).map(WorkflowRunStatus::value).collect(Collectors.joining(", ")));
    }
  }

  /** An ISO date, {@code 2025-06-01}. */
  static final class DateConverter implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return LocalDate.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("invalid date '" + value + "': use yyyy-MM-dd, e.g. 2025-06-01");
      }
    }
  }

  /** A zone id, {@code UTC}, {@code Asia/Shanghai}, {@code +08:00}. */
  static final class ZoneConverter implements ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
      try {
        return ZoneId.of(value.trim());
      } catch (RuntimeException e) {
        throw new TypeConversionException("invalid time zone '" + value
            + "': use a region such as Asia/Shanghai, UTC, or an offset such as +08:00");
      }
    }
  }
}
