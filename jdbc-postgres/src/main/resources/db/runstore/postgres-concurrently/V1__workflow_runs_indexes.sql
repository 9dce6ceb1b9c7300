-- runstore schema for PostgreSQL, version 1, for a LARGE LIVE workflow_runs table (a Dify
-- database in production): the indexes of V1__workflow_runs.sql in ../postgres, built with
-- CREATE INDEX CONCURRENTLY, which does not block writes while it scans the table (it takes
-- longer, and cannot run inside a transaction block).
--
-- The table must exist already (Dify created it). Same index names and definitions as the
-- transactional scripts in ../postgres, so the repository's runstore.schema.create=true finds
-- them and adds nothing. Run each statement on its own, outside a transaction:
--   psql "$URL" -f V1__workflow_runs_indexes.sql          (psql autocommits each statement)
-- or as a Flyway location of its own (classpath:db/runstore/postgres-concurrently): Flyway runs
-- a migration made only of CONCURRENTLY statements outside a transaction. Use this location or
-- ../postgres, never both: they create the same indexes.
--
-- A CONCURRENTLY build that fails (cancelled, deadlock, unique violation) leaves an INVALID
-- index behind, which IF NOT EXISTS would then skip: find it with
--   SELECT indexrelid::regclass FROM pg_index WHERE NOT indisvalid;
-- drop it with DROP INDEX CONCURRENTLY <name>; and run the script again.

-- Dify's own indexes (present in a Dify database: no-ops there).
CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_run_triggerd_from_idx
    ON workflow_runs (tenant_id, app_id, triggered_from);
CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_run_created_at_id_idx
    ON workflow_runs (created_at, id);

-- The list query: keyset on (created_at, id) within (tenant, app, trigger), read backwards.
CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_run_tenant_app_trigger_created_idx
    ON workflow_runs (tenant_id, app_id, triggered_from, created_at, id);
-- The expired batch: a tenant's runs oldest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_run_tenant_created_idx
    ON workflow_runs (tenant_id, created_at, id);
