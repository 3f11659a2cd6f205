-- Delivery of notices to people (email, SMS, WeChat, voice) and of lifecycle
-- events to webhook endpoints. In-site delivery is the notice row itself.

-- Who hears about an account. With no creator configured, the account's own
-- name and email stand for the creator.
CREATE TABLE notification_recipients (
  id         UUID PRIMARY KEY,
  account_id UUID NOT NULL REFERENCES accounts (id),
  role       TEXT NOT NULL CHECK (role IN ('creator', 'resource', 'finance')),
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  email      TEXT CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+$'),
  phone      TEXT CHECK (phone IS NULL OR phone ~ '^\+?[0-9]{5,20}$'),
  wechat_id  TEXT CHECK (wechat_id IS NULL OR length(wechat_id) BETWEEN 1 AND 64),
  created_at TIMESTAMPTZ(6) NOT NULL,
  updated_at TIMESTAMPTZ(6) NOT NULL,
  CHECK (email IS NOT NULL OR phone IS NOT NULL OR wechat_id IS NOT NULL)
);
CREATE INDEX notification_recipients_account_id_idx ON notification_recipients (account_id);
CREATE UNIQUE INDEX notification_recipients_one_creator ON notification_recipients (account_id) WHERE role = 'creator';

-- An account's own choice of channels for one (role, notice type); absent: the documented default.
CREATE TABLE notification_subscriptions (
  account_id UUID NOT NULL REFERENCES accounts (id),
  role       TEXT NOT NULL CHECK (role IN ('creator', 'resource', 'finance')),
  type       TEXT NOT NULL CHECK (type IN (
               'expiry_reminder', 'expiry_notice', 'suspension_notice', 'destruction_notice', 'arrears_notice',
               'balance_alert', 'trial_cutoff', 'over_quota_warning', 'deployment_done', 'refund_done')),
  channels   TEXT[] NOT NULL CHECK (channels <@ ARRAY['email', 'sms', 'wechat', 'voice']::text[]),
  updated_at TIMESTAMPTZ(6) NOT NULL,
  PRIMARY KEY (account_id, role, type)
);

-- Notices not yet turned into deliveries. Filled by a trigger in the transaction
-- that raises the notice, so no domain code has to remember it; the relay
-- deletes what it claims (FOR UPDATE SKIP LOCKED), so a notice is relayed once.
-- Notices raised before this migration are not queued: they were in-site only.
CREATE TABLE notification_relay_queue (
  notification_id UUID PRIMARY KEY REFERENCES notifications (id),
  queued_at       TIMESTAMPTZ(6) NOT NULL
);

CREATE FUNCTION notification_relay_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notification_relay_queue (notification_id, queued_at) SELECT id, created_at FROM new_notices;
  RETURN NULL;
END $$;
CREATE TRIGGER notification_relay_enqueue AFTER INSERT ON notifications
  REFERENCING NEW TABLE AS new_notices FOR EACH STATEMENT EXECUTE FUNCTION notification_relay_enqueue();

-- One row per (notice, channel, address): the same person never gets a notice
-- twice on one channel, whatever roles they hold. Name and role are copied at
-- relay time, so the row stays the record of what was sent to whom.
CREATE TABLE notification_deliveries (
  id                  UUID PRIMARY KEY,
  notification_id     UUID NOT NULL REFERENCES notifications (id),
  channel             TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'wechat', 'voice')),
  address             TEXT NOT NULL,
  recipient_id        UUID,
  recipient_role      TEXT NOT NULL CHECK (recipient_role IN ('creator', 'resource', 'finance')),
  recipient_name      TEXT NOT NULL,
  status              TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error          TEXT,
  provider_message_id TEXT,
  created_at          TIMESTAMPTZ(6) NOT NULL,
  updated_at          TIMESTAMPTZ(6) NOT NULL,
  sent_at             TIMESTAMPTZ(6),
  UNIQUE (notification_id, channel, address),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
-- The periodic relay re-enqueues deliveries whose job was lost: it reads only the pending ones.
CREATE INDEX notification_deliveries_pending_idx ON notification_deliveries (created_at) WHERE status = 'pending';

-- Outgoing webhooks: endpoints configured by operators, events written by
-- triggers in the transaction of the change, one delivery per (event, endpoint).
CREATE TABLE webhook_endpoints (
  id          UUID PRIMARY KEY,
  url         TEXT NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  secret      TEXT NOT NULL CHECK (length(secret) BETWEEN 16 AND 200),
  event_types TEXT[] NOT NULL CHECK (
                cardinality(event_types) >= 1
                AND event_types <@ ARRAY['app.suspended', 'app.restored', 'app.destroyed', 'bill.created', 'order.paid']::text[]),
  description TEXT CHECK (description IS NULL OR length(description) <= 200),
  enabled     BOOLEAN NOT NULL DEFAULT true,
  created_at  TIMESTAMPTZ(6) NOT NULL,
  updated_at  TIMESTAMPTZ(6) NOT NULL
);

CREATE TABLE outbox_events (
  id            BIGSERIAL PRIMARY KEY,
  type          TEXT NOT NULL CHECK (type IN ('app.suspended', 'app.restored', 'app.destroyed', 'bill.created', 'order.paid')),
  -- What the event is about (a state change, an order, an account's bills of a day): one event each.
  dedupe_key    TEXT NOT NULL,
  account_id    UUID,
  payload       JSONB NOT NULL,
  occurred_at   TIMESTAMPTZ(6) NOT NULL,
  dispatched_at TIMESTAMPTZ(6),
  UNIQUE (type, dedupe_key)
);
CREATE INDEX outbox_events_undispatched_idx ON outbox_events (id) WHERE dispatched_at IS NULL;

CREATE TABLE webhook_deliveries (
  id              UUID PRIMARY KEY,
  event_id        BIGINT NOT NULL REFERENCES outbox_events (id),
  endpoint_id     UUID NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error      TEXT,
  response_status INTEGER,
  created_at      TIMESTAMPTZ(6) NOT NULL,
  updated_at      TIMESTAMPTZ(6) NOT NULL,
  sent_at         TIMESTAMPTZ(6),
  UNIQUE (event_id, endpoint_id),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX webhook_deliveries_endpoint_id_created_at_idx ON webhook_deliveries (endpoint_id, created_at);
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (created_at) WHERE status = 'pending';

-- Events are written only while some enabled endpoint wants their type: with no
-- listener (the usual case for bills) the triggers cost one tiny lookup.
CREATE FUNCTION webhook_wanted(event_type TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled AND event_type = ANY (event_types))
$$;

-- Instants in payloads as ISO 8601 UTC, whatever the session's time zone.
CREATE FUNCTION outbox_iso(at TIMESTAMPTZ) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- Suspended, destroyed, and restored (from suspended back to a running state).
CREATE FUNCTION outbox_app_state_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT (webhook_wanted('app.suspended') OR webhook_wanted('app.destroyed') OR webhook_wanted('app.restored')) THEN
    RETURN NULL;
  END IF;
  INSERT INTO outbox_events (type, dedupe_key, account_id, payload, occurred_at)
  SELECT e.type, 'state-change:' || c.id, a.account_id,
         jsonb_build_object('appId', c.app_id, 'accountId', a.account_id, 'accessId', a.access_id::text,
                            'fromState', c.from_state, 'toState', c.to_state, 'reason', c.reason, 'at', outbox_iso(c.at)),
         c.at
    FROM new_changes c
    JOIN applications a ON a.id = c.app_id
    CROSS JOIN LATERAL (SELECT CASE
           WHEN c.to_state = 'suspended' THEN 'app.suspended'
           WHEN c.to_state = 'destroyed' THEN 'app.destroyed'
           WHEN c.from_state = 'suspended' AND c.to_state IN ('trial', 'active', 'grace') THEN 'app.restored'
         END AS type) e
   WHERE e.type IS NOT NULL AND webhook_wanted(e.type)
  ON CONFLICT (type, dedupe_key) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_app_state_events AFTER INSERT ON app_state_changes
  REFERENCING NEW TABLE AS new_changes FOR EACH STATEMENT EXECUTE FUNCTION outbox_app_state_events();

CREATE FUNCTION outbox_order_paid_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT webhook_wanted('order.paid') THEN
    RETURN NULL;
  END IF;
  INSERT INTO outbox_events (type, dedupe_key, account_id, payload, occurred_at)
  SELECT 'order.paid', 'order:' || p.order_id, o.account_id,
         jsonb_build_object('orderId', o.id, 'accountId', o.account_id, 'appId', o.app_id, 'kind', o.kind,
                            'purpose', o.purpose, 'amount', o.amount::text, 'voucher', p.voucher::text,
                            'gift', p.gift::text, 'cash', p.cash::text, 'paidAt', outbox_iso(p.paid_at)),
         p.paid_at
    FROM new_payments p
    JOIN orders o ON o.id = p.order_id
  ON CONFLICT (type, dedupe_key) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_order_paid_events AFTER INSERT ON order_payments
  REFERENCING NEW TABLE AS new_payments FOR EACH STATEMENT EXECUTE FUNCTION outbox_order_paid_events();

-- Settlement writes up to a million bills a day: one event per account and day
-- summarises them (the bills themselves are at GET /v1/bills).
CREATE FUNCTION outbox_bill_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT webhook_wanted('bill.created') THEN
    RETURN NULL;
  END IF;
  INSERT INTO outbox_events (type, dedupe_key, account_id, payload, occurred_at)
  SELECT 'bill.created', 'bills:' || b.account_id || ':' || to_char(b.day, 'YYYY-MM-DD'), b.account_id,
         jsonb_build_object('accountId', b.account_id, 'day', to_char(b.day, 'YYYY-MM-DD'), 'bills', count(*),
                            'chargedBills', count(*) FILTER (WHERE b.amount > 0),
                            'amount', sum(b.amount)::numeric(20, 2)::text),
         max(b.created_at)
    FROM new_bills b
   GROUP BY b.account_id, b.day
  ON CONFLICT (type, dedupe_key) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_bill_events AFTER INSERT ON payg_bills
  REFERENCING NEW TABLE AS new_bills FOR EACH STATEMENT EXECUTE FUNCTION outbox_bill_events();
