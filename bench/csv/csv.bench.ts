/**
 * The CSV export benchmark: one account with N ledger entries (N/2 cash
 * top-ups, written set-based), a real API process, and `GET
 * /v1/accounts/:id/ledger` with `Accept: text/csv` read to the end. Measures
 * rows/s and how far the API process's resident memory grows above its
 * resting size while streaming; checks the line count (a header, one per entry).
 *
 *   npm run build && node dist/bench/csv/csv.bench.js [--rows 1000000]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Client } from 'pg';
import { freshBenchDatabase, timed } from '../support/bench-db';

const ADMIN_KEY = 'bench-admin-key-0123456789';
const PORT = Number(process.env.BENCH_PORT ?? 3917);

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

async function generate(client: Client, accountId: string, rows: number): Promise<void> {
  await client.query(`INSERT INTO accounts (id, name, created_at) VALUES ($1, 'CSV bench', now())`, [accountId]);
  await client.query(`INSERT INTO wallets (account_id, cash, updated_at) VALUES ($1, $2, now())`, [
    accountId,
    ((rows / 2) * 1.25).toFixed(2),
  ]);
  await client.query(
    `INSERT INTO ledger_transactions (id, account_id, kind, business_key, created_at)
     SELECT gen_random_uuid(), $1, 'top_up', 'bench-csv:' || g, timestamptz '2026-01-01' + g * interval '1 second'
       FROM generate_series(1, $2::int) g`,
    [accountId, rows / 2],
  );
  await client.query(
    `INSERT INTO ledger_entries (transaction_id, book, account_id, amount)
     SELECT id, 'customer_cash', account_id, 1.25 FROM ledger_transactions WHERE account_id = $1
     UNION ALL
     SELECT id, 'platform_receipts', NULL, -1.25 FROM ledger_transactions WHERE account_id = $1`,
    [accountId],
  );
  await client.query('ANALYZE');
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = request({ port: PORT, path: '/health' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the API did not start');
}

/** Reads the whole CSV, counting lines, sampling the API's memory as it goes. */
function download(accountId: string, pid: number): Promise<{ lines: number; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    let lines = 0;
    let peak = rssMb(pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
    const req = request(
      { port: PORT, path: `/v1/accounts/${accountId}/ledger`, headers: { authorization: `Bearer ${ADMIN_KEY}`, accept: 'text/csv' } },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
        res.on('data', (chunk: Buffer) => {
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
        });
        res.on('end', () => {
          clearInterval(sampler);
          resolve({ lines, peakRssMb: Math.max(peak, rssMb(pid)) });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const rows = Number(arg('rows', '1000000'));
  if (rows % 2) throw new Error('--rows must be even (two entries per top-up)');
  const url = await freshBenchDatabase('push_billing_bench_csv');
  const client = new Client({ connectionString: url });
  await client.connect();
  const accountId = '00000000-0000-4000-8000-00000000c5f0';
  const generation = await timed(() => generate(client, accountId, rows));
  await client.end();

  const api = spawn(process.execPath, [join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(PORT),
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
      QUEUE_PREFIX: `pb-bench-csv-${Date.now()}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth();
    // The resting size: booted and answering, before the export.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const restingMb = rssMb(api.pid!);
    const run = await timed(() => download(accountId, api.pid!));
    const result = {
      rows,
      generateMs: Math.round(generation.ms),
      exportMs: Math.round(run.ms),
      rowsPerSecond: Math.round(rows / (run.ms / 1000)),
      apiRestingRssMb: +restingMb.toFixed(1),
      apiPeakRssMb: +run.result.peakRssMb.toFixed(1),
      apiRssGrowthMb: +(run.result.peakRssMb - restingMb).toFixed(1),
      lines: run.result.lines,
    };
    console.log(JSON.stringify(result));
    if (run.result.lines !== rows + 1) throw new Error(`expected ${rows + 1} lines (a header and one per entry), got ${run.result.lines}`);
  } finally {
    api.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
