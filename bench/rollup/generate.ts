import type { Client } from 'pg';

export interface ReportingDataOptions {
  /** Pay-as-you-go apps; each has one bill per day. */
  paygApps: number;
  /** Days of history, ending the day before `today`. */
  days: number;
  /** The billing day "now" (YYYY-MM-DD); the last `openDays` days before it are not settled yet. */
  today: string;
  openDays: number;
  tz: string;
}

/**
 * Everything the dashboards read, made with set-based SQL: accounts funded
 * through the ledger (so every ledger check reads 0), some in arrears and some
 * never suspended, with vouchers; pay-as-you-go apps with a bill a day;
 * prepaid apps with a subscription, their payments spread over the days and a
 * refund for one in ten; trial apps near the cap today; state changes of every
 * kind; settlement closed through `today - openDays - 1`. Bills dominate:
 * `paygApps * days` rows.
 */
export async function generateReportingData(client: Client, opts: ReportingDataOptions): Promise<void> {
  const accounts = Math.max(Math.ceil(opts.paygApps / 10), 10);
  const prepaidApps = Math.max(Math.ceil(opts.paygApps / 20), 20);
  const first = `('${opts.today}'::date - ${opts.days})`;
  const at = (day: string) => `((${day})::timestamp + interval '12 hours') AT TIME ZONE '${opts.tz}'`;
  await client.query('SELECT setseed(0.42)');
  const steps = [
    `INSERT INTO accounts (id, name, email, never_suspend, created_at)
     SELECT gen_random_uuid(), 'bench account ' || g, 'a' || g || '@bench.example', g % 10 = 0, now() FROM generate_series(1, ${accounts}) g`,
    // One in eight spent more than it topped up: in arrears.
    `CREATE TEMP TABLE funding AS
     SELECT id AS account_id, gen_random_uuid() AS top_up, gen_random_uuid() AS spend, round((1000 + random() * 9000)::numeric, 2) AS cash,
            CASE WHEN split_part(name, ' ', 3)::int % 8 = 0 THEN round((10000 + random() * 500)::numeric, 2) ELSE 0 END AS spent
       FROM accounts`,
    `INSERT INTO ledger_transactions (id, account_id, kind, business_key, created_at)
     SELECT top_up, account_id, 'top_up', 'bench-top-up:' || account_id, now() FROM funding
     UNION ALL SELECT spend, account_id, 'payment', 'bench-spend:' || account_id, now() FROM funding WHERE spent > 0`,
    `INSERT INTO ledger_entries (transaction_id, book, account_id, amount)
     SELECT top_up, 'customer_cash', account_id, cash FROM funding
     UNION ALL SELECT top_up, 'platform_receipts', NULL, -cash FROM funding
     UNION ALL SELECT spend, 'customer_cash', account_id, -spent FROM funding WHERE spent > 0
     UNION ALL SELECT spend, 'platform_revenue', NULL, spent FROM funding WHERE spent > 0`,
    `INSERT INTO wallets (account_id, cash, arrears_since)
     SELECT account_id, cash - spent, CASE WHEN spent > cash THEN now() - interval '2 days' END FROM funding`,
    `CREATE TEMP TABLE grants AS
     SELECT account_id, gen_random_uuid() AS voucher_id, gen_random_uuid() AS tx, 100.00 AS amount,
            '${opts.today}'::date + (floor(random() * 60)::int - 10) AS expires_on
       FROM funding WHERE random() < 0.3`,
    `INSERT INTO vouchers (id, account_id, amount, remaining, expires_on) SELECT voucher_id, account_id, amount, amount, expires_on FROM grants`,
    `INSERT INTO ledger_transactions (id, account_id, kind, business_key, created_at)
     SELECT tx, account_id, 'voucher_grant', 'bench-voucher:' || voucher_id, now() FROM grants`,
    `INSERT INTO ledger_entries (transaction_id, book, account_id, voucher_id, amount)
     SELECT tx, 'customer_voucher', account_id, voucher_id, amount FROM grants
     UNION ALL SELECT tx, 'platform_voucher_granted', NULL, NULL, -amount FROM grants`,
    `CREATE TEMP TABLE owners AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM accounts`,
    `INSERT INTO applications (id, account_id, name, platform, region, plan, state, state_changed_at, payg_activated_at, created_at)
     SELECT gen_random_uuid(), o.id, 'payg app ' || g, (ARRAY['android', 'ios', 'macos'])[1 + g % 3],
            (ARRAY['ap-guangzhou', 'ap-shanghai', 'ap-hongkong', 'ap-singapore'])[1 + g % 4], 'payg', 'active', now(), now(), now()
       FROM generate_series(1, ${opts.paygApps}) g JOIN owners o ON o.n = 1 + g % ${accounts}`,
    `INSERT INTO applications (id, account_id, name, platform, region, plan, state, state_changed_at, created_at)
     SELECT gen_random_uuid(), o.id, 'prepaid app ' || g, 'android', (ARRAY['ap-guangzhou', 'ap-shanghai', 'ap-hongkong', 'ap-singapore'])[1 + g % 4],
            'prepaid', 'active', now(), now()
       FROM generate_series(1, ${prepaidApps}) g JOIN owners o ON o.n = 1 + g % ${accounts}`,
    `INSERT INTO applications (id, account_id, name, platform, region, plan, state, state_changed_at, created_at)
     SELECT gen_random_uuid(), o.id, 'trial app ' || g, 'ios', (ARRAY['ap-guangzhou', 'ap-shanghai', 'ap-hongkong', 'ap-singapore'])[1 + g % 4],
            'trial', 'trial', now(), now()
       FROM generate_series(1, 40) g JOIN owners o ON o.n = 1 + g % ${accounts}`,
    `INSERT INTO daily_usage (app_id, day, dau, updated_at)
     SELECT id, '${opts.today}'::date, 700 + floor(random() * 300)::int, now() FROM applications WHERE plan = 'trial'`,
    // The bills: one per pay-as-you-go app and day, a fifth of them free.
    `INSERT INTO payg_bills (app_id, day, account_id, region, dau, charged_day, charged_days_total, amount, price_book_version, created_at)
     SELECT a.id, d.day, a.account_id, a.region, CASE WHEN r < 0.2 THEN 500 ELSE 5000 END,
            CASE WHEN r < 0.2 THEN NULL ELSE 1 END, CASE WHEN r < 0.2 THEN 0 ELSE 1 END,
            CASE WHEN r < 0.2 THEN 0 ELSE round((32 + random() * 300)::numeric, 2) END, '2026-01', now()
       FROM (SELECT id, account_id, region FROM applications WHERE plan = 'payg') a
      CROSS JOIN LATERAL (SELECT (${first} + g)::date AS day, random() AS r FROM generate_series(0, ${opts.days - 1}) g) d`,
    // Prepaid: a running subscription per app and a paid order every 30 days of the history, one in ten refunded the next day.
    `INSERT INTO subscriptions (id, account_id, app_id, region, units, purchased_months, starts_on, expires_on, auto_renew, status, created_at, updated_at)
     SELECT gen_random_uuid(), account_id, id, region, 1, 1, '${opts.today}'::date - 30, '${opts.today}'::date + floor(random() * 30)::int, random() < 0.5, 'active', now(), now()
       FROM applications WHERE plan = 'prepaid'`,
    `CREATE TEMP TABLE purchases AS
     SELECT gen_random_uuid() AS order_id, gen_random_uuid() AS tx, s.account_id, s.app_id, s.id AS subscription_id,
            (${first} + g + floor(random() * 30)::int)::date AS day, 800.00 AS amount, random() < 0.1 AS refunded
       FROM subscriptions s CROSS JOIN generate_series(0, ${opts.days - 1}, 30) g`,
    `DELETE FROM purchases WHERE day >= '${opts.today}'::date`,
    `INSERT INTO orders (id, account_id, kind, purpose, status, amount, app_id, subscription_id, units, months, created_at)
     SELECT order_id, account_id, 'prepaid', 'purchase', CASE WHEN refunded THEN 'refunded' ELSE 'paid' END, amount, app_id, subscription_id, 1, 1, ${at('day')}
       FROM purchases`,
    `INSERT INTO ledger_transactions (id, account_id, kind, business_key, created_at)
     SELECT tx, account_id, 'payment', 'bench-order:' || order_id, ${at('day')} FROM purchases`,
    `INSERT INTO ledger_entries (transaction_id, book, account_id, amount)
     SELECT tx, 'platform_receipts', NULL::uuid, -amount FROM purchases UNION ALL SELECT tx, 'platform_revenue', NULL, amount FROM purchases`,
    `INSERT INTO order_payments (order_id, ledger_transaction_id, voucher, gift, cash, paid_at)
     SELECT order_id, tx, 0, 0, amount, ${at('day')} FROM purchases`,
    `INSERT INTO refunds (id, order_id, account_id, type, amount, cash, gift, forfeited_voucher, created_at)
     SELECT gen_random_uuid(), order_id, account_id, 'standard', 400.00, 400.00, 0, 0, ${at('day + 1')} FROM purchases WHERE refunded`,
    // Lifecycle moves of every kind, spread over the history.
    `INSERT INTO app_state_changes (app_id, from_state, to_state, reason, at)
     SELECT a.id, m.from_state, m.to_state, m.reason, ${at(`${first} + floor(random() * ${opts.days})::int`)}
       FROM (SELECT id FROM applications ORDER BY random() LIMIT 200) a
      CROSS JOIN (VALUES ('trial', 'suspended', 'trial_over_limit'), ('active', 'suspended', 'arrears'),
                         ('suspended', 'active', 'arrears_cleared'), ('suspended', 'destroyed', 'arrears')) m(from_state, to_state, reason)`,
    `INSERT INTO settlement_days (day, closed_at)
     SELECT d::date, now() FROM generate_series(${first}, '${opts.today}'::date - ${opts.openDays + 1}, interval '1 day') d`,
    `INSERT INTO billing_settings (id, billing_tz, clock_mode, updated_at) VALUES ('current', '${opts.tz}', 'system', now())
     ON CONFLICT (id) DO UPDATE SET billing_tz = EXCLUDED.billing_tz`,
    'ANALYZE',
  ];
  for (const sql of steps) await client.query(sql);
}
