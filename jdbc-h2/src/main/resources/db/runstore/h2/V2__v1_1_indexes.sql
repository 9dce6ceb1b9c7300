-- runstore schema for H2, version 2 (runstore v1.1): indexes of the new queries, as on
-- PostgreSQL. Idempotent; never edit V1 (it may already have run).

-- The status-filtered list and the status-filtered count: equality on
-- (tenant, app, trigger, status), keyset range on (created_at, id).
CREATE INDEX IF NOT EXISTS workflow_run_tenant_app_trigger_status_created_idx
    ON workflow_runs (tenant_id, app_id, triggered_from, status, created_at, id);
