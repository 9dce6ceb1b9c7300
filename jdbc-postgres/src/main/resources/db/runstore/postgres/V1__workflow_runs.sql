-- runstore schema for PostgreSQL, version 1: Dify's workflow_runs table (same column names and
-- types, same constraint and index names) plus the indexes runstore's queries need.
-- Idempotent: safe to apply again, and a no-op on a table Dify created (only missing indexes
-- are added). Usable as-is as a Flyway migration.

CREATE TABLE IF NOT EXISTS workflow_runs (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    app_id uuid NOT NULL,
    workflow_id uuid NOT NULL,
    type varchar(255) NOT NULL,
    triggered_from varchar(255) NOT NULL,
    version varchar(255) NOT NULL,
    graph text,
    inputs text,
    status varchar(255) NOT NULL,
    outputs text,
    error text,
    elapsed_time double precision DEFAULT 0 NOT NULL,
    total_tokens bigint DEFAULT 0 NOT NULL,
    total_steps integer DEFAULT 0,
    created_by_role varchar(255) NOT NULL,
    created_by uuid NOT NULL,
    created_at timestamp DEFAULT CURRENT_TIMESTAMP(0) NOT NULL,
    finished_at timestamp,
    exceptions_count integer DEFAULT 0,
    CONSTRAINT workflow_run_pkey PRIMARY KEY (id)
);

-- Dify's own indexes.
CREATE INDEX IF NOT EXISTS workflow_run_triggerd_from_idx
    ON workflow_runs (tenant_id, app_id, triggered_from);
CREATE INDEX IF NOT EXISTS workflow_run_created_at_id_idx
    ON workflow_runs (created_at, id);

-- The list query: keyset on (created_at, id) within (tenant, app, trigger), read backwards.
CREATE INDEX IF NOT EXISTS workflow_run_tenant_app_trigger_created_idx
    ON workflow_runs (tenant_id, app_id, triggered_from, created_at, id);
-- The expired batch: a tenant's runs oldest first.
CREATE INDEX IF NOT EXISTS workflow_run_tenant_created_idx
    ON workflow_runs (tenant_id, created_at, id);
