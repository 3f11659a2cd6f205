-- Stable views for the ops dashboards, in their own schema, and a read-only
-- role that can read them and nothing else. Calendar days are Asia/Shanghai
-- (the default BILLING_TZ); "today" is the database's real time, not the
-- simulated clock. Money columns are NUMERIC(20, 2).

CREATE SCHEMA reporting;

-- Revenue per billing day and region, cash basis: pay-as-you-go bills by the
-- bill's day and region, prepaid payments and refunds by the day they happened
-- and the app's region. Prepaid counts everything paid (cash, gift, vouchers).
CREATE VIEW reporting.revenue_daily AS
SELECT day, region,
       sum(payg)::numeric(20, 2)                            AS payg,
       sum(prepaid)::numeric(20, 2)                         AS prepaid,
       sum(refunds)::numeric(20, 2)                         AS refunds,
       (sum(payg) + sum(prepaid) - sum(refunds))::numeric(20, 2) AS net
  FROM (
    SELECT b.day, b.region, b.amount AS payg, 0::numeric AS prepaid, 0::numeric AS refunds
      FROM payg_bills b
     WHERE b.amount > 0
    UNION ALL
    SELECT (p.paid_at AT TIME ZONE 'Asia/Shanghai')::date, a.region, 0, o.amount, 0
      FROM order_payments p
      JOIN orders o ON o.id = p.order_id
      JOIN applications a ON a.id = o.app_id
    UNION ALL
    SELECT (r.created_at AT TIME ZONE 'Asia/Shanghai')::date, a.region, 0, 0, r.amount
      FROM refunds r
      JOIN orders o ON o.id = r.order_id
      JOIN applications a ON a.id = o.app_id
  ) movements
 GROUP BY day, region;

CREATE VIEW reporting.apps_by_state_plan AS
SELECT plan, state, region, count(*)::bigint AS apps
  FROM applications
 GROUP BY plan, state, region;

-- Balance as the arrears rule reads it: cash + gift + frozen below zero.
CREATE VIEW reporting.accounts_in_arrears AS
SELECT w.account_id, a.name, a.email, a.never_suspend, w.arrears_since,
       w.cash, w.gift, w.frozen, (w.cash + w.gift + w.frozen)::numeric(20, 2) AS balance,
       (SELECT count(*) FROM applications x WHERE x.account_id = w.account_id AND x.plan = 'payg' AND x.state = 'active')::bigint
         AS active_payg_apps,
       (SELECT count(*) FROM applications x WHERE x.account_id = w.account_id AND x.state = 'suspended')::bigint
         AS suspended_apps
  FROM wallets w
  JOIN accounts a ON a.id = w.account_id
 WHERE w.arrears_since IS NOT NULL;

-- Running prepaid subscriptions whose expiry date E is within the next 7 days (today included).
CREATE VIEW reporting.upcoming_expiries AS
SELECT s.id AS subscription_id, s.account_id, a.name AS account_name, s.app_id, x.name AS app_name,
       x.region, x.state, s.units, s.expires_on,
       (s.expires_on - (now() AT TIME ZONE 'Asia/Shanghai')::date) AS days_left,
       s.auto_renew
  FROM subscriptions s
  JOIN accounts a ON a.id = s.account_id
  JOIN applications x ON x.id = s.app_id
 WHERE s.status = 'active'
   AND s.expires_on BETWEEN (now() AT TIME ZONE 'Asia/Shanghai')::date
                        AND (now() AT TIME ZONE 'Asia/Shanghai')::date + 7;

-- Monthly peak DAU per app (SPEC.md 1: the highest daily DAU of a calendar month).
CREATE VIEW reporting.dau_monthly_peaks AS
SELECT u.app_id, x.account_id, x.region, date_trunc('month', u.day)::date AS month,
       max(u.dau) AS peak_dau, count(*)::bigint AS days_reported
  FROM daily_usage u
  JOIN applications x ON x.id = u.app_id
 GROUP BY u.app_id, x.account_id, x.region, date_trunc('month', u.day);

-- Roles are cluster-wide while every database runs this migration: create the
-- role once, and take a concurrent creator's win (the two errors it can raise).
-- NOLOGIN: people and dashboards log in as their own users granted this role.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'push_billing_reporting') THEN
    CREATE ROLE push_billing_reporting NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END $$;

-- The views run with their owner's rights on the tables, so the role needs
-- (and gets) no grant on any table of the public schema.
GRANT USAGE ON SCHEMA reporting TO push_billing_reporting;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO push_billing_reporting;
ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO push_billing_reporting;
