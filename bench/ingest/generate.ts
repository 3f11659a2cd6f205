import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Client } from 'pg';

/**
 * Ingest data made with set-based SQL: `accounts` accounts with a wallet and
 * `appsPerAccount` running pay-as-you-go apps each (so high DAU is normal
 * traffic, not a trial suspension), and an ingest API key. Returns the app
 * ids and the key.
 */
export async function generateIngestData(
  client: Client,
  opts: { accounts: number; appsPerAccount: number },
): Promise<{ appIds: string[]; ingestKey: string }> {
  await client.query(
    `INSERT INTO accounts (id, name, created_at)
     SELECT gen_random_uuid(), 'bench account ' || g, now() FROM generate_series(1, $1) g`,
    [opts.accounts],
  );
  await client.query(`INSERT INTO wallets (account_id) SELECT id FROM accounts`);
  await client.query(
    `INSERT INTO applications (id, account_id, name, platform, region, plan, state, state_changed_at, payg_activated_at, created_at)
     SELECT gen_random_uuid(), a.id, 'bench app ' || g, (ARRAY['android', 'ios', 'macos'])[1 + g % 3],
            (ARRAY['ap-guangzhou', 'ap-shanghai', 'ap-hongkong', 'ap-singapore'])[1 + g % 4],
            'payg', 'active', now(), now(), now()
       FROM accounts a CROSS JOIN generate_series(1, $1) g`,
    [opts.appsPerAccount],
  );
  const ingestKey = `pb_${randomBytes(32).toString('base64url')}`;
  await client.query(`INSERT INTO api_keys (id, name, role, key_hash, key_prefix) VALUES ($1, 'bench ingest', 'ingest', $2, $3)`, [
    randomUUID(),
    createHash('sha256').update(ingestKey).digest('hex'),
    'bench',
  ]);
  await client.query('ANALYZE');
  const { rows } = await client.query<{ id: string }>('SELECT id::text FROM applications ORDER BY id');
  return { appIds: rows.map((row) => row.id), ingestKey };
}

export interface Report {
  appId: string;
  date: string;
  dau: number;
  source: string;
}

/**
 * The n-th batch of a gateway's stream: `size` consecutive apps (wrapping
 * round), one of four sources, and a DAU that grows from batch to batch, so
 * every report raises its snapshot (the expensive path: nothing is "unchanged").
 */
export function batch(appIds: readonly string[], n: number, size: number, date: string): Report[] {
  const first = (n * size) % appIds.length;
  return Array.from({ length: size }, (_, i) => ({
    appId: appIds[(first + i) % appIds.length],
    date,
    dau: 2000 + n,
    source: `gw-${n % 4}`,
  }));
}

/** The bare baseline: the same reports as one multi-row INSERT ... ON CONFLICT into dau_snapshots, nothing else. */
export async function bareInsert(client: Client, reports: readonly Report[]): Promise<void> {
  const values: string[] = [];
  const params: unknown[] = [];
  reports.forEach((r, i) => {
    values.push(`($${i * 4 + 1}::uuid, $${i * 4 + 2}::date, $${i * 4 + 3}, $${i * 4 + 4}::int, now())`);
    params.push(r.appId, r.date, r.source, r.dau);
  });
  await client.query(
    `INSERT INTO dau_snapshots AS s (app_id, day, source, dau, updated_at) VALUES ${values.join(', ')}
     ON CONFLICT (app_id, day, source) DO UPDATE SET dau = EXCLUDED.dau, updated_at = EXCLUDED.updated_at
     WHERE EXCLUDED.dau > s.dau`,
    params,
  );
}
