package dev.runstore.jdbc;

import java.io.InputStream;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A database's versioned schema scripts and how to apply them safely: part of a
 * {@link SqlDialect}, run by {@link SchemaRunner} ({@code runstore.schema.create=true}).
 *
 * @param resources class-path resources in the order to apply them (e.g.
 *     {@code db/runstore/postgres/V1__workflow_runs.sql}); every statement in them is idempotent
 * @param anchor a class of the module holding the resources (on the module path, only code of
 *     that module may read them)
 * @param lockSql run first in the schema transaction to serialize concurrent starts, or null
 * @param unlockSql run after the scripts (also when they fail) to release a lock that does not
 *     end with the transaction (MySQL's {@code GET_LOCK}), or null
 */
public record SchemaScripts(
    List<String> resources, Class<?> anchor, @Nullable String lockSql, @Nullable String unlockSql) {

  /** Copies the list. */
  public SchemaScripts {
    resources = List.copyOf(resources);
  }

  /** Opens one of the resources, or returns null when it is missing. */
  public @Nullable InputStream open(String resource) {
    return anchor.getResourceAsStream("/" + resource);
  }
}
