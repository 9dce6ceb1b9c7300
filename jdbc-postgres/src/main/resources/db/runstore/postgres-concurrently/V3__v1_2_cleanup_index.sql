-- runstore schema for PostgreSQL, version 3 (runstore v1.2), for a LARGE LIVE workflow_runs
-- table: the index V3__v1_2_pauses_cleanup.sql in ../postgres adds to workflow_runs, built with
-- CREATE INDEX CONCURRENTLY (no write lock while it builds; not inside a transaction). The pause
-- tables of that script are new and small: create them with the script itself (or let
-- runstore.schema.create=true do it). See V1__workflow_runs_indexes.sql here for how to run this
-- and what to do when a build fails.

-- getCleanupRefsBatch: an index-only scan in (created_at, id) order that reads no JSON text.
CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_run_cleanup_idx
    ON workflow_runs (created_at, id) INCLUDE (tenant_id, status, type, workflow_id);

-- A Dify database older than Dify's migration 288345cd01d1 (2026-01-16) lacks the index that
-- deleteRunsWithRelated uses to find node executions by run; on such a database (only there:
-- the table must exist), build it the same way before purging with related rows:
--   CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_node_execution_workflow_run_id_idx
--       ON workflow_node_executions (workflow_run_id);
