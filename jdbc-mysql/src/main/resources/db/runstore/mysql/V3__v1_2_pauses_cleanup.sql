-- runstore schema for MySQL 8.0+ and MariaDB 10.6+, version 3 (runstore v1.2): Dify's pause
-- tables, runstore's own pause state table, and the covering index of the cleanup-refs scan.
-- Idempotent like V1 (information_schema check + prepared statement for indexes). Timestamps
-- are DATETIME(6) like workflow_runs here; a Dify database keeps its DATETIME (whole seconds).

CREATE TABLE IF NOT EXISTS workflow_pauses (
  workflow_id      CHAR(36)     NOT NULL,
  workflow_run_id  CHAR(36)     NOT NULL,
  resumed_at       DATETIME(6)  NULL,
  state_object_key VARCHAR(255) NOT NULL,
  id               CHAR(36)     NOT NULL,
  created_at       DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at       DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  UNIQUE KEY workflow_pauses_workflow_run_id_key (workflow_run_id),
  KEY workflow_pause_created_at_idx (created_at),
  KEY workflow_pause_resumed_at_idx (resumed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS workflow_pause_reasons (
  id         CHAR(36)     NOT NULL,
  created_at DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  pause_id   CHAR(36)     NOT NULL,
  type_      VARCHAR(20)  NOT NULL,
  form_id    VARCHAR(36)  NOT NULL,
  node_id    VARCHAR(255) NOT NULL,
  message    VARCHAR(255) NOT NULL,
  PRIMARY KEY (id),
  KEY workflow_pause_reasons_pause_id_idx (pause_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- runstore's default PauseStateStore (`key` is a reserved word in MySQL).
CREATE TABLE IF NOT EXISTS workflow_pause_states (
  `key` VARCHAR(255) NOT NULL,
  state LONGBLOB     NOT NULL,
  PRIMARY KEY (`key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- getCleanupRefsBatch: every column the scan filters on or returns is in this index
-- ("Using index": no row and no JSON text is read).
SET @runstore_ddl = IF(
  (SELECT COUNT(*) FROM information_schema.statistics
    WHERE table_schema = DATABASE() AND table_name = 'workflow_runs'
      AND index_name = 'workflow_run_cleanup_idx') = 0,
  'CREATE INDEX workflow_run_cleanup_idx ON workflow_runs (created_at, id, tenant_id, status, type, workflow_id)',
  'DO 0');
PREPARE runstore_ddl FROM @runstore_ddl;
EXECUTE runstore_ddl;
DEALLOCATE PREPARE runstore_ddl;

-- deleteRunsWithRelated finds node executions by workflow_run_id. Dify ships such an index since
-- migration 288345cd01d1 (2026-01-16); an older Dify database has only one that starts with
-- tenant_id, which a lookup by run id alone cannot use. Added only where the table exists and
-- no index starts with workflow_run_id. Every other related lookup is served by an index Dify has
-- long shipped.
SET @runstore_ddl = IF(
  (SELECT COUNT(*) FROM information_schema.tables
    WHERE table_schema = DATABASE() AND table_name = 'workflow_node_executions') = 1
  AND (SELECT COUNT(*) FROM information_schema.statistics
    WHERE table_schema = DATABASE() AND table_name = 'workflow_node_executions'
      AND column_name = 'workflow_run_id' AND seq_in_index = 1) = 0,
  'CREATE INDEX workflow_node_execution_workflow_run_id_idx ON workflow_node_executions (workflow_run_id)',
  'DO 0');
PREPARE runstore_ddl FROM @runstore_ddl;
EXECUTE runstore_ddl;
DEALLOCATE PREPARE runstore_ddl;
