import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';

/**
 * Data for the decision-tool benchmarks, written with set-based SQL: an
 * account at the 150-app limit (prepaid plans expiring over the next month,
 * some auto-renewing; pay-as-you-go apps with recent DAU; trial apps, some cut
 * off), and one pay-as-you-go app with three years of days, bills, orders,
 * state changes and notices.
 */
export async function anAccountWith150Apps(client: Client, today: string, now: Date): Promise<string> {
  const accountId = randomUUID();
  await client.query(`INSERT INTO accounts (id, name) VALUES ($1, 'Bench 150 apps')`, [accountId]);
  await client.query(`INSERT INTO wallets (account_id, cash) VALUES ($1, 20000)`, [accountId]);
  await client.query(
    `INSERT INTO applications (id, account_id, name, platform, region, plan, state, state_changed_at, suspension_reason, trial_suspended_on, payg_activated_at, created_at)
     SELECT gen_random_uuid(), $1, 'app ' || i, (ARRAY['android', 'ios', 'macos'])[i % 3 + 1],
            (ARRAY['ap-guangzhou', 'ap-shanghai', 'ap-hongkong', 'ap-singapore'])[i % 4 + 1],
            CASE WHEN i < 50 THEN 'prepaid' WHEN i < 100 THEN 'payg' ELSE 'trial' END,
            CASE WHEN i < 100 THEN 'active' WHEN i < 110 THEN 'suspended' ELSE 'trial' END,
            $2::timestamptz,
            CASE WHEN i >= 100 AND i < 110 THEN 'trial_over_limit' END,
            CASE WHEN i >= 100 AND i < 110 THEN $3::date - ((i - 100) % 5)::int END,
            CASE WHEN i >= 50 AND i < 100 THEN $2::timestamptz - interval '200 days' END,
            $2::timestamptz - interval '400 days'
       FROM generate_series(0, 149) i`,
    [accountId, now, today],
  );
  await client.query(
    `INSERT INTO subscriptions (id, account_id, app_id, region, units, purchased_months, starts_on, expires_on, auto_renew, status, created_at, updated_at)
     SELECT gen_random_uuid(), a.account_id, a.id, a.region, 1 + n % 5, 1, $2::date - 20, $2::date + (1 + n % 30)::int, n % 2 = 0, 'active', $3, $3
       FROM (SELECT a.*, row_number() OVER (ORDER BY a.id) AS n FROM applications a WHERE a.account_id = $1 AND a.plan = 'prepaid') a`,
    [accountId, today, now],
  );
  await client.query(
    `INSERT INTO orders (id, account_id, kind, purpose, status, amount, price_book_version, app_id, subscription_id, units, months, service_starts_on, service_ends_on, created_at)
     SELECT gen_random_uuid(), s.account_id, 'prepaid', 'purchase', 'paid', 800 * s.units, '2026-01', s.app_id, s.id, s.units, 1, s.starts_on, s.expires_on, $2
       FROM subscriptions s WHERE s.account_id = $1`,
    [accountId, now],
  );
  await client.query(
    `INSERT INTO daily_usage (app_id, day, dau, updated_at)
     SELECT a.id, $2::date - d, CASE WHEN a.plan = 'trial' THEN 500 + (d * 97 + a.access_id) % 900 ELSE 1000 + (d * 7919 + a.access_id * 31) % 60000 END, $3
       FROM applications a CROSS JOIN generate_series(0, 14) d WHERE a.account_id = $1`,
    [accountId, today, now],
  );
  return accountId;
}

/** A pay-as-you-go app with `days` days of usage and bills up to yesterday, a renewal order a month and notices. */
export async function anAppWithHistory(client: Client, today: string, now: Date, days: number): Promise<string> {
  const accountId = randomUUID();
  const appId = randomUUID();
  await client.query(`INSERT INTO accounts (id, name) VALUES ($1, 'Bench 3 years')`, [accountId]);
  await client.query(`INSERT INTO wallets (account_id, cash) VALUES ($1, 0)`, [accountId]);
  await client.query(
    `INSERT INTO applications (id, account_id, name, platform, region, plan, state, state_changed_at, payg_activated_at, created_at)
     VALUES ($1, $2, 'three years', 'android', 'ap-guangzhou', 'payg', 'active', $3, $3::timestamptz - make_interval(days => $4), $3::timestamptz - make_interval(days => $4))`,
    [appId, accountId, now, days],
  );
  await client.query(
    `INSERT INTO daily_usage (app_id, day, dau, updated_at)
     SELECT $1, $2::date - d, 2000 + (d * 7919) % 80000, $3 FROM generate_series(1, $4) d`,
    [appId, today, now, days],
  );
  await client.query(
    `INSERT INTO payg_bills (app_id, day, account_id, region, dau, charged_day, charged_days_total, amount, price_book_version, created_at)
     SELECT $1, u.day, $2, 'ap-guangzhou', u.dau, row_number() OVER (ORDER BY u.day), row_number() OVER (ORDER BY u.day),
            CASE WHEN u.dau <= 10000 THEN 32 ELSE round(u.dau * 0.0032, 2) END, '2026-01', $3
       FROM daily_usage u WHERE u.app_id = $1`,
    [appId, accountId, now],
  );
  const orderId = randomUUID();
  await client.query(
    `INSERT INTO orders (id, account_id, kind, purpose, status, amount, price_book_version, created_at)
     VALUES ($1, $2, 'postpaid', 'activation', 'active', 0, '2026-01', $3::timestamptz - make_interval(days => $4))`,
    [orderId, accountId, now, days],
  );
  await client.query(
    `INSERT INTO order_lines (order_id, line_no, app_id, description, amount) VALUES ($1, 1, $2, 'pay-as-you-go activation', 0)`,
    [orderId, appId],
  );
  await client.query(
    `INSERT INTO app_state_changes (app_id, from_state, to_state, reason, at)
     SELECT $1, CASE WHEN i % 2 = 0 THEN 'active' ELSE 'suspended' END, CASE WHEN i % 2 = 0 THEN 'suspended' ELSE 'active' END,
            CASE WHEN i % 2 = 0 THEN 'arrears' ELSE 'arrears_cleared' END, $2::timestamptz - make_interval(days => $3::int - i * 20)
       FROM generate_series(0, $3::int / 20 - 1) i`,
    [appId, now, days],
  );
  await client.query(
    `INSERT INTO notifications (id, account_id, app_id, type, resource_key, day, title, body, created_at)
     SELECT gen_random_uuid(), $2, $1::uuid, 'suspension_notice', $1::uuid::text, $3::date - d, 'App suspended', 'bench', $4::timestamptz - make_interval(days => d)
       FROM generate_series(1, $5::int, 5) d`,
    [appId, accountId, today, now, days],
  );
  return appId;
}

/** A year and a day of DAU that wanders between the trial cap and a few prepaid units. */
export function aDauSeries(days: number, seed = 7): number[] {
  let x = seed;
  return Array.from({ length: days }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return 500 + (x % 60_000);
  });
}
