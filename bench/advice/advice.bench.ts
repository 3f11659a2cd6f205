/**
 * The decision-tool benchmarks (issue 15): plan advice over 366 days, the
 * lifecycle preview of an account with 150 apps over 30 days, and the export
 * of an app with 3 years of days, each through the real API (routing, auth,
 * validation, the database reads, JSON), in one process on a simulated clock.
 *
 *   npm run build && node dist/bench/advice/advice.bench.js [--runs 30]
 *
 * Needs Postgres (BENCH_DATABASE_ADMIN_URL, default the local one) and Redis (REDIS_URL).
 */
import { Client } from 'pg';
import { planAdvice } from '../../apps/core/src/advice/advice.rules';
import { createApi } from '../../apps/api/src/bootstrap';
import { addDays } from '../../apps/core/src/clock/calendar';
import { INITIAL_PRICE_BOOK } from '../../prisma/seed/price-book.data';
import { freshBenchDatabase } from '../support/bench-db';
import { aDauSeries, anAccountWith150Apps, anAppWithHistory } from './generate';

const TODAY = '2026-06-01';
const NOW = new Date('2026-06-01T12:00:00+08:00');
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { runs: samples.length, medianMs: +at(0.5).toFixed(2), p95Ms: +at(0.95).toFixed(2), maxMs: +sorted[sorted.length - 1].toFixed(2) };
}

async function measure(runs: number, work: () => Promise<unknown> | unknown) {
  for (let i = 0; i < 5; i += 1) await work(); // warm-up: caches, JIT, prepared plans (a server runs warm)
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    await work();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return stats(samples);
}

async function main(): Promise<void> {
  const runs = Number(arg('runs', '30'));
  const url = await freshBenchDatabase('bench_advice');
  const client = new Client({ connectionString: url });
  await client.connect();
  const accountId = await anAccountWith150Apps(client, TODAY, NOW);
  const appId = await anAppWithHistory(client, TODAY, NOW, 3 * 365);
  await client.end();

  Object.assign(process.env, {
    DATABASE_URL: url,
    ADMIN_API_KEY: ADMIN_KEY,
    CLOCK_MODE: 'simulated',
    CLOCK_START: NOW.toISOString(),
    QUEUE_PREFIX: 'bench-advice',
    LOG_LEVEL: 'silent',
  });
  const api = await createApi({ logger: false });
  await api.init();
  await api.getHttpAdapter().getInstance().ready();
  const call = async (method: 'GET' | 'POST', path: string, payload?: object) => {
    const reply = await api.inject({ method, url: path, payload, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    if (reply.statusCode !== 200) throw new Error(`${method} ${path}: ${reply.statusCode} ${reply.body}`);
    return reply.body;
  };

  const series = aDauSeries(366);
  const preview = JSON.parse(await call('GET', `/v1/lifecycle/preview?through=${addDays(TODAY, 30)}&accountId=${accountId}`));
  const exported = JSON.parse(await call('GET', `/v1/apps/${appId}/export`));
  const results = {
    adviceRule366Days: await measure(runs, () =>
      planAdvice(INITIAL_PRICE_BOOK, { region: 'ap-singapore', dailyDau: series, chargedDaysBefore: 170, current: null }),
    ),
    adviceHttp366Days: await measure(runs, () =>
      call('POST', '/v1/quotes', { kind: 'advice', region: 'ap-singapore', dailyDau: series, chargedDays: 170 }),
    ),
    preview150Apps30Days: {
      ...(await measure(runs, () => call('GET', `/v1/lifecycle/preview?through=${addDays(TODAY, 30)}&accountId=${accountId}`))),
      events: preview.events.length,
    },
    export3Years: {
      ...(await measure(Math.max(5, Math.floor(runs / 3)), () => call('GET', `/v1/apps/${appId}/export`))),
      usageDays: exported.usage.length,
      bills: exported.bills.length,
      bytes: JSON.stringify(exported).length,
    },
  };
  console.log(JSON.stringify(results, null, 2));
  await api.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
