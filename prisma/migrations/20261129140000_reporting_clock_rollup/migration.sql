-- Reporting views that agree with the API: calendar days in the configured
-- BILLING_TZ and "today" from the system's clock (the simulated one when the
-- processes run on it), plus a daily revenue rollup kept by a job so that the
-- revenue panels stay fast on years of bills, and the views the dashboards read.

-- Written by every API and worker process at boot (last writer wins): the
-- database cannot read the processes' environment.
CREATE TABLE billing_settings (
  id         TEXT PRIMARY KEY CHECK (id = 'current'),
  billing_tz TEXT NOT NULL,
  clock_mode TEXT NOT NULL CHECK (clock_mode IN ('system', 'simulated')),
  updated_at TIMESTAMPTZ(6) NOT NULL
);

-- Days whose revenue is final (their settlement closed), rolled up per region
-- and plan. A day is rolled once, in order, with no gap: every day up to the
-- latest row here is in the rollup; later days are computed live.
CREATE TABLE revenue_rollup_days (
  day        DATE PRIMARY KEY,
  billing_tz TEXT NOT NULL,
  rolled_at  TIMESTAMPTZ(6) NOT NULL
);
CREATE TABLE revenue_daily_rollup (
  day     DATE NOT NULL REFERENCES revenue_rollup_days (day),
  region  TEXT NOT NULL,
  plan    TEXT NOT NULL CHECK (plan IN ('payg', 'prepaid')),
  revenue NUMERIC(20, 2) NOT NULL,
  refunds NUMERIC(20, 2) NOT NULL,
  PRIMARY KEY (day, region, plan)
);

-- The live part of revenue and the per-day panels read recent rows by time.
CREATE INDEX payg_bills_day_idx ON payg_bills (day);
CREATE INDEX order_payments_paid_at_idx ON order_payments (paid_at);
CREATE INDEX refunds_created_at_idx ON refunds (created_at);
CREATE INDEX app_state_changes_at_idx ON app_state_changes (at);

-- One row: the billing time zone, the system's "now" and its billing date.
CREATE VIEW reporting.clock AS
SELECT s.billing_tz, s.now, (s.now AT TIME ZONE s.billing_tz)::date AS today, s.simulated
  FROM (SELECT coalesce(b.billing_tz, 'Asia/Shanghai') AS billing_tz,
               CASE WHEN b.clock_mode = 'simulated' THEN coalesce(c.now, now()) ELSE now() END AS now,
               coalesce(b.clock_mode = 'simulated', false) AS simulated
          FROM (SELECT 1) AS one
          LEFT JOIN billing_settings b ON b.id = 'current'
          LEFT JOIN clock_state c ON c.id = 'simulated') s;

-- The movements of the days after the rollup, from the base tables. A function
-- with its bounds spliced in as literals, so the planner sees how few recent
-- rows they select (a view's bound from a subquery is planned as a third of
-- the table). SECURITY DEFINER: it reads the tables as the migration owner,
-- as the views do.
CREATE FUNCTION reporting.revenue_live()
RETURNS TABLE (day date, region text, plan text, revenue numeric, refunds numeric)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  tz    text;
  after date;
BEGIN
  SELECT c.billing_tz INTO tz FROM reporting.clock c;
  SELECT coalesce(max(d.day), '1970-01-01'::date) INTO after FROM public.revenue_rollup_days d;
  RETURN QUERY EXECUTE format($q$
    SELECT m.day, m.region, m.plan, sum(m.revenue), sum(m.refunds)
      FROM (
        SELECT b.day, b.region, 'payg'::text AS plan, b.amount AS revenue, 0::numeric AS refunds
          FROM payg_bills b
         WHERE b.day > %1$L::date AND b.amount > 0
        UNION ALL
        SELECT (p.paid_at AT TIME ZONE %2$L)::date, a.region,
               CASE o.kind WHEN 'prepaid' THEN 'prepaid' ELSE 'payg' END, o.amount, 0
          FROM order_payments p
          JOIN orders o ON o.id = p.order_id
          JOIN applications a ON a.id = o.app_id
         WHERE p.paid_at >= (%1$L::date + 1)::timestamp AT TIME ZONE %2$L
        UNION ALL
        SELECT (r.created_at AT TIME ZONE %2$L)::date, a.region,
               CASE o.kind WHEN 'prepaid' THEN 'prepaid' ELSE 'payg' END, 0, r.amount
          FROM refunds r
          JOIN orders o ON o.id = r.order_id
          JOIN applications a ON a.id = o.app_id
         WHERE r.created_at >= (%1$L::date + 1)::timestamp AT TIME ZONE %2$L
      ) m
     GROUP BY m.day, m.region, m.plan$q$, after, tz);
END $$;
REVOKE ALL ON FUNCTION reporting.revenue_live() FROM PUBLIC;

-- Revenue per billing day, region and plan, cash basis: pay-as-you-go bills by
-- the bill's day, prepaid payments and refunds by the billing day they happened
-- on and the app's region. Prepaid counts everything paid (cash, gift, vouchers).
CREATE VIEW reporting.revenue_by_plan AS
SELECT t.day, (t.day::timestamp AT TIME ZONE k.billing_tz) AS "time", t.region, t.plan,
       t.revenue::numeric(20, 2) AS revenue, t.refunds::numeric(20, 2) AS refunds,
       (t.revenue - t.refunds)::numeric(20, 2) AS net
  FROM (SELECT r.day, r.region, r.plan, r.revenue, r.refunds FROM revenue_daily_rollup r
        UNION ALL
        SELECT l.day, l.region, l.plan, l.revenue, l.refunds FROM reporting.revenue_live() l) t
 CROSS JOIN reporting.clock k;

-- The first round's view, same columns, now over the rollup and in BILLING_TZ.
CREATE OR REPLACE VIEW reporting.revenue_daily AS
SELECT day, region,
       coalesce(sum(revenue) FILTER (WHERE plan = 'payg'), 0)::numeric(20, 2) AS payg,
       coalesce(sum(revenue) FILTER (WHERE plan = 'prepaid'), 0)::numeric(20, 2) AS prepaid,
       sum(refunds)::numeric(20, 2)                                 AS refunds,
       sum(net)::numeric(20, 2)                                     AS net
  FROM reporting.revenue_by_plan
 GROUP BY day, region;

-- Running prepaid subscriptions whose expiry date is within the next 7 days (today included).
CREATE OR REPLACE VIEW reporting.upcoming_expiries AS
SELECT s.id AS subscription_id, s.account_id, a.name AS account_name, s.app_id, x.name AS app_name,
       x.region, x.state, s.units, s.expires_on,
       (s.expires_on - k.today) AS days_left,
       s.auto_renew
  FROM subscriptions s
  JOIN accounts a ON a.id = s.account_id
  JOIN applications x ON x.id = s.app_id
 CROSS JOIN reporting.clock k
 WHERE s.status = 'active'
   AND s.expires_on BETWEEN k.today AND k.today + 7;

-- Every state change of an app, on its billing day, named as the dashboards count them.
CREATE VIEW reporting.app_events AS
SELECT c.at AS "time", (c.at AT TIME ZONE k.billing_tz)::date AS day, c.app_id, x.account_id, x.region, x.plan,
       c.from_state, c.to_state, c.reason,
       CASE
         WHEN c.to_state = 'suspended' AND c.reason = 'trial_over_limit' THEN 'trial_cutoff'
         WHEN c.to_state = 'suspended' THEN 'suspension'
         WHEN c.to_state = 'destroyed' THEN 'destruction'
         WHEN c.from_state = 'suspended' THEN 'restore'
         ELSE 'other'
       END AS event
  FROM app_state_changes c
  JOIN applications x ON x.id = c.app_id
 CROSS JOIN reporting.clock k;

-- Trial apps whose DAU today (the system's billing day) is at 80% of the trial cap or more.
CREATE VIEW reporting.trial_apps_near_cap AS
SELECT x.id AS app_id, x.account_id, x.name AS app_name, x.region, u.dau, 1000 AS cap,
       round(u.dau * 100.0 / 1000, 1) AS percent_of_cap
  FROM applications x
  JOIN daily_usage u ON u.app_id = x.id
 CROSS JOIN reporting.clock k
 WHERE x.plan = 'trial' AND x.state = 'trial' AND u.day = k.today AND u.dau >= 800;

-- Accounts that are never suspended, with what the platform has advanced them.
CREATE VIEW reporting.never_suspend_exposure AS
SELECT a.id AS account_id, a.name, (w.cash + w.gift + w.frozen)::numeric(20, 2) AS balance,
       greatest(-(w.cash + w.gift + w.frozen), 0)::numeric(20, 2) AS exposure, w.arrears_since,
       (SELECT count(*) FROM applications x WHERE x.account_id = a.id AND x.state NOT IN ('destroyed'))::bigint AS live_apps
  FROM accounts a
  JOIN wallets w ON w.account_id = a.id
 WHERE a.never_suspend;

-- Voucher money not yet spent, by expiry: usable (not expired as of today) or lapsed.
CREATE VIEW reporting.vouchers_outstanding AS
SELECT v.id AS voucher_id, v.account_id, v.amount, v.remaining, v.expires_on,
       (v.expires_on >= k.today) AS usable
  FROM vouchers v
 CROSS JOIN reporting.clock k
 WHERE v.remaining > 0;

-- The double-entry checks; every problems figure must read 0. A transaction's
-- entries sum to zero; each wallet equals its customer books; each voucher's
-- remaining equals its voucher book.
CREATE VIEW reporting.ledger_check AS
SELECT 'unbalanced transactions'::text AS "check", count(*)::bigint AS problems
  FROM (SELECT e.transaction_id FROM ledger_entries e GROUP BY e.transaction_id HAVING sum(e.amount) <> 0) t
UNION ALL
SELECT 'wallets not equal to their entries', count(*)::bigint
  FROM wallets w
  LEFT JOIN (SELECT e.account_id,
                    sum(e.amount) FILTER (WHERE e.book = 'customer_cash')   AS cash,
                    sum(e.amount) FILTER (WHERE e.book = 'customer_gift')   AS gift,
                    sum(e.amount) FILTER (WHERE e.book = 'customer_frozen') AS frozen
               FROM ledger_entries e
              WHERE e.book IN ('customer_cash', 'customer_gift', 'customer_frozen')
              GROUP BY e.account_id) s ON s.account_id = w.account_id
 WHERE w.cash <> coalesce(s.cash, 0) OR w.gift <> coalesce(s.gift, 0) OR w.frozen <> coalesce(s.frozen, 0)
UNION ALL
SELECT 'vouchers not equal to their entries', count(*)::bigint
  FROM vouchers v
  LEFT JOIN (SELECT e.voucher_id, sum(e.amount) AS amount FROM ledger_entries e
              WHERE e.book = 'customer_voucher' GROUP BY e.voucher_id) s ON s.voucher_id = v.id
 WHERE v.remaining <> coalesce(s.amount, 0);

-- Rollup progress and settlement days, for the panels that say how fresh the figures are.
CREATE VIEW reporting.settlement_status AS
SELECT (SELECT max(day) FROM settlement_days) AS last_settled_day,
       (SELECT max(closed_at) FROM settlement_days) AS last_closed_at,
       (SELECT max(day) FROM revenue_rollup_days) AS rolled_through,
       k.today
  FROM reporting.clock k;

-- The default privileges of the first reporting migration cover the new
-- views; the function needs its own grant.
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO push_billing_reporting;
GRANT EXECUTE ON FUNCTION reporting.revenue_live() TO push_billing_reporting;
