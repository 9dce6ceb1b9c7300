package dev.runstore.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One SQL statement and its parameters, in order, each tagged with its kind so that the
 * {@link SqlDialect} binds it the way its database and driver need (a UUID as {@code uuid} or as
 * {@code CHAR(36)}, an instant as a UTC timestamp or as a string). Immutable once built.
 *
 * <p>{@link #toString()} is the SQL text only: messages may show it, never the bound values.
 */
public final class Sql {

  /** How a parameter is bound. */
  public enum Kind {
    /** A canonical UUID string, bound by {@link SqlDialect#bindUuid}. */
    UUID,
    /** A text value, possibly null, bound with {@code setString}/{@code setNull(VARCHAR)}. */
    TEXT,
    /** An {@link Instant}, possibly null, bound by {@link SqlDialect#bindInstant}. */
    INSTANT,
    /** An {@link Integer}. */
    INT,
    /** A {@link Long}. */
    LONG,
    /** A {@link Double}. */
    DOUBLE,
    /** A {@code byte[]} (binary column). */
    BYTES,
    /** A {@link Boolean}. */
    BOOLEAN
  }

  /**
   * One parameter.
   *
   * @param kind how it is bound
   * @param value the value; null binds SQL NULL (the builders' typed methods take null only
   *     for {@link Kind#TEXT} and {@link Kind#INSTANT}; {@link Composer#param} for any kind)
   */
  public record Param(Kind kind, @Nullable Object value) {
    /** Checks the kind. */
    public Param {
      Objects.requireNonNull(kind, "kind");
    }
  }

  private final String text;
  private final List<Param> params;
  private final boolean samePlanForAnyValues;

  private Sql(String text, List<Param> params, boolean samePlanForAnyValues) {
    this.text = text;
    this.params = Collections.unmodifiableList(params);
    this.samePlanForAnyValues = samePlanForAnyValues;
  }

  /**
   * Whether the best plan of this statement is the same whatever values are bound (a lookup or
   * upsert by primary key): a dialect may then let the server keep its plan across calls instead
   * of planning each call (see {@link SqlDialect#prepare}).
   */
  public boolean samePlanForAnyValues() {
    return samePlanForAnyValues;
  }

  /** A builder for a statement with this SQL text; add the parameters in the order of the {@code ?}. */
  public static Builder of(String text) {
    return new Builder(text);
  }

  /** The SQL text, with {@code ?} placeholders. */
  public String text() {
    return text;
  }

  /** The parameters in placeholder order. */
  public List<Param> params() {
    return params;
  }

  /** The SQL text only (never the values). */
  @Override
  public String toString() {
    return text;
  }

  /**
   * A builder that appends SQL text and its parameters together, for statements assembled from
   * fragments (optional filters, IN lists, a {@code CASE} per time-zone transition). The text
   * must not use {@code ?} other than as placeholders.
   */
  public static Composer compose() {
    return new Composer();
  }

  /** Assembles a {@link Sql} from fragments; see {@link #compose()}. */
  public static final class Composer {
    private final StringBuilder text = new StringBuilder();
    private final List<Param> params = new ArrayList<>();

    private Composer() {}

    /** Appends SQL text (with placeholders whose parameters follow). */
    public Composer sql(String fragment) {
      text.append(Objects.requireNonNull(fragment, "fragment"));
      return this;
    }

    /** Appends another statement's text and parameters. */
    public Composer sql(Sql fragment) {
      text.append(fragment.text());
      params.addAll(fragment.params());
      return this;
    }

    /** Appends {@code count} placeholders separated by {@code ", "}. */
    public Composer placeholders(int count) {
      for (int i = 0; i < count; i++) {
        text.append(i == 0 ? "?" : ", ?");
      }
      return this;
    }

    /** Adds a canonical UUID string. */
    public Composer uuid(String value) {
      params.add(new Param(Kind.UUID, Objects.requireNonNull(value, "value")));
      return this;
    }

    /** Adds a text value (null allowed). */
    public Composer text(@Nullable String value) {
      params.add(new Param(Kind.TEXT, value));
      return this;
    }

    /** Adds an instant (null allowed). */
    public Composer instant(@Nullable Instant value) {
      params.add(new Param(Kind.INSTANT, value));
      return this;
    }

    /** Adds an int. */
    public Composer integer(int value) {
      params.add(new Param(Kind.INT, value));
      return this;
    }

    /** Adds a long. */
    public Composer bigint(long value) {
      params.add(new Param(Kind.LONG, value));
      return this;
    }

    /** Adds a value of any kind, null for SQL NULL (rows copied generically, e.g. a restore). */
    public Composer param(Kind kind, @Nullable Object value) {
      params.add(new Param(kind, value));
      return this;
    }

    /** Adds binary content. */
    public Composer bytes(byte[] value) {
      params.add(new Param(Kind.BYTES, Objects.requireNonNull(value, "value")));
      return this;
    }

    /**
     * The statement.
     *
     * @throws IllegalStateException when placeholders and parameters differ in number
     */
    public Sql build() {
      Builder builder = new Builder(text.toString());
      builder.params.addAll(params);
      return builder.build();
    }
  }

  /** Collects the parameters of a {@link Sql}. */
  public static final class Builder {
    private final String text;
    private final List<Param> params = new ArrayList<>();
    private boolean samePlanForAnyValues;

    private Builder(String text) {
      this.text = Objects.requireNonNull(text, "text");
    }

    /** Adds a canonical UUID string. */
    public Builder uuid(String value) {
      params.add(new Param(Kind.UUID, Objects.requireNonNull(value, "value")));
      return this;
    }

    /** Adds a text value (null allowed). */
    public Builder text(@Nullable String value) {
      params.add(new Param(Kind.TEXT, value));
      return this;
    }

    /** Adds an instant (null allowed). */
    public Builder instant(@Nullable Instant value) {
      params.add(new Param(Kind.INSTANT, value));
      return this;
    }

    /** Adds an int. */
    public Builder integer(int value) {
      params.add(new Param(Kind.INT, value));
      return this;
    }

    /** Adds a long. */
    public Builder bigint(long value) {
      params.add(new Param(Kind.LONG, value));
      return this;
    }

    /** Marks the statement {@link Sql#samePlanForAnyValues()}: its plan does not depend on the values. */
    public Builder samePlanForAnyValues() {
      this.samePlanForAnyValues = true;
      return this;
    }

    /** Adds a double. */
    public Builder dbl(double value) {
      params.add(new Param(Kind.DOUBLE, value));
      return this;
    }

    /** Adds binary content. */
    public Builder bytes(byte[] value) {
      params.add(new Param(Kind.BYTES, Objects.requireNonNull(value, "value")));
      return this;
    }

    /** The statement. */
    public Sql build() {
      int placeholders = 0;
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == '?') {
          placeholders++;
        }
      }
      // A cheap guard against SQL builders that drift from their parameter lists. Dialects
      // that use '?' inside literals or operators must not use this class for such text.
      if (placeholders != params.size()) {
        throw new IllegalStateException(
            "statement has " + placeholders + " placeholders but " + params.size() + " parameters: " + text);
      }
      return new Sql(text, new ArrayList<>(params), samePlanForAnyValues);
    }
  }
}
