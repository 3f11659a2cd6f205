/**
 * The DAU ingest benchmark (issue 3): a fresh database with N accounts and
 * their apps, the built API as its own process, autocannon against
 * POST /v1/usage/dau with 1000-report batches and with single reports, and the
 * bare multi-row INSERT ... ON CONFLICT into dau_snapshots of the same volume
 * through `pg` as the yardstick.
 *
 *   npm run build && node dist/bench/ingest/ingest.bench.js \
 *     [--accounts 1000] [--apps-per-account 10] [--duration 20] \
 *     [--batch-connections 4] [--single-connections 32] [--rate-limits off|on]
 *
 * --rate-limits on runs the API with its per-key rate limits (RATE_LIMITS=on,
 * the production default; the bench key is an ingest key, 10,000 requests/s);
 * off (the default here, as the figures of bench/README.md were measured) turns
 * them off.
 *
 * Postgres and Redis as the tests use them (BENCH_DATABASE_ADMIN_URL, REDIS_URL);
 * the API logs at LOG_LEVEL (default info, as in production) to /dev/null.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { billingDate } from '../../apps/core/src/clock/calendar';
import { freshBenchDatabase, timed } from '../support/bench-db';
import { bareInsert, batch, generateIngestData } from './generate';

const PORT = Number(process.env.BENCH_PORT ?? 3917);
const BATCH = 1000;
const ACCEPTED = '"status":"accepted"';

function arg(name: string, fallback: string): number {
  const index = process.argv.indexOf(`--${name}`);
  return Number(index >= 0 ? process.argv[index + 1] : fallback);
}

function rateLimits(): 'on' | 'off' {
  const index = process.argv.indexOf('--rate-limits');
  const value = index >= 0 ? process.argv[index + 1] : 'off';
  if (value !== 'on' && value !== 'off') throw new Error('--rate-limits must be on or off');
  return value;
}

function startApi(databaseUrl: string): ChildProcess {
  return spawn(process.execPath, [join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(PORT),
      QUEUE_PREFIX: 'pb-bench-ingest',
      CLOCK_MODE: 'system',
      RATE_LIMITS: rateLimits(),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the API did not become healthy');
}

interface LoadResult {
  requestsPerSecond: number;
  reportsPerSecond: number;
  /** Reports answered `accepted`: each raised its snapshot (a 200 alone proves nothing). */
  acceptedPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  /** CPU per request of the API process, and of the whole machine (other tenants of the box included). */
  apiCpuMs: number;
  machineCpuMs: number;
}

function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
}

function machineBusyMs(): number {
  const [user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq) * (1000 / 100);
}

/**
 * The `accepted` results in an answer, counted in the text rather than by
 * parsing it: the load generator shares the two cores with what it measures.
 */
function countAccepted(responseBody: string): number {
  let count = 0;
  for (let at = responseBody.indexOf(ACCEPTED); at >= 0; at = responseBody.indexOf(ACCEPTED, at + ACCEPTED.length)) count += 1;
  return count;
}

/** Every request gets a fresh body from `body(n)`; counts 2xx answers and the reports they accepted. */
async function load(
  api: ChildProcess,
  key: string,
  connections: number,
  duration: number,
  reportsPerRequest: number,
  body: (n: number) => string,
): Promise<LoadResult> {
  let n = 0;
  let accepted = 0;
  const [api0, machine0] = [processCpuMs(api.pid!), machineBusyMs()];
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/v1/usage/dau',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: body(n++) }),
        onResponse: (status, responseBody) => {
          if (status === 200) accepted += countAccepted(responseBody);
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    requestsPerSecond: ok / result.duration,
    reportsPerSecond: (ok * reportsPerRequest) / result.duration,
    acceptedPerSecond: accepted / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    apiCpuMs: (processCpuMs(api.pid!) - api0) / ok,
    machineCpuMs: (machineBusyMs() - machine0) / ok,
  };
}

/** The day totals must equal the sums of the snapshots: the speed is worth nothing otherwise. */
async function verify(client: Client): Promise<{ snapshots: number; days: number; wrongDays: number }> {
  const { rows } = await client.query(`
    SELECT (SELECT count(*)::int FROM dau_snapshots) AS snapshots,
           (SELECT count(*)::int FROM daily_usage) AS days,
           (SELECT count(*)::int FROM daily_usage d
              FULL JOIN (SELECT app_id, day, sum(dau) AS dau FROM dau_snapshots GROUP BY 1, 2) s USING (app_id, day)
             WHERE d.dau IS DISTINCT FROM s.dau) AS "wrongDays"`);
  return rows[0];
}

/** The same volume as the batched run, as bare inserts over as many connections. */
async function bare(url: string, appIds: string[], date: string, batches: number, connections: number, firstBatch: number) {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  let next = firstBatch;
  const last = firstBatch + batches;
  const { ms } = await timed(() =>
    Promise.all(
      clients.map(async (client) => {
        while (next < last) await bareInsert(client, batch(appIds, next++, BATCH, date));
      }),
    ),
  );
  await Promise.all(clients.map((client) => client.end()));
  return { reportsPerSecond: (batches * BATCH) / (ms / 1000), ms };
}

async function main(): Promise<void> {
  const accounts = arg('accounts', '1000');
  const appsPerAccount = arg('apps-per-account', '10');
  const duration = arg('duration', '20');
  const batchConnections = arg('batch-connections', '4');
  const singleConnections = arg('single-connections', '32');
  const url = await freshBenchDatabase('pb_bench_ingest');
  const client = new Client({ connectionString: url });
  await client.connect();
  const { appIds, ingestKey } = await generateIngestData(client, { accounts, appsPerAccount });
  const date = billingDate(new Date(), process.env.BILLING_TZ ?? 'Asia/Shanghai');
  console.log(`generated ${accounts} accounts, ${appIds.length} apps; reporting for ${date}`);

  const api = startApi(url);
  try {
    await waitForHealth();
    // Warm-up: JIT, connection pools, caches.
    await load(api, ingestKey, 8, 3, 1, (n) => JSON.stringify({ reports: batch(appIds, n, 1, date) }));
    // What autovacuum does within a minute of a real day's first reports. Without it, connections that
    // planned the ingest statements while the usage tables were empty keep sequential scans of them
    // for the rest of the (short) run.
    await client.query('ANALYZE dau_snapshots, daily_usage');

    const batchedLoad = loadavg()[0];
    const batched = await load(api, ingestKey, batchConnections, duration, BATCH, (n) =>
      JSON.stringify({ reports: batch(appIds, 1_000_000 + n, BATCH, date) }),
    );
    const singleLoad = loadavg()[0];
    const single = await load(api, ingestKey, singleConnections, duration, 1, (n) =>
      JSON.stringify({ reports: batch(appIds, 3_000_000 + n, 1, date) }),
    );
    const check = await verify(client);
    api.kill('SIGTERM');

    const baseline = await bare(url, appIds, date, batched.ok, batchConnections, 5_000_000);
    const results = {
      machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
      apps: appIds.length,
      durationSeconds: duration,
      rateLimits: rateLimits(),
      // The box's 1-minute load average when each phase started: other work on it shows here.
      batched: { connections: batchConnections, loadAverageBefore: batchedLoad, ...round(batched) },
      single: { connections: singleConnections, loadAverageBefore: singleLoad, ...round(single) },
      bareInsert: { connections: batchConnections, reports: batched.ok * BATCH, reportsPerSecond: Math.round(baseline.reportsPerSecond) },
      batchedVsBare: Number((batched.reportsPerSecond / baseline.reportsPerSecond).toFixed(2)),
      check,
    };
    console.log(JSON.stringify(results, null, 2));
    if (check.wrongDays > 0 || batched.failed > 0 || single.failed > 0) process.exitCode = 1;
  } finally {
    api.kill('SIGTERM');
    await client.end();
  }
}

function round(result: LoadResult) {
  return {
    requestsPerSecond: Math.round(result.requestsPerSecond),
    reportsPerSecond: Math.round(result.reportsPerSecond),
    acceptedPerSecond: Math.round(result.acceptedPerSecond),
    latencyMs: { p50: result.p50, p99: result.p99 },
    ok: result.ok,
    failed: result.failed,
    cpuMsPerRequest: { api: Number(result.apiCpuMs.toFixed(3)), machine: Number(result.machineCpuMs.toFixed(3)) },
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
