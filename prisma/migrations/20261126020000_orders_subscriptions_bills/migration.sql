-- Prepaid orders and subscriptions, refunds, and pay-as-you-go daily bills.
-- Financial records: never deleted (an app's destruction keeps them).

CREATE TABLE subscriptions (
  id               UUID PRIMARY KEY,
  account_id       UUID NOT NULL REFERENCES accounts (id),
  app_id           UUID NOT NULL REFERENCES applications (id),
  region           TEXT NOT NULL,
  units            INTEGER NOT NULL CHECK (units >= 1),
  purchased_months INTEGER NOT NULL CHECK (purchased_months >= 1),
  starts_on        DATE NOT NULL,
  expires_on       DATE NOT NULL CHECK (expires_on > starts_on),
  auto_renew       BOOLEAN NOT NULL DEFAULT false,
  status           TEXT NOT NULL CHECK (status IN ('active', 'ended', 'refunded')),
  created_at       TIMESTAMPTZ(6) NOT NULL,
  updated_at       TIMESTAMPTZ(6) NOT NULL
);
CREATE INDEX subscriptions_app_id_idx ON subscriptions (app_id);
-- An app has at most one running subscription.
CREATE UNIQUE INDEX subscriptions_one_active_per_app ON subscriptions (app_id) WHERE status = 'active';
-- The expiry lifecycle reads only running subscriptions by due date.
CREATE INDEX subscriptions_active_expiry_idx ON subscriptions (expires_on) WHERE status = 'active';

CREATE TABLE orders (
  id                    UUID PRIMARY KEY,
  account_id            UUID NOT NULL REFERENCES accounts (id),
  kind                  TEXT NOT NULL CHECK (kind IN ('prepaid', 'postpaid')),
  purpose               TEXT NOT NULL CHECK (purpose IN ('purchase', 'renewal', 'upgrade', 'activation')),
  status                TEXT NOT NULL CHECK (status IN ('paid', 'refunded', 'active')),
  amount                NUMERIC(20, 2) NOT NULL CHECK (amount >= 0),
  price_book_version    TEXT REFERENCES price_book_versions (id),
  app_id                UUID REFERENCES applications (id),
  subscription_id       UUID REFERENCES subscriptions (id),
  units                 INTEGER CHECK (units >= 1),
  months                INTEGER CHECK (months >= 0),
  service_starts_on     DATE,
  service_ends_on       DATE,
  provisioning_status   TEXT CHECK (provisioning_status IN ('pending', 'done', 'failed')),
  provisioning_attempts INTEGER NOT NULL DEFAULT 0,
  provisioning_error    TEXT,
  refund_blocked_at     TIMESTAMPTZ(6),
  refund_block_reason   TEXT,
  created_at            TIMESTAMPTZ(6) NOT NULL,
  CHECK ((kind = 'prepaid') = (subscription_id IS NOT NULL)),
  CHECK (kind = 'prepaid' OR status = 'active')
);
CREATE INDEX orders_account_id_created_at_idx ON orders (account_id, created_at);
CREATE INDEX orders_subscription_id_idx ON orders (subscription_id);

CREATE TABLE order_lines (
  order_id    UUID NOT NULL REFERENCES orders (id),
  line_no     INTEGER NOT NULL,
  app_id      UUID NOT NULL REFERENCES applications (id),
  description TEXT NOT NULL,
  units       INTEGER,
  months      INTEGER,
  unit_price  NUMERIC(20, 8),
  discount    NUMERIC(6, 4),
  amount      NUMERIC(20, 2) NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (order_id, line_no)
);

CREATE TABLE order_payments (
  order_id              UUID PRIMARY KEY REFERENCES orders (id),
  ledger_transaction_id UUID NOT NULL REFERENCES ledger_transactions (id),
  voucher               NUMERIC(20, 2) NOT NULL CHECK (voucher >= 0),
  gift                  NUMERIC(20, 2) NOT NULL CHECK (gift >= 0),
  cash                  NUMERIC(20, 2) NOT NULL CHECK (cash >= 0),
  advanced              NUMERIC(20, 2) NOT NULL DEFAULT 0 CHECK (advanced >= 0 AND advanced <= cash),
  paid_at               TIMESTAMPTZ(6) NOT NULL
);

CREATE TABLE refunds (
  id                    UUID PRIMARY KEY,
  order_id              UUID NOT NULL UNIQUE REFERENCES orders (id),
  account_id            UUID NOT NULL REFERENCES accounts (id),
  type                  TEXT NOT NULL CHECK (type IN ('no-questions', 'standard')),
  amount                NUMERIC(20, 2) NOT NULL CHECK (amount >= 0),
  cash                  NUMERIC(20, 2) NOT NULL CHECK (cash >= 0),
  gift                  NUMERIC(20, 2) NOT NULL CHECK (gift >= 0),
  forfeited_voucher     NUMERIC(20, 2) NOT NULL CHECK (forfeited_voucher >= 0),
  ledger_transaction_id UUID REFERENCES ledger_transactions (id),
  breakdown             JSONB NOT NULL DEFAULT '{}',
  created_at            TIMESTAMPTZ(6) NOT NULL,
  CHECK (cash + gift = amount)
);
-- The no-questions refund: once per account, ever.
CREATE UNIQUE INDEX refunds_one_no_questions_per_account ON refunds (account_id) WHERE type = 'no-questions';

CREATE TABLE payg_bills (
  app_id                UUID NOT NULL,
  day                   DATE NOT NULL,
  account_id            UUID NOT NULL,
  region                TEXT NOT NULL,
  dau                   INTEGER NOT NULL CHECK (dau >= 0),
  charged_day           INTEGER CHECK (charged_day >= 1),
  -- The app's loyalty counter after this day: the next day's count starts from the latest bill's.
  charged_days_total    INTEGER NOT NULL CHECK (charged_days_total >= coalesce(charged_day, 0)),
  amount                NUMERIC(20, 2) NOT NULL CHECK (amount >= 0),
  price_book_version    TEXT NOT NULL,
  ledger_transaction_id UUID,
  created_at            TIMESTAMPTZ(6) NOT NULL,
  PRIMARY KEY (app_id, day),
  CHECK ((charged_day IS NULL) = (amount = 0))
);
CREATE INDEX payg_bills_account_id_day_idx ON payg_bills (account_id, day);
