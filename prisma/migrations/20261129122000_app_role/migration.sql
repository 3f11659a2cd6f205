-- The role the running API and worker processes should use (docs/security.md
-- shows how to give them a login in it): DML on the tables, nothing else. It
-- owns nothing, so it can neither alter a table nor disable a trigger, and
-- the ledger and audit tables are insert-and-read only. Migrations and
-- seeding keep running as the owner (MIGRATION_DATABASE_URL).
-- Roles belong to the whole server: create it once, grant in every database.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'push_billing_app') THEN
    CREATE ROLE push_billing_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO push_billing_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO push_billing_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO push_billing_app;
-- Tables of later migrations: the owner running them grants the same.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO push_billing_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO push_billing_app;

-- Append-only for the processes by privilege as well as by trigger.
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_transactions, ledger_entries, audit_events FROM push_billing_app;
-- The migrations' own record is the owner's.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "_prisma_migrations" FROM push_billing_app;
