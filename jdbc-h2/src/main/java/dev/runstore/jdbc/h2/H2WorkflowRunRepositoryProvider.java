package dev.runstore.jdbc.h2;

import dev.runstore.jdbc.JdbcRepositoryProvider;
import java.util.List;

/**
 * Registers {@link H2WorkflowRunRepository} with ServiceLoader under the short name {@code h2}.
 * Without a DataSource it builds a HikariCP pool from {@code runstore.jdbc.*}, owned and closed
 * by the repository; closing the pool closes its last H2 connection, which closes the database
 * cleanly and releases its file.
 *
 * <h2>Connection URL</h2>
 *
 * <p>The embedded default (e.g. of the CLI) is
 *
 * <pre>{@code
 * runstore.repository=h2
 * runstore.jdbc.url=jdbc:h2:file:./runstore-data/runstore;DB_CLOSE_ON_EXIT=FALSE
 * runstore.schema.create=true
 * }</pre>
 *
 * which keeps the data in {@code ./runstore-data/runstore.mv.db} (H2 creates the directory).
 * {@code DB_CLOSE_ON_EXIT=FALSE}: the tool closes the database itself when a command ends; H2's
 * own shutdown hook would otherwise close it on Ctrl-C while a purge lets its batch in progress
 * commit. On purpose, no further flags:
 *
 * <ul>
 *   <li>No {@code MODE=}: the dialect writes H2's own SQL; a compatibility mode changes parsing
 *       and identifier rules under it.
 *   <li>No {@code DB_CLOSE_DELAY} for a file database: the default (0) closes the database when
 *       the repository closes its pool, so the file is complete and unlocked for the next process.
 *       {@code DB_CLOSE_DELAY=-1} would keep it open, and locked, until the JVM exits.
 *   <li>{@code AUTO_SERVER=FALSE} (the default): one process owns the file; a second process
 *       opening it fails with H2 error 90020 ("Database may be already in use"), which is
 *       clearer than two processes sharing an embedded store. Set {@code AUTO_SERVER=TRUE} only
 *       when several processes must share the file (H2 then serves it over a local TCP port).
 * </ul>
 *
 * <p>Path rules of H2: a relative path must start with {@code ./} (a bare
 * {@code jdbc:h2:file:runstore-data/runstore} is refused); {@code ~/} means the user's home.
 * The first connection fixes the database's admin user (no username: the empty user); later
 * connections must use the same credentials. For a throw-away in-memory database use
 * {@code jdbc:h2:mem:runstore;DB_CLOSE_DELAY=-1}: there the flag is needed, or the data vanishes
 * whenever the pool happens to have no open connection.
 */
public final class H2WorkflowRunRepositoryProvider extends JdbcRepositoryProvider {

  /**
   * Does no work (ServiceLoader may instantiate providers it does not pick).
   * Accepts {@code jdbc:h2:} URLs and the product {@code H2}.
   */
  public H2WorkflowRunRepositoryProvider() {
    super(H2WorkflowRunRepository.NAME, List.of("jdbc:h2:"), List.of("H2"),
        H2WorkflowRunRepository::new);
  }

  @Override
  public Class<H2WorkflowRunRepository> implementationType() {
    return H2WorkflowRunRepository.class;
  }
}
