-- Keyset pages of the lists (SPEC.md 12.1): each list's filter and sort key in one index, so a page
-- costs the rows it shows, whatever the page number.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- GET /v1/accounts?q and GET /v1/apps?q: "contains, case-insensitive" (ILIKE '%q%') through trigrams.
CREATE INDEX accounts_name_trgm_idx ON accounts USING gin (name gin_trgm_ops);
CREATE INDEX accounts_email_trgm_idx ON accounts USING gin (email gin_trgm_ops);
CREATE INDEX applications_name_trgm_idx ON applications USING gin (name gin_trgm_ops);
-- GET /v1/accounts?inArrears=true
CREATE INDEX wallets_in_arrears_idx ON wallets (account_id) WHERE arrears_since IS NOT NULL;
-- GET /v1/apps?accountId (by id within the account) and ?state
CREATE INDEX applications_account_id_id_idx ON applications (account_id, id);
CREATE INDEX applications_state_id_idx ON applications (state, id);

-- GET /v1/bills (all accounts, or one app), newest day first then by app.
CREATE INDEX payg_bills_day_app_id_idx ON payg_bills (day DESC, app_id);
CREATE INDEX payg_bills_account_id_day_app_id_idx ON payg_bills (account_id, day DESC, app_id);
-- GET /v1/orders, newest first.
CREATE INDEX orders_created_at_id_idx ON orders (created_at DESC, id);
CREATE INDEX orders_account_id_created_at_id_idx ON orders (account_id, created_at DESC, id);
-- GET /v1/accounts/:id/ledger, oldest first.
CREATE INDEX ledger_transactions_account_id_created_at_id_idx ON ledger_transactions (account_id, created_at, id);
-- GET /v1/accounts/:id/messages, newest first.
CREATE INDEX notifications_account_id_created_at_id_idx ON notifications (account_id, created_at DESC, id DESC);
