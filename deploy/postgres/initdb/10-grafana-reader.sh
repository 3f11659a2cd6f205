#!/usr/bin/env bash
# First start of the compose Postgres: the dashboards' LOGIN user, a member of
# push_billing_reporting (made here if the migrations have not made it yet;
# they take it as it is), so Grafana reads the reporting views and nothing else.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -U postgres -d postgres -v password="${GRAFANA_DB_PASSWORD}" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'push_billing_reporting') THEN
    CREATE ROLE push_billing_reporting NOLOGIN;
  END IF;
END $$;
CREATE ROLE grafana_reader LOGIN;
ALTER ROLE grafana_reader PASSWORD :'password';
GRANT push_billing_reporting TO grafana_reader;
SQL
