-- runstore schema for PostgreSQL, version 2 (runstore v1.1): indexes of the new queries.
-- Idempotent; never edit V1 (it may already have run as a Flyway migration).

-- The status-filtered list (getPaginatedWorkflowRuns with a status; one branch per trigger) and
-- the status-filtered count: keyset on (created_at, id) within (tenant, app, trigger, status),
-- read backwards.
CREATE INDEX IF NOT EXISTS workflow_run_tenant_app_trigger_status_created_idx
    ON workflow_runs (tenant_id, app_id, triggered_from, status, created_at, id);

-- getRunsBatchByTimeRange walks Dify's workflow_run_created_at_id_idx (created_at, id) of V1:
-- no index of its own.
