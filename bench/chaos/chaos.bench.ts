/**
 * The crash loop (issue 11): cycles of SIGKILL at random points, the worker
 * during a pay-as-you-go settlement and an API process during concurrent
 * top-ups and prepaid purchases, each followed by the checks that must hold
 * whatever was killed.
 *
 *   npm run build && node dist/bench/chaos/chaos.bench.js [--cycles 100] [--apps 20000] [--seed 1]
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { ADMIN_URL, freshBenchDatabase, urlFor } from '../support/bench-db';
import { moneyChecks } from '../support/money-checks';
import { generateSettlementData } from '../settlement/generate';

const DAY = '2026-06-01';
/** 07:00 the next day in Shanghai: the day's settlement is due. */
const CLOCK = '2026-06-02T07:00:00+08:00';
const ADMIN_KEY = 'chaos-admin-key-0123456789abcdef';
const API_PORTS = [3901, 3902];
const ROOT = join(__dirname, '..', '..');
const TEMPLATE = 'pb_bench_chaos_template';
const CLIENTS = 8;
const WRITES_PER_CLIENT = 12;
const KILL_WINDOW_MS = 5000;

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

/** A small seeded generator, so that a failing cycle can be replayed with --seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Cycle {
  url: string;
  env: NodeJS.ProcessEnv;
  worker: ChildProcess;
  apis: ChildProcess[];
}

function start(path: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [join(ROOT, path)], { env, stdio: ['ignore', 'ignore', 'ignore'] });
}

const startWorker = (env: NodeJS.ProcessEnv) => start('apps/worker/src/main.js', env);
const startApi = (env: NodeJS.ProcessEnv, index: number) => start('apps/api/src/main.js', { ...env, PORT: String(API_PORTS[index]) });

async function healthy(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`the API on port ${port} did not come up`);
}

async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

/**
 * A client as a careful integrator writes it: every write under its own
 * Idempotency-Key, sent to one API process and, on a connection failure or a
 * 5xx, again under the same key (to the other one), until an answer that is
 * not a failure of the service.
 */
async function write(path: string, body: unknown, key: string, first: number): Promise<{ status: number; body: any }> {
  for (let attempt = 0; ; attempt += 1) {
    const port = API_PORTS[(first + attempt) % API_PORTS.length];
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const answer = { status: response.status, body: await response.json() };
      if (answer.status < 500) return answer;
    } catch {
      // Refused or reset: the process is down or was killed mid-request.
    }
    if (attempt > 200) throw new Error(`${path} under ${key} never got an answer`);
    await sleep(100);
  }
}

interface Acknowledged {
  started: number;
  answered: number;
  topUps: { key: string; accountId: string; id: string }[];
  purchases: { appId: string; id: string }[];
  unexpected: string[];
}

/** Top-ups and prepaid purchases (each for a new app of its own), from CLIENTS clients at once. */
async function load(accounts: string[], random: () => number, acknowledged: Acknowledged): Promise<void> {
  const send = async (path: string, body: unknown, key: string, first: number) => {
    acknowledged.started += 1;
    const answer = await write(path, body, key, first);
    acknowledged.answered += 1;
    return answer;
  };
  const client = async (c: number) => {
    for (let i = 0; i < WRITES_PER_CLIENT; i += 1) {
      const accountId = accounts[Math.floor(random() * accounts.length)];
      if (random() < 0.6) {
        const key = randomUUID();
        const answer = await send(`/v1/accounts/${accountId}/top-ups`, { kind: 'cash', amount: '900.00' }, key, c);
        if (answer.status === 201) acknowledged.topUps.push({ key, accountId, id: answer.body.id });
        else acknowledged.unexpected.push(`top-up ${answer.status} ${answer.body.code}`);
      } else {
        const app = await send(
          '/v1/apps',
          { accountId, name: `chaos ${c}-${i}`, platform: 'ios', region: 'ap-guangzhou' },
          randomUUID(),
          c,
        );
        if (app.status !== 201) {
          acknowledged.unexpected.push(`app ${app.status} ${app.body.code}`);
          continue;
        }
        const order = await send('/v1/orders/prepaid', { accountId, appId: app.body.id, units: 1, months: 1 }, randomUUID(), c);
        if (order.status === 201) acknowledged.purchases.push({ appId: app.body.id, id: order.body.id });
        // A wallet the settlement has just emptied may not pay: a refusal, not a fault.
        else if (order.body.code !== 'INSUFFICIENT_BALANCE') acknowledged.unexpected.push(`purchase ${order.status} ${order.body.code}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
}

async function waitForClose(client: Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await client.query('SELECT 1 FROM settlement_days WHERE day = $1', [DAY])).rowCount) return;
    await sleep(100);
  }
  throw new Error(`settlement of ${DAY} did not close in ${timeoutMs} ms`);
}

/** What must hold after every cycle. */
async function verify(client: Client, acknowledged: Acknowledged): Promise<Record<string, number>> {
  const one = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0];
  const apps = await one(`SELECT count(*)::int AS n FROM applications WHERE name LIKE 'bench app %'`);
  const bills = await one(`SELECT count(*)::int AS n, count(DISTINCT app_id)::int AS apps FROM payg_bills WHERE day = $1`, [DAY]);
  const topUps = await one(
    `SELECT count(*)::int AS n FROM ledger_transactions t
       JOIN unnest($1::uuid[], $2::text[]) AS a(id, business_key) ON a.id = t.id AND a.business_key = t.business_key`,
    [acknowledged.topUps.map((t) => t.id), acknowledged.topUps.map((t) => `top-up:${t.accountId}:${t.key}`)],
  );
  const purchases = await one(
    `SELECT count(*)::int AS n FROM orders o JOIN unnest($1::uuid[], $2::uuid[]) AS a(id, app_id) ON a.id = o.id AND a.app_id = o.app_id`,
    [acknowledged.purchases.map((p) => p.id), acknowledged.purchases.map((p) => p.appId)],
  );
  const doubledPurchases = await one(
    `SELECT count(*)::int AS n FROM (SELECT app_id FROM orders WHERE purpose = 'purchase' GROUP BY app_id HAVING count(*) > 1) x`,
  );
  const result = {
    bills: bills.n,
    duplicateBills: bills.n - bills.apps,
    missingBills: apps.n - bills.apps,
    acknowledgedTopUps: acknowledged.topUps.length,
    acknowledgedTopUpsMissing: acknowledged.topUps.length - topUps.n,
    acknowledgedPurchases: acknowledged.purchases.length,
    acknowledgedPurchasesMissing: acknowledged.purchases.length - purchases.n,
    appsBoughtTwice: doubledPurchases.n,
    unexpectedAnswers: acknowledged.unexpected.length,
    ...(await moneyChecks(client)),
  };
  const failed =
    result.duplicateBills ||
    result.missingBills ||
    result.acknowledgedTopUpsMissing ||
    result.acknowledgedPurchasesMissing ||
    result.appsBoughtTwice ||
    result.unexpectedAnswers ||
    result.walletsNotEqualToLedger ||
    result.unbalancedTransactions;
  if (failed) throw new Error(`cycle check failed: ${JSON.stringify(result)} ${acknowledged.unexpected.slice(0, 5).join('; ')}`);
  return result;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The generated data once, as a template each cycle copies (a cycle then costs no generation). */
async function prepareTemplate(apps: number): Promise<string[]> {
  const url = await freshBenchDatabase(TEMPLATE);
  const client = new Client({ connectionString: url });
  await client.connect();
  await generateSettlementData(client, { accounts: Math.max(1, Math.round(apps / 10)), appsPerAccount: 10, day: DAY });
  // Funded accounts (one in ten is funded too little): the ones the clients top up and buy for.
  const { rows } = await client.query<{ id: string }>(`SELECT account_id::text AS id FROM wallets ORDER BY cash DESC LIMIT 200`);
  await client.end();
  return rows.map((row) => row.id);
}

async function runCycle(cycle: number, accounts: string[], random: () => number): Promise<Record<string, unknown>> {
  const name = `pb_bench_chaos_${cycle}`;
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`);
  });
  const url = urlFor(name);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    QUEUE_PREFIX: `pb-chaos-${cycle}-${Date.now()}`,
    CLOCK_MODE: 'simulated',
    CLOCK_START: CLOCK,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    JOB_LOCK_MS: '5000',
    JOB_STALLED_CHECK_MS: '2000',
    RATE_LIMITS: 'off',
  };
  const state: Cycle = { url, env, worker: startWorker(env), apis: API_PORTS.map((_, i) => startApi(env, i)) };
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await Promise.all(API_PORTS.map((port) => healthy(port)));
    const { startSettlement } = await import('../settlement/start');
    await startSettlement(env);
    // Over the few seconds a 20,000-app settlement takes on a two-core box.
    const killWorkerAt = Math.floor(random() * KILL_WINDOW_MS);
    // After a random number of answered writes, so that it lands within the writes however fast the box is.
    const killApiAfterWrites = Math.floor(random() * CLIENTS * WRITES_PER_CLIENT * 0.9);
    const victim = Math.floor(random() * state.apis.length);
    const acknowledged: Acknowledged = { started: 0, answered: 0, topUps: [], purchases: [], unexpected: [] };
    // Where each kill landed: how far the settlement had got, how many writes had been answered.
    const at = { chunksSettledAtWorkerKill: 0, writesStartedAtApiKill: 0, writesAnsweredAtApiKill: 0 };
    const workerKill = (async () => {
      await sleep(killWorkerAt);
      state.worker.kill('SIGKILL');
      state.worker = startWorker(env);
      at.chunksSettledAtWorkerKill = (
        await client.query('SELECT count(*)::int AS n FROM settlement_chunks WHERE day = $1 AND settled_at IS NOT NULL', [DAY])
      ).rows[0].n;
    })();
    const apiKill = (async () => {
      while (acknowledged.answered < killApiAfterWrites) await sleep(10);
      state.apis[victim].kill('SIGKILL');
      at.writesStartedAtApiKill = acknowledged.started;
      at.writesAnsweredAtApiKill = acknowledged.answered;
      await stopped(state.apis[victim]);
      state.apis[victim] = startApi(env, victim);
    })();
    await load(accounts, random, acknowledged);
    await Promise.all([workerKill, apiKill]);
    await waitForClose(client, 5 * 60_000);
    return { cycle, killWorkerAfterMs: killWorkerAt, killApiAfterWrites, ...at, ...(await verify(client, acknowledged)) };
  } finally {
    await client.end();
    const all = [state.worker, ...state.apis];
    all.forEach((child) => child.kill('SIGKILL'));
    await Promise.all(all.map(stopped));
    await admin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

async function main(): Promise<void> {
  const cycles = Number(arg('cycles', '100'));
  const apps = Number(arg('apps', '20000'));
  const seed = Number(arg('seed', String(Date.now() % 1_000_000)));
  const random = generator(seed);
  console.log(JSON.stringify({ cycles, apps, seed }));
  const accounts = await prepareTemplate(apps);
  const started = Date.now();
  for (let cycle = 1; cycle <= cycles; cycle += 1) console.log(JSON.stringify(await runCycle(cycle, accounts, random)));
  console.log(JSON.stringify({ cycles, passed: cycles, seconds: Math.round((Date.now() - started) / 1000) }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
