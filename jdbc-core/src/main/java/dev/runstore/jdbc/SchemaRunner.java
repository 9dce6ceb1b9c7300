package dev.runstore.jdbc;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.RunStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Applies a dialect's schema scripts ({@code runstore.schema.create=true}): every statement of
 * every resource in order, in one transaction where the database has transactional DDL. The
 * scripts are idempotent, so this runs at every start.
 */
public final class SchemaRunner {

  private SchemaRunner() {}

  /**
   * Runs the scripts of {@code dialect} on a connection of {@code dataSource}.
   *
   * @throws DataAccessException when a statement fails (nothing is applied where DDL is transactional)
   * @throws RunStoreException when a script resource is missing
   */
  public static void apply(DataSource dataSource, SqlDialect dialect) {
    SchemaScripts schema = dialect.schema();
    List<String> statements = new ArrayList<>();
    for (String resource : schema.resources()) {
      statements.addAll(split(read(schema, resource)));
    }
    String current = null;
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        String lock = schema.lockSql();
        if (lock != null) {
          current = lock;
          statement.execute(lock);
        }
        for (String sql : statements) {
          current = sql;
          statement.execute(sql);
        }
        connection.commit();
      } catch (SQLException e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        releaseLock(connection, schema);
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw JdbcErrors.translate("schema creation", current, e, dialect.errors());
    }
  }

  /**
   * The statements of a script: text separated by a {@code ;} that ends a line; lines starting
   * with {@code --} are comments. (No dollar quoting or procedures: the scripts are plain DDL.)
   */
  public static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\r?\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      if (trimmed.endsWith(";")) {
        current.append(trimmed, 0, trimmed.length() - 1);
        String sql = current.toString().strip();
        if (!sql.isEmpty()) {
          statements.add(sql);
        }
        current.setLength(0);
      } else {
        current.append(trimmed).append('\n');
      }
    }
    String rest = current.toString().strip();
    if (!rest.isEmpty()) {
      statements.add(rest);
    }
    return statements;
  }

  private static String read(SchemaScripts schema, String resource) {
    try (InputStream in = schema.open(resource)) {
      if (in == null) {
        throw new RunStoreException("schema script not found: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RunStoreException("cannot read schema script " + resource, e);
    }
  }

  /** Runs the dialect's unlock statement, if any; a session lock would outlive the pooled connection's use. */
  private static void releaseLock(Connection connection, SchemaScripts schema) {
    String unlock = schema.unlockSql();
    if (unlock == null) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(unlock);
    } catch (SQLException e) {
      // The lock ends with the session: a broken connection is discarded by the pool.
    }
  }

  private static void rollbackQuietly(Connection connection, SQLException failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
