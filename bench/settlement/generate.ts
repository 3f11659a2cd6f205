import type { Client } from 'pg';

/**
 * Pay-as-you-go data for one settlement day, made in the database with
 * set-based SQL: accounts with a funded wallet (a cash top-up in the ledger, so
 * balances equal the ledger), `appsPerAccount` running pay-as-you-go apps each
 * in random regions, a history (a zero bill of the day before carrying a random
 * loyalty counter, so the counter is read from a real index), and one day of
 * DAU where a fifth of the apps are free (<= 1,000), a third pay the fixed fee
 * and the rest pay per DAU. About one account in ten is funded too little and
 * falls into arrears.
 */
export async function generateSettlementData(
  client: Client,
  opts: { accounts: number; appsPerAccount: number; day: string },
): Promise<void> {
  await client.query('SELECT setseed(0.42)');
  await client.query(
    `INSERT INTO accounts (id, name, created_at)
     SELECT gen_random_uuid(), 'bench account ' || g, now() FROM generate_series(1, $1) g`,
    [opts.accounts],
  );
  await client.query(`
    CREATE TEMP TABLE funding AS
    SELECT id AS account_id, gen_random_uuid() AS tx_id,
           CASE WHEN random() < 0.1 THEN 10.00 ELSE round((5000 + random() * 50000)::numeric, 2) END AS cash
      FROM accounts`);
  await client.query(`
    INSERT INTO ledger_transactions (id, account_id, kind, business_key, created_at)
    SELECT tx_id, account_id, 'top_up', 'bench-funding:' || account_id, now() FROM funding`);
  await client.query(`
    INSERT INTO ledger_entries (transaction_id, book, account_id, amount)
    SELECT tx_id, 'customer_cash', account_id, cash FROM funding
    UNION ALL
    SELECT tx_id, 'platform_receipts', NULL, -cash FROM funding`);
  await client.query(`INSERT INTO wallets (account_id, cash) SELECT account_id, cash FROM funding`);
  await client.query(
    `INSERT INTO applications (id, account_id, name, platform, region, plan, state, state_changed_at, payg_activated_at, created_at)
     SELECT gen_random_uuid(), a.id, 'bench app ' || g, (ARRAY['android', 'ios', 'macos'])[1 + g % 3],
            (ARRAY['ap-guangzhou', 'ap-shanghai', 'ap-hongkong', 'ap-singapore'])[1 + floor(random() * 4)::int],
            'payg', 'active', $2::date - 900, $2::date - 900, now()
       FROM accounts a CROSS JOIN generate_series(1, $1) g`,
    [opts.appsPerAccount, opts.day],
  );
  await client.query(
    `INSERT INTO payg_bills (app_id, day, account_id, region, dau, charged_day, charged_days_total, amount, price_book_version, created_at)
     SELECT id, $1::date - 1, account_id, region, 0, NULL, floor(random() * 900)::int, 0, '2026-01', now() FROM applications`,
    [opts.day],
  );
  await client.query(
    `INSERT INTO daily_usage (app_id, day, dau, updated_at)
     SELECT id, $1::date,
            CASE WHEN r < 0.2 THEN floor(random() * 1001)::int
                 WHEN r < 0.53 THEN 1001 + floor(random() * 9000)::int
                 ELSE 10001 + floor(random() * 190000)::int END,
            now()
       FROM (SELECT id, random() AS r FROM applications) apps`,
    [opts.day],
  );
  await client.query('ANALYZE');
}

/**
 * The floor we compare against: the same bills written by one set-based
 * statement with the prices in SQL, no ledger, no wallets, no counters. Written
 * to a copy of the bills table so the real run is not disturbed.
 */
export async function bareBillsInsert(client: Client, day: string, version: string): Promise<number> {
  await client.query('CREATE TABLE IF NOT EXISTS bench_bare_bills (LIKE payg_bills INCLUDING ALL)');
  await client.query('TRUNCATE bench_bare_bills');
  const result = await client.query(
    `INSERT INTO bench_bare_bills (app_id, day, account_id, region, dau, charged_day, charged_days_total, amount, price_book_version, created_at)
     SELECT a.id, $1::date, a.account_id, a.region, d.dau,
            CASE WHEN d.dau <= r.payg_free_max_dau THEN NULL ELSE prev.total + 1 END,
            CASE WHEN d.dau <= r.payg_free_max_dau THEN prev.total ELSE prev.total + 1 END,
            CASE WHEN d.dau <= r.payg_free_max_dau THEN 0
                 ELSE round((CASE WHEN d.dau <= r.payg_fixed_max_dau THEN r.payg_fixed_daily_fee
                                  ELSE r.payg_per_dau_fee * d.dau END) * l.discount, 2) END,
            $2, now()
       FROM applications a
       JOIN price_book_regions r ON r.version_id = $2 AND r.region = a.region
       CROSS JOIN LATERAL (SELECT coalesce((SELECT dau FROM daily_usage u WHERE u.app_id = a.id AND u.day = $1::date), 0) AS dau) d
       CROSS JOIN LATERAL (SELECT coalesce((SELECT charged_days_total FROM payg_bills b WHERE b.app_id = a.id AND b.day < $1::date
                                            ORDER BY b.day DESC LIMIT 1), 0) AS total) prev
       CROSS JOIN LATERAL (SELECT discount FROM price_book_loyalty_discounts ld
                            WHERE ld.version_id = $2 AND ld.region = a.region AND ld.from_charged_day <= prev.total + 1
                            ORDER BY ld.from_charged_day DESC LIMIT 1) l
      WHERE a.plan = 'payg' AND a.state = 'active'`,
    [day, version],
  );
  return result.rowCount ?? 0;
}
