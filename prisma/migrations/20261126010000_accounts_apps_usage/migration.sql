-- Accounts, wallets on a double-entry ledger, apps, DAU usage and the notice outbox.

CREATE TABLE accounts (
  id                      UUID PRIMARY KEY,
  name                    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email                   TEXT CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+$'),
  balance_alert_threshold NUMERIC(20, 2) CHECK (balance_alert_threshold IS NULL OR balance_alert_threshold >= 0),
  never_suspend           BOOLEAN NOT NULL DEFAULT false,
  first_paid_at           TIMESTAMPTZ(6),
  created_at              TIMESTAMPTZ(6) NOT NULL DEFAULT now()
);

-- Cash may go below zero (arrears: the platform advanced the money); the rest may not.
CREATE TABLE wallets (
  account_id        UUID PRIMARY KEY REFERENCES accounts (id),
  cash              NUMERIC(20, 2) NOT NULL DEFAULT 0,
  gift              NUMERIC(20, 2) NOT NULL DEFAULT 0 CHECK (gift >= 0),
  frozen            NUMERIC(20, 2) NOT NULL DEFAULT 0 CHECK (frozen >= 0),
  arrears_since     TIMESTAMPTZ(6),
  low_balance_since TIMESTAMPTZ(6),
  updated_at        TIMESTAMPTZ(6) NOT NULL DEFAULT now()
);

CREATE TABLE vouchers (
  id         UUID PRIMARY KEY,
  account_id UUID NOT NULL REFERENCES accounts (id),
  amount     NUMERIC(20, 2) NOT NULL CHECK (amount > 0),
  remaining  NUMERIC(20, 2) NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
  expires_on DATE NOT NULL,
  created_at TIMESTAMPTZ(6) NOT NULL DEFAULT now()
);
CREATE INDEX vouchers_account_id_idx ON vouchers (account_id);

CREATE TABLE ledger_transactions (
  id           UUID PRIMARY KEY,
  account_id   UUID REFERENCES accounts (id),
  kind         TEXT NOT NULL CHECK (kind IN ('top_up', 'voucher_grant', 'payment', 'refund', 'adjustment')),
  business_key TEXT NOT NULL UNIQUE,
  reference    TEXT,
  memo         TEXT,
  created_at   TIMESTAMPTZ(6) NOT NULL
);
CREATE INDEX ledger_transactions_account_id_created_at_idx ON ledger_transactions (account_id, created_at);

-- Books: the customer's cash, gift, voucher and frozen balances, and the platform's
-- counterparts (money received, gift and vouchers granted, revenue earned).
CREATE TABLE ledger_entries (
  id             BIGSERIAL PRIMARY KEY,
  transaction_id UUID NOT NULL REFERENCES ledger_transactions (id),
  book           TEXT NOT NULL CHECK (book IN (
                   'customer_cash', 'customer_gift', 'customer_voucher', 'customer_frozen',
                   'platform_receipts', 'platform_gift_granted', 'platform_voucher_granted', 'platform_revenue')),
  account_id     UUID REFERENCES accounts (id),
  voucher_id     UUID REFERENCES vouchers (id),
  amount         NUMERIC(20, 2) NOT NULL CHECK (amount <> 0),
  CHECK ((book LIKE 'customer%') = (account_id IS NOT NULL)),
  CHECK ((book = 'customer_voucher') = (voucher_id IS NOT NULL))
);
CREATE INDEX ledger_entries_transaction_id_idx ON ledger_entries (transaction_id);
CREATE INDEX ledger_entries_account_id_book_idx ON ledger_entries (account_id, book);

-- A transaction's entries are written in one statement and must sum to zero.
CREATE FUNCTION ledger_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unbalanced UUID;
BEGIN
  SELECT transaction_id INTO unbalanced FROM new_entries GROUP BY transaction_id HAVING sum(amount) <> 0 LIMIT 1;
  IF unbalanced IS NOT NULL THEN
    RAISE EXCEPTION 'ledger transaction % does not balance', unbalanced USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_balanced();

-- The ledger is append-only.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

CREATE TABLE idempotency_keys (
  scope           TEXT NOT NULL,
  key             TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_hash    TEXT NOT NULL,
  response_status INTEGER NOT NULL,
  response_body   JSONB NOT NULL,
  created_at      TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

CREATE SEQUENCE application_access_id_seq START WITH 1500000001;

CREATE TABLE applications (
  id                    UUID PRIMARY KEY,
  account_id            UUID NOT NULL REFERENCES accounts (id),
  access_id             BIGINT NOT NULL UNIQUE DEFAULT nextval('application_access_id_seq'),
  name                  TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  platform              TEXT NOT NULL CHECK (platform IN ('android', 'ios', 'macos')),
  region                TEXT NOT NULL CHECK (region IN ('ap-guangzhou', 'ap-shanghai', 'ap-hongkong', 'ap-singapore')),
  plan                  TEXT NOT NULL DEFAULT 'trial' CHECK (plan IN ('trial', 'prepaid', 'payg', 'charity')),
  state                 TEXT NOT NULL DEFAULT 'trial' CHECK (state IN ('trial', 'deploying', 'active', 'grace', 'suspended', 'destroyed')),
  state_changed_at      TIMESTAMPTZ(6) NOT NULL,
  suspension_reason     TEXT CHECK ((state = 'suspended') = (suspension_reason IS NOT NULL)),
  trial_suspended_on    DATE,
  charity_approved      BOOLEAN NOT NULL DEFAULT false,
  throttled             BOOLEAN NOT NULL DEFAULT false,
  entitlement_overrides JSONB NOT NULL DEFAULT '{}',
  payg_activated_at     TIMESTAMPTZ(6),
  created_at            TIMESTAMPTZ(6) NOT NULL,
  destroyed_at          TIMESTAMPTZ(6),
  CHECK ((state = 'destroyed') = (destroyed_at IS NOT NULL))
);
ALTER SEQUENCE application_access_id_seq OWNED BY applications.access_id;
CREATE INDEX applications_account_id_idx ON applications (account_id);
-- The limits count the apps that are not destroyed.
CREATE INDEX applications_live_by_platform_idx ON applications (account_id, platform) WHERE state <> 'destroyed';
-- The trial sweep reads only suspended trial apps.
CREATE INDEX applications_trial_suspended_idx ON applications (trial_suspended_on) WHERE plan = 'trial' AND state = 'suspended';

CREATE TABLE app_state_changes (
  id         BIGSERIAL PRIMARY KEY,
  app_id     UUID NOT NULL REFERENCES applications (id),
  from_state TEXT NOT NULL,
  to_state   TEXT NOT NULL,
  reason     TEXT NOT NULL,
  at         TIMESTAMPTZ(6) NOT NULL
);
CREATE INDEX app_state_changes_app_id_at_idx ON app_state_changes (app_id, at);

-- No foreign key to applications: ingest must stay one cheap statement, and it
-- only ever writes ids it has just checked.
CREATE TABLE dau_snapshots (
  app_id     UUID NOT NULL,
  day        DATE NOT NULL,
  source     TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 64),
  dau        INTEGER NOT NULL CHECK (dau >= 0),
  updated_at TIMESTAMPTZ(6) NOT NULL,
  PRIMARY KEY (app_id, day, source)
);

CREATE TABLE daily_usage (
  app_id     UUID NOT NULL,
  day        DATE NOT NULL,
  dau        INTEGER NOT NULL CHECK (dau >= 0),
  updated_at TIMESTAMPTZ(6) NOT NULL,
  PRIMARY KEY (app_id, day)
);

CREATE TABLE notifications (
  id           UUID PRIMARY KEY,
  account_id   UUID NOT NULL REFERENCES accounts (id),
  app_id       UUID REFERENCES applications (id),
  type         TEXT NOT NULL CHECK (type IN (
                 'expiry_reminder', 'expiry_notice', 'suspension_notice', 'destruction_notice', 'arrears_notice',
                 'balance_alert', 'trial_cutoff', 'over_quota_warning', 'deployment_done', 'refund_done')),
  resource_key TEXT NOT NULL,
  day          DATE NOT NULL,
  title        TEXT NOT NULL,
  body         TEXT NOT NULL,
  payload      JSONB NOT NULL DEFAULT '{}',
  created_at   TIMESTAMPTZ(6) NOT NULL,
  read_at      TIMESTAMPTZ(6),
  UNIQUE (type, resource_key, day)
);
CREATE INDEX notifications_account_id_created_at_idx ON notifications (account_id, created_at);
