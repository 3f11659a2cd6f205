import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { addDays, billingDate } from '../../apps/core/src/clock/calendar';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { databaseUrl, withAdminClient } from '../support/database';
import { aPaidPrepaidOrder, paygBills } from '../support/raw-rows';
import { TestSystem } from '../support/system';

/**
 * The dashboards' views, read as the read-only reporting role: a LOGIN user
 * made for this test and granted push_billing_reporting, connected on its own.
 */
describe('reporting views and the read-only role', () => {
  let system: TestSystem;
  let reporter: Client;
  const user = `pbt_reporter_${randomBytes(4).toString('hex')}`;
  // The views read the database's real time, not the (system) clock of the test.
  const today = billingDate(new Date(), 'Asia/Shanghai');

  const rows = async (sql: string) => (await reporter.query(sql)).rows;
  const refused = async (sql: string) => expect(reporter.query(sql)).rejects.toMatchObject({ code: '42501' });

  beforeAll(async () => {
    system = await TestSystem.start();
    await withAdminClient(async (admin) => {
      await admin.query(`CREATE ROLE ${user} LOGIN`);
      await admin.query(`GRANT push_billing_reporting TO ${user}`);
    });
    const url = new URL(databaseUrl(system.databaseName));
    url.username = user;
    reporter = new Client({ connectionString: url.toString() });
    await reporter.connect();
  }, 30_000);
  afterAll(async () => {
    await reporter?.end();
    await system.stop();
    await withAdminClient((admin) => admin.query(`DROP ROLE IF EXISTS ${user}`));
  });

  it('is made NOLOGIN, so only users granted it log in', async () => {
    await withAdminClient(async (admin) => {
      const { rows: roles } = await admin.query(
        `SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = 'push_billing_reporting'`,
      );
      expect(roles).toEqual([{ rolcanlogin: false, rolsuper: false, rolcreaterole: false, rolcreatedb: false }]);
    });
  });

  it('reads every view', async () => {
    const arrears = await anAccount(system).named('Late Payer').withEmail('late@acme.example').create();
    await system.prisma.wallet.update({
      where: { accountId: arrears.id },
      data: { cash: '-50.00', arrearsSince: new Date('2026-05-31T22:00:00Z') },
    });
    const gz = await anApplication(system).forAccount(arrears.id).inRegion('ap-guangzhou').create();
    const sg = await anApplication(system).forAccount(arrears.id).inRegion('ap-singapore').create();
    await system.prisma.application.update({ where: { id: gz.id }, data: { plan: 'payg', state: 'active' } });

    await paygBills(system, '2026-05-31', [
      { appId: gz.id, accountId: arrears.id, region: 'ap-guangzhou', amount: '128.00' },
      { appId: sg.id, accountId: arrears.id, region: 'ap-singapore', amount: '0.00' },
    ]);
    // Paid at 20:00 UTC on 05-31: 04:00 of 06-01 in Shanghai, the day it counts on.
    const soon = await aPaidPrepaidOrder(system, {
      accountId: arrears.id,
      appId: sg.id,
      region: 'ap-singapore',
      amount: '400.00',
      paidAt: new Date('2026-05-31T20:00:00Z'),
      expiresOn: addDays(today, 3),
    });
    await system.prisma.refund.create({
      data: {
        id: '1c7d6d3e-3f57-4e4e-9c3b-3d1f0a9b8c7e',
        orderId: soon.orderId,
        accountId: arrears.id,
        type: 'standard',
        amount: '100.00',
        cash: '100.00',
        gift: '0',
        forfeitedVoucher: '0',
        createdAt: new Date('2026-06-01T02:00:00Z'),
      },
    });
    const later = await anApplication(system).forAccount(arrears.id).inRegion('ap-hongkong').create();
    await aPaidPrepaidOrder(system, {
      accountId: arrears.id,
      appId: later.id,
      region: 'ap-hongkong',
      amount: '400.00',
      paidAt: new Date('2026-06-02T01:00:00Z'),
      expiresOn: addDays(today, 10),
    });
    await system.prisma.dailyUsage.createMany({
      data: [
        { appId: gz.id, day: new Date('2026-05-03T00:00:00Z'), dau: 1200, updatedAt: new Date() },
        { appId: gz.id, day: new Date('2026-05-20T00:00:00Z'), dau: 3000, updatedAt: new Date() },
        { appId: gz.id, day: new Date('2026-06-01T00:00:00Z'), dau: 800, updatedAt: new Date() },
      ],
    });

    expect(
      await rows(
        `SELECT day::text, region, payg::text, prepaid::text, refunds::text, net::text FROM reporting.revenue_daily ORDER BY day, region`,
      ),
    ).toEqual([
      { day: '2026-05-31', region: 'ap-guangzhou', payg: '128.00', prepaid: '0.00', refunds: '0.00', net: '128.00' },
      { day: '2026-06-01', region: 'ap-singapore', payg: '0.00', prepaid: '400.00', refunds: '100.00', net: '300.00' },
      { day: '2026-06-02', region: 'ap-hongkong', payg: '0.00', prepaid: '400.00', refunds: '0.00', net: '400.00' },
    ]);
    expect(await rows(`SELECT plan, state, region, apps::int FROM reporting.apps_by_state_plan ORDER BY region`)).toEqual([
      { plan: 'payg', state: 'active', region: 'ap-guangzhou', apps: 1 },
      { plan: 'trial', state: 'trial', region: 'ap-hongkong', apps: 1 },
      { plan: 'trial', state: 'trial', region: 'ap-singapore', apps: 1 },
    ]);
    expect(
      await rows(
        `SELECT account_id, name, balance::text, active_payg_apps::int, suspended_apps::int, arrears_since FROM reporting.accounts_in_arrears`,
      ),
    ).toEqual([
      {
        account_id: arrears.id,
        name: 'Late Payer',
        balance: '-50.00',
        active_payg_apps: 1,
        suspended_apps: 0,
        arrears_since: new Date('2026-05-31T22:00:00Z'),
      },
    ]);
    expect(await rows(`SELECT subscription_id, app_id, expires_on::text, days_left FROM reporting.upcoming_expiries`)).toEqual([
      { subscription_id: soon.subscriptionId, app_id: sg.id, expires_on: addDays(today, 3), days_left: 3 },
    ]);
    expect(await rows(`SELECT app_id, month::text, peak_dau, days_reported::int FROM reporting.dau_monthly_peaks ORDER BY month`)).toEqual([
      { app_id: gz.id, month: '2026-05-01', peak_dau: 3000, days_reported: 2 },
      { app_id: gz.id, month: '2026-06-01', peak_dau: 800, days_reported: 1 },
    ]);
  }, 30_000);

  it('cannot read or write the tables behind them, nor create anything', async () => {
    await refused('SELECT * FROM wallets');
    await refused('SELECT * FROM ledger_entries');
    await refused('SELECT * FROM public.ledger_transactions');
    await refused('SELECT * FROM accounts');
    await refused(`UPDATE wallets SET cash = 0`);
    await refused(
      `INSERT INTO ledger_transactions (id, kind, business_key, created_at) VALUES (gen_random_uuid(), 'adjustment', 'x', now())`,
    );
    await refused('DELETE FROM payg_bills');
    await refused('CREATE TABLE reporting.mine (x int)');
    await refused('CREATE TABLE public.mine (x int)');
  });

  it('cannot change the views either', async () => {
    await refused('DROP VIEW reporting.revenue_daily');
    await expect(reporter.query(`DELETE FROM reporting.apps_by_state_plan`)).rejects.toThrow();
  });
});
