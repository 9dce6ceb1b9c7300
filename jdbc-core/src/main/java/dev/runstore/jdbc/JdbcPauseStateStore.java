package dev.runstore.jdbc;

import dev.runstore.api.DataAccessException;
import dev.runstore.api.RepositoryConfigurationException;
import dev.runstore.spi.PauseStateStore;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The default {@link PauseStateStore} of the SQL backends: runstore's own table
 * {@code workflow_pause_states(key, state)} in the same database (schema script V3). A Dify
 * database has no such table (Dify keeps pause states in its object storage): then every call
 * says so, naming the table and the two ways out, instead of failing on the SQL.
 */
final class JdbcPauseStateStore implements PauseStateStore {

  private final JdbcExecutor executor;

  JdbcPauseStateStore(JdbcExecutor executor) {
    this.executor = executor;
  }

  @Override
  public void put(String key, byte[] state) {
    SqlDialect dialect = executor.dialect();
    Sql insert = PauseSql.insertState(dialect, key, state);
    table(() -> executor.transaction("pause state put", insert, session -> {
      session.update(PauseSql.deleteState(dialect, key));
      return session.update(insert);
    }));
  }

  @Override
  public byte @org.jspecify.annotations.Nullable [] get(String key) {
    return table(() -> executor.query("pause state get", PauseSql.selectState(executor.dialect(), key),
        rs -> rs.next() ? Optional.ofNullable(rs.getBytes("state")) : Optional.<byte[]>empty())).orElse(null);
  }

  @Override
  public void delete(String key) {
    table(() -> executor.update("pause state delete", PauseSql.deleteState(executor.dialect(), key)));
  }

  private <T> T table(Supplier<T> work) {
    try {
      return work.get();
    } catch (DataAccessException e) {
      if (e.getCause() instanceof SQLException sql && executor.dialect().isUndefinedTable(sql)) {
        throw new RepositoryConfigurationException("the default PauseStateStore keeps pause states in the table"
            + " workflow_pause_states, which this database lacks (a Dify database keeps them in its object storage):"
            + " create the table (schema script V3__v1_2_pauses_cleanup.sql, or runstore.schema.create=true), or give"
            + " the repository a PauseStateStore in code (RepositoryOptions.builder().pauseStateStore(store))", e);
      }
      throw e;
    }
  }
}
