package dev.runstore.testkit;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A pass-through DataSource for plan tests: every statement a repository prepares runs on the
 * real database unchanged, and its SQL text and parameter bindings are recorded, so a test can
 * EXPLAIN exactly the statements runstore issued, with the values they had ({@link #replay}).
 */
public final class StatementRecorder implements DataSource {

  /**
   * One prepared statement as issued.
   *
   * @param sql its text
   * @param bindings the setter calls by parameter index, in index order
   */
  public record Recorded(String sql, List<Binding> bindings) {}

  /**
   * One setter call on a statement, e.g. {@code setObject(3, uuid)}.
   *
   * @param method the setter
   * @param arguments its arguments, the parameter index first
   */
  public record Binding(Method method, @Nullable Object[] arguments) {}

  private final DataSource delegate;
  private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

  /** Records the statements prepared on connections of {@code delegate}. */
  public StatementRecorder(DataSource delegate) {
    this.delegate = delegate;
  }

  /** The statements recorded so far, in the order they were executed. */
  public List<Recorded> recorded() {
    return List.copyOf(recorded);
  }

  /** Forgets what was recorded. */
  public void clear() {
    recorded.clear();
  }

  /**
   * Prepares {@code prefix + statement.sql()} (e.g. {@code "EXPLAIN "}) on {@code connection}
   * with the statement's bindings; the caller executes and closes it.
   */
  public static PreparedStatement replay(Connection connection, String prefix, Recorded statement)
      throws SQLException {
    PreparedStatement replayed = connection.prepareStatement(prefix + statement.sql());
    for (Binding binding : statement.bindings()) {
      try {
        binding.method().invoke(replayed, binding.arguments());
      } catch (IllegalAccessException | InvocationTargetException e) {
        replayed.close();
        throw new SQLException("replaying " + binding.method().getName() + " failed", e);
      }
    }
    return replayed;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(delegate.getConnection(username, password));
  }

  private Connection wrap(Connection connection) {
    InvocationHandler handler = (proxy, method, args) -> {
      Object result = invoke(connection, method, args);
      if (method.getName().equals("prepareStatement") && result instanceof PreparedStatement statement) {
        return recording(statement, (String) args[0]);
      }
      return result;
    };
    return (Connection) Proxy.newProxyInstance(
        StatementRecorder.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private PreparedStatement recording(PreparedStatement statement, String sql) {
    TreeMap<Integer, Binding> bindings = new TreeMap<>();
    InvocationHandler handler = (proxy, method, args) -> {
      String name = method.getName();
      if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
        bindings.put(index, new Binding(method, args.clone()));
      } else if (name.equals("clearParameters")) {
        bindings.clear();
      } else if (name.startsWith("execute")) {
        recorded.add(new Recorded(sql, new ArrayList<>(bindings.values())));
      }
      return invoke(statement, method, args);
    };
    return (PreparedStatement) Proxy.newProxyInstance(
        StatementRecorder.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, handler);
  }

  private static @Nullable Object invoke(Object target, Method method, @Nullable Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || delegate.isWrapperFor(iface);
  }
}
