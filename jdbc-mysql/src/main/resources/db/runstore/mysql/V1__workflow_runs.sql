-- runstore schema for MySQL 8.0+ and MariaDB 10.6+: Dify's workflow_runs table.
-- Column names and types follow Dify's MySQL migration (CHAR(36) UUIDs, LONGTEXT JSON text),
-- with DATETIME(6) so that microseconds survive; every timestamp holds UTC.
-- The character set is given explicitly: on a server whose default is latin1 or utf8mb3 the
-- table would otherwise refuse or mangle 4-byte characters (emoji) in the JSON text.
-- Idempotent: runstore.schema.create=true applies it at every start.
CREATE TABLE IF NOT EXISTS workflow_runs (
  id               CHAR(36)     NOT NULL,
  tenant_id        CHAR(36)     NOT NULL,
  app_id           CHAR(36)     NOT NULL,
  workflow_id      CHAR(36)     NOT NULL,
  type             VARCHAR(255) NOT NULL,
  triggered_from   VARCHAR(255) NOT NULL,
  version          VARCHAR(255) NOT NULL,
  graph            LONGTEXT     NULL,
  inputs           LONGTEXT     NULL,
  status           VARCHAR(255) NOT NULL,
  outputs          LONGTEXT     NULL,
  error            LONGTEXT     NULL,
  elapsed_time     DOUBLE       NOT NULL DEFAULT 0,
  total_tokens     BIGINT       NOT NULL DEFAULT 0,
  total_steps      INT          NULL DEFAULT 0,
  created_by_role  VARCHAR(255) NOT NULL,
  created_by       CHAR(36)     NOT NULL,
  created_at       DATETIME(6)  NOT NULL,
  finished_at      DATETIME(6)  NULL,
  exceptions_count INT          NULL DEFAULT 0,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The indexes the queries need, added also to a table that Dify's migration created (which has
-- only (tenant_id, app_id, triggered_from)). MySQL has no CREATE INDEX IF NOT EXISTS, hence
-- the check against information_schema and a prepared statement.

-- The list query: one app's runs of one trigger, newest first, keyset on (created_at, id).
SET @runstore_ddl = IF(
  (SELECT COUNT(*) FROM information_schema.statistics
    WHERE table_schema = DATABASE() AND table_name = 'workflow_runs'
      AND index_name = 'workflow_run_tenant_app_trigger_created_idx') = 0,
  'CREATE INDEX workflow_run_tenant_app_trigger_created_idx ON workflow_runs (tenant_id, app_id, triggered_from, created_at, id)',
  'DO 0');
PREPARE runstore_ddl FROM @runstore_ddl;
EXECUTE runstore_ddl;
DEALLOCATE PREPARE runstore_ddl;

-- The expired batch: one tenant's runs, oldest first.
SET @runstore_ddl = IF(
  (SELECT COUNT(*) FROM information_schema.statistics
    WHERE table_schema = DATABASE() AND table_name = 'workflow_runs'
      AND index_name = 'workflow_run_tenant_created_idx') = 0,
  'CREATE INDEX workflow_run_tenant_created_idx ON workflow_runs (tenant_id, created_at, id)',
  'DO 0');
PREPARE runstore_ddl FROM @runstore_ddl;
EXECUTE runstore_ddl;
DEALLOCATE PREPARE runstore_ddl;
