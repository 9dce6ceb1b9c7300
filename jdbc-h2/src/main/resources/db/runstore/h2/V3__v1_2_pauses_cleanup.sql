-- runstore schema for H2, version 3 (runstore v1.2): the pause tables (Dify's columns), runstore's
-- own pause state table, and the covering index of the cleanup-refs scan. Idempotent.

CREATE TABLE IF NOT EXISTS workflow_pauses (
    workflow_id UUID NOT NULL,
    workflow_run_id UUID NOT NULL,
    resumed_at TIMESTAMP(6),
    state_object_key CHARACTER VARYING(255) NOT NULL,
    id UUID NOT NULL,
    created_at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT workflow_pauses_pkey PRIMARY KEY (id),
    CONSTRAINT workflow_pauses_workflow_run_id_key UNIQUE (workflow_run_id)
);

CREATE TABLE IF NOT EXISTS workflow_pause_reasons (
    id UUID NOT NULL,
    created_at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP NOT NULL,
    pause_id UUID NOT NULL,
    type_ CHARACTER VARYING(20) NOT NULL,
    form_id CHARACTER VARYING(36) NOT NULL,
    node_id CHARACTER VARYING(255) NOT NULL,
    message CHARACTER VARYING(255) NOT NULL,
    CONSTRAINT workflow_pause_reasons_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS workflow_pause_reasons_pause_id_idx ON workflow_pause_reasons (pause_id);
CREATE INDEX IF NOT EXISTS workflow_pause_created_at_idx ON workflow_pauses (created_at);
CREATE INDEX IF NOT EXISTS workflow_pause_resumed_at_idx ON workflow_pauses (resumed_at);

-- "key" is quoted: a keyword in H2.
CREATE TABLE IF NOT EXISTS workflow_pause_states (
    "key" CHARACTER VARYING(255) NOT NULL,
    state BINARY LARGE OBJECT NOT NULL,
    CONSTRAINT workflow_pause_states_pkey PRIMARY KEY ("key")
);

-- getCleanupRefsBatch reads only this index.
CREATE INDEX IF NOT EXISTS workflow_run_cleanup_idx
    ON workflow_runs (created_at, id, tenant_id, status, type, workflow_id);
