/**
 * The pay-as-you-go settlement benchmark (issue 5): builds the data, times the
 * bare set-based insert of the same bills, then the real settlement through the
 * real queue and a real worker process, and checks the result to the cent.
 *
 *   npm run build && node dist/bench/settlement/settlement.bench.js \
 *     [--sizes 10000,100000,1000000] [--apps-per-account 10] [--kill-after-ms 8000]
 *
 * --kill-after-ms kills the worker (SIGKILL) that long into the run, starts a
 * new one, and shows the rerun completes with no duplicate and no missing bill.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { INITIAL_PRICE_BOOK } from '../../prisma/seed/price-book.data';
import { freshBenchDatabase, timed } from '../support/bench-db';
import { moneyChecks } from '../support/money-checks';
import { bareBillsInsert, generateSettlementData } from './generate';

const DAY = '2026-06-01';
/** 07:00 the next day in Shanghai: the day's settlement is due. */
const CLOCK = '2026-06-02T07:00:00+08:00';

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

function startWorker(env: NodeJS.ProcessEnv): ChildProcess {
  const worker = spawn(process.execPath, [join(__dirname, '..', '..', 'apps', 'worker', 'src', 'main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return worker;
}

async function waitForClose(client: Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rowCount } = await client.query('SELECT 1 FROM settlement_days WHERE day = $1', [DAY]);
    if (rowCount) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`settlement of ${DAY} did not finish in ${timeoutMs} ms`);
}

/** The checks that make the timing mean something: every bill once, to the cent, and a balanced ledger. */
async function verify(client: Client): Promise<Record<string, unknown>> {
  const one = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0];
  const apps = await one(`SELECT count(*)::int AS n FROM applications WHERE plan = 'payg' AND state = 'active'`);
  const bills = await one(
    `SELECT count(*)::int AS n, count(DISTINCT app_id)::int AS apps, sum(amount)::text AS total FROM payg_bills WHERE day = $1`,
    [DAY],
  );
  const mismatched = await one(
    `SELECT count(*)::int AS n FROM bench_bare_bills bare FULL JOIN (SELECT * FROM payg_bills WHERE day = $1) b ON b.app_id = bare.app_id
      WHERE b.app_id IS NULL OR bare.app_id IS NULL OR b.amount <> bare.amount
         OR b.charged_day IS DISTINCT FROM bare.charged_day OR b.charged_days_total <> bare.charged_days_total`,
    [DAY],
  );
  const revenue = await one(
    `SELECT coalesce(sum(e.amount), 0)::text AS total FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
      WHERE e.book = 'platform_revenue' AND t.reference = $1`,
    [`payg-bills:${DAY}`],
  );
  const money = await moneyChecks(client);
  const result = {
    apps: apps.n,
    bills: bills.n,
    duplicateBills: bills.n - bills.apps,
    missingBills: apps.n - bills.apps,
    billsTotal: bills.total,
    ledgerRevenue: revenue.total,
    mismatchedWithBareSql: mismatched.n,
    ...money,
  };
  const ok =
    result.duplicateBills === 0 &&
    result.missingBills === 0 &&
    result.billsTotal === result.ledgerRevenue &&
    result.mismatchedWithBareSql === 0 &&
    result.walletsNotEqualToLedger === 0 &&
    result.unbalancedTransactions === 0;
  if (!ok) throw new Error(`settlement check failed: ${JSON.stringify(result)}`);
  return result;
}

async function runSize(appDays: number, appsPerAccount: number, killAfterMs: number | null): Promise<Record<string, unknown>> {
  const accounts = Math.max(1, Math.round(appDays / appsPerAccount));
  const dbName = `pb_bench_settlement_${appDays}`;
  const url = await freshBenchDatabase(dbName);
  const client = new Client({ connectionString: url });
  await client.connect();
  const generation = await timed(() => generateSettlementData(client, { accounts, appsPerAccount, day: DAY }));
  const bare = await timed(() => bareBillsInsert(client, DAY, INITIAL_PRICE_BOOK.version));

  const env = {
    ...process.env,
    DATABASE_URL: url,
    QUEUE_PREFIX: `pb-bench-${appDays}-${Date.now()}`,
    CLOCK_MODE: 'simulated',
    CLOCK_START: CLOCK,
    LOG_LEVEL: 'warn',
    JOB_LOCK_MS: '5000',
    JOB_STALLED_CHECK_MS: '2000',
  };
  // The worker boots (and initialises the shared simulated clock) before the run is started.
  let worker = startWorker(env);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const { startSettlement } = await import('./start');
  let killedAt: number | null = null;
  const run = await timed(async () => {
    await startSettlement(env);
    if (killAfterMs !== null) {
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      const settled = (await client.query('SELECT count(*)::int AS n FROM payg_bills WHERE day = $1', [DAY])).rows[0].n;
      worker.kill('SIGKILL');
      killedAt = settled;
      worker = startWorker(env);
    }
    await waitForClose(client, 30 * 60_000);
  });
  worker.kill('SIGTERM');
  const checks = await verify(client);
  await client.end();
  return {
    appDays,
    accounts,
    generateMs: Math.round(generation.ms),
    bareSqlMs: Math.round(bare.ms),
    settlementMs: Math.round(run.ms),
    ratioToBareSql: +(run.ms / bare.ms).toFixed(2),
    billsPerSecond: Math.round(appDays / (run.ms / 1000)),
    ...(killAfterMs !== null ? { killedWorkerAfterMs: killAfterMs, billsWrittenBeforeKill: killedAt } : {}),
    ...checks,
  };
}

async function main(): Promise<void> {
  const sizes = arg('sizes', '10000,100000,1000000').split(',').map(Number);
  const appsPerAccount = Number(arg('apps-per-account', '10'));
  const kill = process.argv.includes('--kill-after-ms') ? Number(arg('kill-after-ms', '0')) : null;
  for (const size of sizes) {
    const result = await runSize(size, appsPerAccount, kill);
    console.log(JSON.stringify(result));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
