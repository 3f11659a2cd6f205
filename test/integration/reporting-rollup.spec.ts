import type { Client } from 'pg';
import { RevenueRollupService } from '../../apps/core/src/reporting/revenue-rollup.service';
import { aBareAccount, anApplication } from '../support/builders/applications';
import { aPaidPrepaidOrder, paygBills } from '../support/raw-rows';
import { reportingUser } from '../support/reporting-role';
import { TestSystem } from '../support/system';
import { answer } from '../support/api-client';

/**
 * The reporting views on the simulated clock and a billing time zone other
 * than the default, and the daily revenue rollup behind the revenue panels.
 */
describe('reporting views on the system clock and BILLING_TZ, and the revenue rollup', () => {
  let system: TestSystem;
  let reporter: { client: Client; end: () => Promise<void> };
  let rollup: RevenueRollupService;
  let accountId: string;
  let berlinApp: string;
  let tokyoApp: string;

  const rows = async (sql: string) => (await reporter.client.query(sql)).rows;
  const revenue = () =>
    rows(
      `SELECT day::text, region, plan, revenue::text, refunds::text, net::text FROM reporting.revenue_by_plan ORDER BY day, region, plan`,
    );
  const settled = (...days: string[]) =>
    system.prisma.$executeRawUnsafe(`INSERT INTO settlement_days (day, closed_at) SELECT d::date, now() FROM unnest($1::text[]) d`, days);

  beforeAll(async () => {
    // 23:30 on 2026-06-09 in Berlin, already 06-10 in Shanghai.
    system = await TestSystem.start({ clockStart: '2026-06-09T21:30:00Z', env: { BILLING_TZ: 'Europe/Berlin' } });
    reporter = await reportingUser(system.databaseName);
    rollup = system.api.get(RevenueRollupService);
    accountId = await aBareAccount(system);
    berlinApp = (await anApplication(system).forAccount(accountId).inRegion('ap-guangzhou').create()).id;
    tokyoApp = (await anApplication(system).forAccount(accountId).inRegion('ap-singapore').create()).id;
  }, 30_000);
  afterAll(async () => {
    await reporter?.end();
    await system.stop();
  });

  it('reads "today" from the simulated clock, in BILLING_TZ', async () => {
    expect(await rows(`SELECT billing_tz, now, today::text, simulated FROM reporting.clock`)).toEqual([
      { billing_tz: 'Europe/Berlin', now: new Date('2026-06-09T21:30:00Z'), today: '2026-06-09', simulated: true },
    ]);
    await aPaidPrepaidOrder(system, {
      accountId,
      appId: berlinApp,
      region: 'ap-guangzhou',
      amount: '10.00',
      paidAt: new Date('2026-06-01T00:00:00Z'),
      expiresOn: '2026-06-16',
    });
    await aPaidPrepaidOrder(system, {
      accountId,
      appId: tokyoApp,
      region: 'ap-singapore',
      amount: '10.00',
      paidAt: new Date('2026-06-01T00:00:00Z'),
      expiresOn: '2026-06-17',
    });
    // The 7-day window of upcoming expiries counts from the simulated Berlin day.
    expect(await rows(`SELECT app_id, expires_on::text, days_left FROM reporting.upcoming_expiries ORDER BY expires_on`)).toEqual([
      { app_id: berlinApp, expires_on: '2026-06-16', days_left: 7 },
    ]);
  });

  it('counts payments and refunds on their billing day in BILLING_TZ, live before any rollup', async () => {
    // Paid and refunded at 23:30 in Berlin: 06-02 and 06-03 there, the next days in Shanghai.
    const another = (await anApplication(system).forAccount(accountId).inRegion('ap-guangzhou').create()).id;
    const late = await aPaidPrepaidOrder(system, {
      accountId,
      appId: another,
      region: 'ap-guangzhou',
      amount: '400.00',
      paidAt: new Date('2026-06-02T21:30:00Z'),
      expiresOn: '2026-07-02',
    });
    await system.prisma.refund.create({
      data: {
        id: '2c7d6d3e-3f57-4e4e-9c3b-3d1f0a9b8c70',
        orderId: late.orderId,
        accountId,
        type: 'standard',
        amount: '100.00',
        cash: '100.00',
        gift: '0',
        forfeitedVoucher: '0',
        createdAt: new Date('2026-06-03T21:30:00Z'),
      },
    });
    await paygBills(system, '2026-06-02', [{ appId: tokyoApp, accountId, region: 'ap-singapore', amount: '32.00' }]);
    await paygBills(system, '2026-06-05', [{ appId: tokyoApp, accountId, region: 'ap-singapore', amount: '64.50' }]);
    expect(await revenue()).toEqual([
      { day: '2026-06-01', region: 'ap-guangzhou', plan: 'prepaid', revenue: '10.00', refunds: '0.00', net: '10.00' },
      { day: '2026-06-01', region: 'ap-singapore', plan: 'prepaid', revenue: '10.00', refunds: '0.00', net: '10.00' },
      { day: '2026-06-02', region: 'ap-guangzhou', plan: 'prepaid', revenue: '400.00', refunds: '0.00', net: '400.00' },
      { day: '2026-06-02', region: 'ap-singapore', plan: 'payg', revenue: '32.00', refunds: '0.00', net: '32.00' },
      { day: '2026-06-03', region: 'ap-guangzhou', plan: 'prepaid', revenue: '0.00', refunds: '100.00', net: '-100.00' },
      { day: '2026-06-05', region: 'ap-singapore', plan: 'payg', revenue: '64.50', refunds: '0.00', net: '64.50' },
    ]);
  });

  it('rolls up only days whose settlement closed, each once, and the views read the same figures', async () => {
    const before = await revenue();
    expect(await rollup.rollUp()).toEqual([]);
    await settled('2026-06-01', '2026-06-02', '2026-06-03');
    // Twice at once, as two workers would: one rolls, the other finds the days done.
    const runs = await Promise.all([rollup.rollUp(), rollup.rollUp()]);
    expect(runs.flat()).toEqual([{ from: '2026-06-01', to: '2026-06-03' }]);
    expect(await rollup.rollUp()).toEqual([]);
    expect(await revenue()).toEqual(before);
    const rolled = await system.prisma.$queryRawUnsafe<{ day: string; rows: number }[]>(
      `SELECT d.day::text, count(r.day)::int AS rows FROM revenue_rollup_days d LEFT JOIN revenue_daily_rollup r ON r.day = d.day GROUP BY d.day ORDER BY d.day`,
    );
    expect(rolled).toEqual([
      { day: '2026-06-01', rows: 2 },
      { day: '2026-06-02', rows: 2 },
      { day: '2026-06-03', rows: 1 },
    ]);
  });

  it('catches up missed days in order, days without revenue included', async () => {
    await settled('2026-06-04', '2026-06-05', '2026-06-06');
    expect(await rollup.rollUp()).toEqual([{ from: '2026-06-04', to: '2026-06-06' }]);
    const days = await system.prisma.$queryRawUnsafe<{ day: string }[]>(`SELECT day::text FROM revenue_rollup_days ORDER BY day`);
    expect(days.map((d) => d.day)).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06']);
    expect(
      await rows(
        `SELECT day::text, region, payg::text, prepaid::text, refunds::text, net::text FROM reporting.revenue_daily WHERE day = '2026-06-05'`,
      ),
    ).toEqual([{ day: '2026-06-05', region: 'ap-singapore', payg: '64.50', prepaid: '0.00', refunds: '0.00', net: '64.50' }]);
  });

  it('adds the days after the rollup live: a bill of a day not yet rolled shows at once', async () => {
    await paygBills(system, '2026-06-08', [{ appId: berlinApp, accountId, region: 'ap-guangzhou', amount: '12.34' }]);
    expect((await revenue()).filter((row) => row.day === '2026-06-08')).toEqual([
      { day: '2026-06-08', region: 'ap-guangzhou', plan: 'payg', revenue: '12.34', refunds: '0.00', net: '12.34' },
    ]);
  });

  it("is run by the daily tick of the schedule table, after that morning's settlement", async () => {
    await settled('2026-06-07', '2026-06-08');
    await system.startWorker();
    const reply = await answer(system.http.POST('/v1/clock/advance', { body: { to: '2026-06-10T06:40:00+02:00' } }));
    expect(reply.status).toBe(200);
    const ran = reply.data!.ran.filter((tick) => ['settlement-daily', 'revenue-rollup'].includes(tick.scheduleId));
    expect(ran.map((tick) => [tick.scheduleId, tick.scheduledFor])).toEqual([
      ['settlement-daily', '2026-06-10T04:00:00.000Z'],
      ['revenue-rollup', '2026-06-10T04:30:00.000Z'],
    ]);
    // The 06:00 settlement closed 06-09 (in Berlin); the 06:30 rollup took it.
    const days = await system.prisma.$queryRawUnsafe<{ last: string }[]>(`SELECT max(day)::text AS last FROM revenue_rollup_days`);
    expect(days).toEqual([{ last: '2026-06-09' }]);
  });
});
