-- runstore schema for H2 2.x, version 1: the workflow_runs table with Dify's column names (the
-- embedded default of the CLI; no Dify database is ever H2, so the types are H2's own), plus the
-- indexes runstore's queries need. Idempotent: safe to apply at every start.
--
-- Types: ids are H2 UUIDs (16 bytes; they compare like their canonical lower-case strings);
-- JSON texts and errors are CHARACTER LARGE OBJECT (no length limit; VARCHAR stops at 1 MiB);
-- created_at/finished_at are TIMESTAMP(6) without time zone holding UTC, written and read by
-- the library as UTC wall-clock values. created_at has no default on purpose: H2's
-- LOCALTIMESTAMP is the session's local time, not UTC.

CREATE TABLE IF NOT EXISTS workflow_runs (
    id UUID NOT NULL,
    tenant_id UUID NOT NULL,
    app_id UUID NOT NULL,
    workflow_id UUID NOT NULL,
    type CHARACTER VARYING(255) NOT NULL,
    triggered_from CHARACTER VARYING(255) NOT NULL,
    version CHARACTER VARYING(255) NOT NULL,
    graph CHARACTER LARGE OBJECT,
    inputs CHARACTER LARGE OBJECT,
    status CHARACTER VARYING(255) NOT NULL,
    outputs CHARACTER LARGE OBJECT,
    error CHARACTER LARGE OBJECT,
    elapsed_time DOUBLE PRECISION DEFAULT 0 NOT NULL,
    total_tokens BIGINT DEFAULT 0 NOT NULL,
    total_steps INTEGER DEFAULT 0,
    created_by_role CHARACTER VARYING(255) NOT NULL,
    created_by UUID NOT NULL,
    created_at TIMESTAMP(6) NOT NULL,
    finished_at TIMESTAMP(6),
    exceptions_count INTEGER DEFAULT 0,
    CONSTRAINT workflow_run_pkey PRIMARY KEY (id)
);

-- The ended-runs time-range batch walks (created_at, id) forwards (Dify's index of that name).
CREATE INDEX IF NOT EXISTS workflow_run_created_at_id_idx
    ON workflow_runs (created_at, id);

-- The list query and the counts/statistics: equality on (tenant, app, trigger), keyset range on
-- (created_at, id).
CREATE INDEX IF NOT EXISTS workflow_run_tenant_app_trigger_created_idx
    ON workflow_runs (tenant_id, app_id, triggered_from, created_at, id);
-- The expired batch: a tenant's runs oldest first.
CREATE INDEX IF NOT EXISTS workflow_run_tenant_created_idx
    ON workflow_runs (tenant_id, created_at, id);
