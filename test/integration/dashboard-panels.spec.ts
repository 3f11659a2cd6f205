import type { Client } from 'pg';
import { panelQueries, relationsRead, renderPanelSql } from '../../bench/support/grafana-panels';
import { generateReportingData } from '../../bench/rollup/generate';
import { billingDate } from '../../apps/core/src/clock/calendar';
import { RevenueRollupService } from '../../apps/core/src/reporting/revenue-rollup.service';
import { withAdminClient, databaseUrl } from '../support/database';
import { reportingUser } from '../support/reporting-role';
import { TestSystem } from '../support/system';
import { Client as PgClient } from 'pg';

const TZ = 'Asia/Shanghai';
const REGIONS = ['ap-guangzhou', 'ap-shanghai', 'ap-hongkong', 'ap-singapore'];

/**
 * Every SQL panel and variable of the Grafana dashboards, with Grafana's
 * macros filled in, run as a user of the reporting role on a migrated
 * database holding generated data (the rollup run, as the hourly job does).
 */
describe('the dashboards’ SQL', () => {
  let system: TestSystem;
  let reporter: { client: Client; end: () => Promise<void> };
  const now = new Date();
  const macros = { from: new Date(now.getTime() - 90 * 86_400_000), to: now, regions: REGIONS };
  const sqlPanels = panelQueries().filter((query) => query.datasourceUid === 'pb-postgres');
  const run = async (sql: string) => (await reporter.client.query(renderPanelSql(sql, macros))).rows;

  beforeAll(async () => {
    system = await TestSystem.start();
    const owner = new PgClient({ connectionString: databaseUrl(system.databaseName) });
    await owner.connect();
    try {
      await generateReportingData(owner, { paygApps: 200, days: 120, today: billingDate(now, TZ), openDays: 1, tz: TZ });
    } finally {
      await owner.end();
    }
    await system.api.get(RevenueRollupService).rollUp();
    reporter = await reportingUser(system.databaseName);
  }, 60_000);
  afterAll(async () => {
    await reporter?.end();
    await system.stop();
  });

  it('has SQL panels on every Postgres dashboard', () => {
    expect(new Set(sqlPanels.map((query) => query.dashboard))).toEqual(
      new Set(['push-billing: Revenue', 'push-billing: Apps and lifecycle', 'push-billing: Money health']),
    );
    expect(sqlPanels.length).toBeGreaterThanOrEqual(20);
  });

  it.each(sqlPanels.map((query) => [`${query.dashboard} / ${query.panel}`, query] as const))(
    '%s reads only the reporting schema',
    (_, query) => {
      const relations = relationsRead(query.text);
      expect(relations.length).toBeGreaterThan(0);
      expect(relations.filter((relation) => !relation.startsWith('reporting.'))).toEqual([]);
    },
  );

  it.each(sqlPanels.map((query) => [`${query.dashboard} / ${query.panel}`, query] as const))(
    '%s runs as the reporting role and shows rows',
    async (_, query) => {
      const rows = await run(query.text);
      expect(rows.length).toBeGreaterThan(0);
    },
  );

  it('shows a ledger that checks out: the ledger panel reads 0', async () => {
    const panel = sqlPanels.find((query) => query.panel === 'Ledger problems (must read 0)')!;
    expect(await run(panel.text)).toEqual([{ problems: '0' }]);
  });

  it('shows the rollup and the live days together: revenue per day covers every day of the range with bills', async () => {
    const panel = sqlPanels.find((query) => query.panel === 'Revenue by day and region')!;
    const days = new Set((await run(panel.text)).map((row) => billingDate(row.day, 'UTC')));
    // 120 days of bills, the last one yesterday (not settled yet, so computed live); the range is 90 days.
    expect(days.size).toBeGreaterThanOrEqual(89);
    expect(days.has(billingDate(new Date(now.getTime() - 86_400_000), TZ))).toBe(true);
  });

  it('would catch a panel that reads a table, or a macro it does not know', async () => {
    expect(relationsRead('SELECT w.cash FROM public.wallets w JOIN reporting.clock k ON true')).toEqual([
      'public.wallets',
      'reporting.clock',
    ]);
    await expect(reporter.client.query('SELECT cash FROM wallets')).rejects.toMatchObject({ code: '42501' });
    expect(() => renderPanelSql('SELECT 1 WHERE $__unixEpochFilter(t)', macros)).toThrow('unknown macro or variable $__unixEpochFilter');
  });

  it('leaves the reporting role unable to write through any panel’s views', async () => {
    await withAdminClient(async (admin) => {
      const { rows } = await admin.query(
        `SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'push_billing_reporting' AND NOT rolcanlogin`,
      );
      expect(rows).toEqual([{ n: 1 }]);
    });
    await expect(reporter.client.query('DELETE FROM reporting.revenue_daily_rollup')).rejects.toThrow();
  });
});
