-- runstore schema for MySQL 8.0+ and MariaDB 10.6+: Dify's workflow_runs table.
-- Column names and types follow Dify's MySQL migration (CHAR(36) UUIDs, LONGTEXT JSON text),
-- with DATETIME(6) so that microseconds survive; every timestamp holds UTC.
-- The character set is given explicitly: a server whose default is latin1 or utf8mb3 would
-- otherwise refuse or mangle 4-byte characters (emoji) in the JSON text.
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
  PRIMARY KEY (id),
  -- the list query: one app's runs of one trigger, newest first, keyset on (created_at, id)
  KEY workflow_run_tenant_app_trigger_created_idx (tenant_id, app_id, triggered_from, created_at, id),
  -- the expired batch: one tenant's runs, oldest first
  KEY workflow_run_tenant_created_idx (tenant_id, created_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
