-- runstore schema for PostgreSQL, version 2 (runstore v1.1), for a LARGE LIVE workflow_runs
-- table: the index of V2__v1_1_indexes.sql in ../postgres, built with CREATE INDEX CONCURRENTLY
-- (no write lock while it builds; not inside a transaction). See V1__workflow_runs_indexes.sql
-- here for how to run it and what to do when a build fails.

-- The status-filtered list and count: keyset on (created_at, id) within (tenant, app, trigger,
-- status), read backwards.
CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_run_tenant_app_trigger_status_created_idx
    ON workflow_runs (tenant_id, app_id, triggered_from, status, created_at, id);
