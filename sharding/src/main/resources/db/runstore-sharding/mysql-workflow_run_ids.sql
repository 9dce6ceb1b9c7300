-- Which tenant owns each run id, sharded by id (see runstore-sharding-mysql.yaml): runstore
-- claims an id here before it writes the run, so an id never lives under two tenants.
CREATE TABLE IF NOT EXISTS workflow_run_ids (
    id CHAR(36) NOT NULL,
    tenant_id CHAR(36) NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
