/**
 * The revenue rollup benchmark (issue 14): the Revenue dashboard's panels over
 * 90 days must answer in under 500 ms with 10,000,000 pay-as-you-go bills.
 *
 *   npm run build && node dist/bench/rollup/rollup.bench.js [--payg-apps 25000] [--days 400] [--runs 5]
 *
 * Bills = payg-apps x days. Builds the data in a fresh database, times one
 * panel on the base tables alone (no rollup yet), the first rollup (every
 * settled day), a second one (nothing left to do), then every Revenue panel
 * with a 90-day range, and checks the panels' total against the base tables.
 */
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { billingDate } from '../../apps/core/src/clock/calendar';
import { CoreModule } from '../../apps/core/src/core.module';
import { RevenueRollupService } from '../../apps/core/src/reporting/revenue-rollup.service';
import { freshBenchDatabase, timed } from '../support/bench-db';
import { panelQueries, renderPanelSql } from '../support/grafana-panels';
import { generateReportingData } from './generate';

const TZ = 'Asia/Shanghai';
const REGIONS = ['ap-guangzhou', 'ap-shanghai', 'ap-hongkong', 'ap-singapore'];
const LIMIT_MS = 500;

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

const log = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));

async function main(): Promise<void> {
  const paygApps = Number(arg('payg-apps', '2000'));
  const days = Number(arg('days', '100'));
  const runs = Number(arg('runs', '5'));
  const now = new Date();
  const today = billingDate(now, TZ);
  const url = await freshBenchDatabase('pb_bench_rollup');
  const client = new Client({ connectionString: url });
  await client.connect();

  const generated = await timed(() => generateReportingData(client, { paygApps, days, today, openDays: 1, tz: TZ }));
  const { rows: sizes } = await client.query(
    `SELECT (SELECT count(*) FROM payg_bills)::int AS bills, (SELECT count(*) FROM order_payments)::int AS payments`,
  );
  log({ step: 'generated', ...sizes[0], days, ms: Math.round(generated.ms) });

  const macros = { from: new Date(now.getTime() - 90 * 86_400_000), to: now, regions: REGIONS };
  const panels = panelQueries().filter((query) => query.dashboard === 'push-billing: Revenue' && query.panel !== 'variable region');
  const byPlan = panels.find((panel) => panel.panel === 'Net revenue per day by plan')!;
  const live = await timed(() => client.query(renderPanelSql(byPlan.text, macros)));
  log({ step: 'one panel before any rollup (base tables only)', panel: byPlan.panel, ms: Math.round(live.ms) });

  Object.assign(process.env, {
    DATABASE_URL: url,
    QUEUE_PREFIX: 'pb-bench-rollup',
    CLOCK_MODE: 'system',
    BILLING_TZ: TZ,
    LOG_LEVEL: 'warn',
  });
  const app = await NestFactory.createApplicationContext(CoreModule, { logger: ['error', 'warn'] });
  const rollup = app.get(RevenueRollupService);
  const first = await timed(() => rollup.rollUp());
  log({ step: 'first rollup', transactions: first.result.length, through: first.result.at(-1)?.to, ms: Math.round(first.ms) });
  const again = await timed(() => rollup.rollUp());
  log({ step: 'second rollup (nothing to do)', transactions: again.result.length, ms: Math.round(again.ms) });
  await app.close();

  let slowest = 0;
  for (const panel of panels) {
    const sql = renderPanelSql(panel.text, macros);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await timed(() => client.query(sql))).ms);
    times.sort((a, b) => a - b);
    slowest = Math.max(slowest, times.at(-1)!);
    log({
      step: 'panel, 90 days',
      panel: panel.panel,
      medianMs: Number(times[Math.floor(times.length / 2)].toFixed(1)),
      maxMs: Number(times.at(-1)!.toFixed(1)),
    });
  }

  // The panels' figures must be the base tables' figures.
  const panelTotal = (await client.query(`SELECT sum(net)::text AS net FROM reporting.revenue_by_plan WHERE day > $1::date - 90`, [today]))
    .rows[0].net;
  const baseTotal = (
    await client.query(
      `SELECT ((SELECT coalesce(sum(amount), 0) FROM payg_bills WHERE day > $1::date - 90)
             + (SELECT coalesce(sum(o.amount), 0) FROM order_payments p JOIN orders o ON o.id = p.order_id WHERE (p.paid_at AT TIME ZONE $2)::date > $1::date - 90)
             - (SELECT coalesce(sum(amount), 0) FROM refunds WHERE (created_at AT TIME ZONE $2)::date > $1::date - 90))::text AS net`,
      [today, TZ],
    )
  ).rows[0].net;
  log({ step: 'check', panelTotal, baseTotal, equal: panelTotal === baseTotal });
  log({
    result: slowest < LIMIT_MS && panelTotal === baseTotal ? 'PASS' : 'FAIL',
    slowestPanelMs: Math.round(slowest),
    limitMs: LIMIT_MS,
    bills: sizes[0].bills,
  });
  await client.end();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
