-- runstore schema for MySQL 8.0+ and MariaDB 10.6+, version 2 (runstore v1.1): indexes of the
-- new queries. Idempotent like V1 (information_schema check + prepared statement, since MySQL
-- has no CREATE INDEX IF NOT EXISTS); never edit V1 (it may already have run as a migration).

-- The status-filtered list (getPaginatedWorkflowRuns with a status; one branch per trigger) and
-- the status count: keyset on (created_at, id) within (tenant, app, trigger, status), read
-- backwards; it covers both queries (no row is read to choose a page or to count).
SET @runstore_ddl = IF(
  (SELECT COUNT(*) FROM information_schema.statistics
    WHERE table_schema = DATABASE() AND table_name = 'workflow_runs'
      AND index_name = 'workflow_run_tenant_app_trigger_status_created_idx') = 0,
  'CREATE INDEX workflow_run_tenant_app_trigger_status_created_idx ON workflow_runs (tenant_id, app_id, triggered_from, status, created_at, id)',
  'DO 0');
PREPARE runstore_ddl FROM @runstore_ddl;
EXECUTE runstore_ddl;
DEALLOCATE PREPARE runstore_ddl;

-- getRunsBatchByTimeRange over every tenant: ended runs in [startFrom, endBefore), ascending by
-- (created_at, id). Dify's MySQL table has no index on created_at (its PostgreSQL one has this
-- index, under this name); without it every batch sorts the whole window.
SET @runstore_ddl = IF(
  (SELECT COUNT(*) FROM information_schema.statistics
    WHERE table_schema = DATABASE() AND table_name = 'workflow_runs'
      AND index_name = 'workflow_run_created_at_id_idx') = 0,
  'CREATE INDEX workflow_run_created_at_id_idx ON workflow_runs (created_at, id)',
  'DO 0');
PREPARE runstore_ddl FROM @runstore_ddl;
EXECUTE runstore_ddl;
DEALLOCATE PREPARE runstore_ddl;
