package dev.runstore.api;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.ServiceLoader;
import dev.runstore.spi.SqlErrorClassifier;
import org.jspecify.annotations.Nullable;

/**
 * A storage failure. Wraps the {@link SQLException} of a JDBC backend; the message names the
 * operation and the SQL text, never bound values. {@link #reason()} says what kind of failure it
 * is, {@link #isTransient()} whether the same work may succeed when tried again.
 *
 * <p>The reason of a wrapped {@link SQLException} comes from the database's own error codes, known
 * to the backend modules on the class path (each registers what it knows), and otherwise from the
 * SQL standard: SQLState class {@code 08} (connection exception), {@code 40001} (serialization
 * failure), the rest of class {@code 40} (transaction rollback, e.g. a deadlock), {@code HYT00}
 * (timeout), and the JDBC exception types ({@link SQLTransientConnectionException},
 * {@link SQLTimeoutException}, ...).
 */
public class DataAccessException extends RunStoreException {
  private static final long serialVersionUID = 1L;

  /** What kind of storage failure this is. */
  public enum Reason {
    /** The connection was lost, refused or terminated by the server. Transient. */
    CONNECTION_FAILURE(true),
    /** No connection became free in the pool within its wait. Transient. */
    POOL_TIMEOUT(true),
    /** The database broke a deadlock by aborting this transaction. Transient; retried by runstore. */
    DEADLOCK(true),
    /** The transaction could not be serialized with a concurrent one. Transient; retried by runstore. */
    SERIALIZATION_FAILURE(true),
    /** A row or table lock held by another transaction was not released within the lock timeout. Transient. */
    LOCK_TIMEOUT(true),
    /** The statement ran longer than the query timeout and was cancelled. Transient. */
    QUERY_TIMEOUT(true),
    /** Anything else: a constraint, a syntax or schema error, bad data. Not transient. */
    OTHER(false);

    private final boolean isTransient;

    Reason(boolean isTransient) {
      this.isTransient = isTransient;
    }

    /** Whether a failure of this kind may go away when the same work is tried again. */
    public boolean isTransient() {
      return isTransient;
    }

    /**
     * Whether runstore itself runs the failed work again (a bounded number of times): only
     * deadlocks and serialization failures, whose transaction was rolled back whole by the
     * database. Lock and query timeouts are never retried: the time limit was the caller's.
     */
    public boolean isRetryable() {
      return this == DEADLOCK || this == SERIALIZATION_FAILURE;
    }

    /**
     * The reason of {@code e} (or of an exception chained to it): the database's own codes where a
     * backend module on the class path knows them, else the SQL standard's classes.
     */
    public static Reason of(@Nullable SQLException e) {
      return e == null ? OTHER : classify(e, Classifiers.LOADED);
    }

    /**
     * The reason of {@code e} as {@code vendor} classifies the database's own codes, else as
     * {@link #of} does. A backend uses its own classifier so that its codes count even where
     * {@link ServiceLoader} finds none (e.g. in a jar whose service files were not merged).
     */
    public static Reason of(SQLException e, SqlErrorClassifier vendor) {
      List<SqlErrorClassifier> vendors = new java.util.ArrayList<>(Classifiers.LOADED.size() + 1);
      vendors.add(vendor);
      vendors.addAll(Classifiers.LOADED);
      return classify(e, vendors);
    }

    private static Reason classify(SQLException e, List<SqlErrorClassifier> vendors) {
      Reason standard = null;
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException s) {
          for (SqlErrorClassifier vendor : vendors) {
            Reason r = vendor.classify(s);
            if (r != null) {
              return r;
            }
          }
          if (standard == null) {
            standard = standard(s);
          }
          SQLException next = s.getNextException();
          if (standard == null && next != null && next != s && next != t.getCause()) {
            Reason r = classify(next, vendors);
            standard = r == OTHER ? null : r;
          }
        }
        if (t.getCause() == t) {
          break;
        }
      }
      return standard == null ? OTHER : standard;
    }

    private static @Nullable Reason standard(SQLException s) {
      String state = s.getSQLState();
      if (state != null && state.startsWith("08")) {
        return CONNECTION_FAILURE;
      }
      if ("40001".equals(state)) {
        return SERIALIZATION_FAILURE;
      }
      if (state != null && state.startsWith("40")) {
        return DEADLOCK;
      }
      if ("HYT00".equals(state) || s instanceof SQLTimeoutException) {
        return QUERY_TIMEOUT;
      }
      if (s instanceof SQLTransactionRollbackException) {
        return SERIALIZATION_FAILURE;
      }
      if (s instanceof SQLTransientConnectionException
          || s instanceof SQLNonTransientConnectionException
          || s instanceof SQLRecoverableException) {
        return CONNECTION_FAILURE;
      }
      return null;
    }
  }

  /** The registered classifiers, loaded once. */
  private static final class Classifiers {
    static final List<SqlErrorClassifier> LOADED = load();

    private static List<SqlErrorClassifier> load() {
      try {
        ClassLoader loader = DataAccessException.class.getClassLoader();
        return ServiceLoader.load(SqlErrorClassifier.class, loader).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
      } catch (RuntimeException | java.util.ServiceConfigurationError e) {
        return List.of();
      }
    }
  }

  private final @Nullable String sqlState;
  private final Reason reason;
  private final boolean isTransient;

  /**
   * Wraps {@code cause}; {@link #sqlState()} and {@link #reason()} are read from it (and from
   * the exceptions chained to it), see {@link Reason#of}.
   */
  public DataAccessException(String message, @Nullable SQLException cause) {
    this(message, cause, Reason.of(cause));
  }

  /** A failure of a known kind; {@link #isTransient()} is {@code reason.isTransient()}. */
  public DataAccessException(String message, @Nullable Throwable cause, Reason reason) {
    super(message, cause);
    this.sqlState = cause instanceof SQLException e ? firstSqlState(e) : null;
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
    this.isTransient = reason.isTransient();
  }

  /**
   * A failure with no SQLException behind it; {@code isTransient} as given, the reason
   * {@link Reason#OTHER} unless the cause says more.
   */
  public DataAccessException(String message, @Nullable Throwable cause, boolean isTransient) {
    super(message, cause);
    this.sqlState = cause instanceof SQLException e ? firstSqlState(e) : null;
    Reason r = cause instanceof SQLException e ? Reason.of(e) : Reason.OTHER;
    this.reason = r.isTransient() == isTransient ? r : Reason.OTHER;
    this.isTransient = isTransient;
  }

  /** The SQLState reported by the driver, or null when it gave none. */
  public @Nullable String sqlState() {
    return sqlState;
  }

  /** What kind of failure this is: tells a lock timeout from a query timeout, a deadlock, a lost connection. */
  public Reason reason() {
    return reason;
  }

  /**
   * True when retrying the same work may succeed: connection loss (SQLState class {@code 08}),
   * serialization failure ({@code 40001}), deadlock ({@code 40P01}, MySQL 1213), lock timeout,
   * query timeout, a pool timeout, and a server terminating the session.
   */
  public boolean isTransient() {
    return isTransient;
  }

  /**
   * Whether {@code e}, or an exception chained to it, is a transient failure ({@link Reason#of}).
   */
  public static boolean isTransient(SQLException e) {
    return Reason.of(e).isTransient();
  }

  private static @Nullable String firstSqlState(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
