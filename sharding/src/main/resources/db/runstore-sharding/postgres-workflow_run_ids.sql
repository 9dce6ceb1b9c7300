-- Which tenant owns each run id, sharded by id (see runstore-sharding-postgres.yaml): runstore
-- claims an id here before it writes the run, so an id never lives under two tenants.
CREATE TABLE IF NOT EXISTS workflow_run_ids (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    CONSTRAINT workflow_run_ids_pkey PRIMARY KEY (id)
);
