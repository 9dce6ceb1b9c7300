-- runstore schema for PostgreSQL, version 3 (runstore v1.2): Dify's pause tables, runstore's own
-- pause state table, and the covering index of the cleanup-refs scan.
-- Idempotent; a no-op for what a Dify database already has. Never edit V1 or V2.

-- Dify's workflow_pauses (same columns, types, constraint names; Dify's id default uuidv7() is
-- left out: runstore always supplies the id, and the function need not exist).
CREATE TABLE IF NOT EXISTS workflow_pauses (
    workflow_id uuid NOT NULL,
    workflow_run_id uuid NOT NULL,
    resumed_at timestamp,
    state_object_key varchar(255) NOT NULL,
    id uuid NOT NULL,
    created_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT workflow_pauses_pkey PRIMARY KEY (id),
    CONSTRAINT workflow_pauses_workflow_run_id_key UNIQUE (workflow_run_id)
);

-- Dify's workflow_pause_reasons (the column really is named type_).
CREATE TABLE IF NOT EXISTS workflow_pause_reasons (
    id uuid NOT NULL,
    created_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,
    pause_id uuid NOT NULL,
    type_ varchar(20) NOT NULL,
    form_id varchar(36) NOT NULL,
    node_id varchar(255) NOT NULL,
    message varchar(255) NOT NULL,
    CONSTRAINT workflow_pause_reasons_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS workflow_pause_reasons_pause_id_idx ON workflow_pause_reasons (pause_id);

-- pruneWorkflowPauses: pauses created, or resumed, before a bound, oldest first (Dify ships no
-- index for it; a pause table of a busy install keeps every resumed pause until pruned).
CREATE INDEX IF NOT EXISTS workflow_pause_created_at_idx ON workflow_pauses (created_at);
CREATE INDEX IF NOT EXISTS workflow_pause_resumed_at_idx ON workflow_pauses (resumed_at);

-- runstore's default PauseStateStore: the engine state of a paused run by key
-- (workflow-state-<uuid4>.json). Dify keeps these objects in its object storage instead.
CREATE TABLE IF NOT EXISTS workflow_pause_states (
    "key" varchar(255) NOT NULL,
    state bytea NOT NULL,
    CONSTRAINT workflow_pause_states_pkey PRIMARY KEY ("key")
);

-- getCleanupRefsBatch: every column the scan filters on (status, tenant, type, workflow) or
-- returns is in the index, so it is an index-only scan in (created_at, id) order that reads no
-- row (and no JSON text) once the table is vacuumed.
CREATE INDEX IF NOT EXISTS workflow_run_cleanup_idx
    ON workflow_runs (created_at, id) INCLUDE (tenant_id, status, type, workflow_id);

-- deleteRunsWithRelated finds node executions by workflow_run_id. Dify ships this index since
-- migration 288345cd01d1 (2026-01-16); an older Dify database has only
-- (tenant_id, app_id, workflow_id, triggered_from, workflow_run_id), which a lookup by run id
-- alone cannot use. Added (same name as Dify's) only where the table exists. Every other related
-- lookup is served by an index Dify has long shipped (app logs and trigger logs by
-- workflow_run_id, offloads by their unique (node_execution_id, type), pauses by their unique
-- workflow_run_id, pause reasons by pause_id).
DO $$ BEGIN IF to_regclass('workflow_node_executions') IS NOT NULL THEN CREATE INDEX IF NOT EXISTS workflow_node_execution_workflow_run_id_idx ON workflow_node_executions (workflow_run_id); END IF; END $$;
