import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { TestSystem } from '../support/system';

describe('GET /v1/apps/:id/export', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-03-01T12:00:00+08:00', worker: true });
  });
  afterAll(async () => system.stop());

  it('streams the app, usage, bills, orders, state changes and notices, and still does after destruction', async () => {
    // An empty wallet: the first bill (50,000 x 0.0032 = 160.00, settled 06:00 on the 2nd) puts the account in
    // arrears; 24 hours later (06:00 on the 3rd) the app is suspended, 7 days after that (06:00 on the 10th) destroyed.
    const { id: accountId } = await anAccount(system).create();
    const app = await anApplication(system).forAccount(accountId).named('Doomed').create();
    const order = await system.request('POST', '/v1/orders/payg', { accountId, appIds: [app.id] }, system.adminKey, {
      'idempotency-key': 'export-payg',
    });
    expect(order.status).toBe(201);
    const ingestKey = await system.newKey('ingest');
    expect(
      (await system.request('POST', '/v1/usage/dau', { reports: [{ appId: app.id, date: '2026-03-01', dau: 50_000 }] }, ingestKey)).status,
    ).toBe(200);
    expect((await system.request('POST', '/v1/clock/advance', { to: '2026-03-11T12:00:00+08:00' })).status).toBe(200);

    const reply = await system.api.inject({
      method: 'GET',
      url: `/v1/apps/${app.id}/export`,
      headers: { authorization: `Bearer ${system.adminKey}` },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toContain('application/json');
    const doc = JSON.parse(reply.body);

    expect(doc.exportedAt).toBe('2026-03-11T04:00:00.000Z');
    expect(doc.app).toMatchObject({
      id: app.id,
      name: 'Doomed',
      plan: 'payg',
      state: 'destroyed',
      destroyedAt: '2026-03-09T22:00:00.000Z',
    });
    expect(doc.usage).toEqual([{ date: '2026-03-01', dau: 50_000 }]);
    expect(doc.bills[0]).toMatchObject({
      date: '2026-03-01',
      dau: 50_000,
      chargedDay: 1,
      chargedDaysTotal: 1,
      amount: '160.00',
      priceBookVersion: '2026-01',
    });
    // The export holds the very bills the bills route lists (oldest first here).
    const listed = (await system.request('GET', `/v1/bills?appId=${app.id}`)).body;
    const bills = Array.isArray(listed) ? listed : listed.items;
    expect(doc.bills.map((b: any) => [b.date, b.amount])).toEqual(bills.map((b: any) => [b.date, b.amount]).reverse());
    expect(doc.orders).toEqual([(await system.request('GET', `/v1/orders/${order.body.id}`)).body]);
    expect(doc.stateChanges.map((c: any) => [c.from, c.to, c.reason, c.at])).toEqual([
      ['trial', 'active', 'payg_activated', '2026-03-01T04:00:00.000Z'],
      ['active', 'suspended', 'arrears', '2026-03-02T22:00:00.000Z'],
      ['suspended', 'destroyed', 'arrears', '2026-03-09T22:00:00.000Z'],
    ]);
    expect(doc.notices.map((n: any) => [n.type, n.day])).toEqual([
      ['suspension_notice', '2026-03-03'],
      ['destruction_notice', '2026-03-10'],
    ]);
  });

  it('answers 404 for an unknown app and 400 for a malformed id, before streaming anything', async () => {
    expect(await system.request('GET', '/v1/apps/0d9d7c3e-2f7e-4a55-9d4a-6f8a3e0b9c11/export')).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect(await system.request('GET', '/v1/apps/nope/export')).toMatchObject({ status: 400, body: { field: 'id' } });
  });

  it('pages through every section: 1,500 days of usage come back whole and in order', async () => {
    const app = await anApplication(system).create();
    await system.prisma.$executeRaw`
      INSERT INTO daily_usage (app_id, day, dau, updated_at)
      SELECT ${app.id}::uuid, d::date, (extract(doy FROM d))::int, now() FROM generate_series('2022-01-01'::date, '2022-01-01'::date + 1499, '1 day') d`;
    const doc = (await system.request('GET', `/v1/apps/${app.id}/export`)).body;
    expect(doc.usage).toHaveLength(1500);
    expect(doc.usage[0]).toEqual({ date: '2022-01-01', dau: 1 });
    expect(doc.usage[999]).toEqual({ date: '2024-09-26', dau: 270 });
    expect(doc.usage[1499]).toEqual({ date: '2026-02-08', dau: 39 });
  });
});
