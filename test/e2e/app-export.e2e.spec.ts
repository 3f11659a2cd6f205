import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { answer, invalid } from '../support/api-client';
import { TestSystem } from '../support/system';

describe('GET /v1/apps/:id/export', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-03-01T12:00:00+08:00', worker: true });
  });
  afterAll(async () => system.stop());

  const exportOf = (id: string) => answer(system.http.GET('/v1/apps/{id}/export', { params: { path: { id } } }));

  it('streams the app, usage, bills, orders, state changes and notices, and still does after destruction', async () => {
    // An empty wallet: the first bill (50,000 x 0.0032 = 160.00, settled 06:00 on the 2nd) puts the account in
    // arrears; 24 hours later (06:00 on the 3rd) the app is suspended, 7 days after that (06:00 on the 10th) destroyed.
    const { id: accountId } = await anAccount(system).create();
    const app = await anApplication(system).forAccount(accountId).named('Doomed').create();
    const order = await answer(
      system.http.POST('/v1/orders/payg', {
        params: { header: { 'Idempotency-Key': 'export-payg' } },
        body: { accountId, appIds: [app.id] },
      }),
    );
    expect(order.status).toBe(201);
    const ingestKey = await system.newKey('ingest');
    expect(
      (
        await answer(
          system.as(ingestKey).POST('/v1/usage/dau', { body: { reports: [{ appId: app.id, date: '2026-03-01', dau: 50_000 }] } }),
        )
      ).status,
    ).toBe(200);
    expect((await answer(system.http.POST('/v1/clock/advance', { body: { to: '2026-03-11T12:00:00+08:00' } }))).status).toBe(200);

    const reply = await exportOf(app.id);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('application/json');
    const doc = reply.data!;

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
    const bills = (await answer(system.http.GET('/v1/bills', { params: { query: { appId: app.id } } }))).data!.items;
    expect(doc.bills.map((b) => [b.date, b.amount])).toEqual(bills.map((b) => [b.date, b.amount]).reverse());
    expect(doc.orders).toEqual([(await answer(system.http.GET('/v1/orders/{id}', { params: { path: { id: order.data!.id } } }))).data]);
    expect(doc.stateChanges.map((c) => [c.from, c.to, c.reason, c.at])).toEqual([
      ['trial', 'active', 'payg_activated', '2026-03-01T04:00:00.000Z'],
      ['active', 'suspended', 'arrears', '2026-03-02T22:00:00.000Z'],
      ['suspended', 'destroyed', 'arrears', '2026-03-09T22:00:00.000Z'],
    ]);
    expect(doc.notices.map((n) => [n.type, n.day])).toEqual([
      ['suspension_notice', '2026-03-03'],
      ['destruction_notice', '2026-03-10'],
    ]);
  });

  it('answers 404 for an unknown app and 400 for a malformed id, before streaming anything', async () => {
    expect(await exportOf('0d9d7c3e-2f7e-4a55-9d4a-6f8a3e0b9c11')).toMatchObject({
      status: 404,
      error: { code: 'NOT_FOUND' },
    });
    expect(await exportOf(invalid('nope'))).toMatchObject({ status: 400, error: { field: 'id' } });
  });

  it('pages through every section: 1,500 days of usage come back whole and in order', async () => {
    const app = await anApplication(system).create();
    await system.prisma.$executeRaw`
      INSERT INTO daily_usage (app_id, day, dau, updated_at)
      SELECT ${app.id}::uuid, d::date, (extract(doy FROM d))::int, now() FROM generate_series('2022-01-01'::date, '2022-01-01'::date + 1499, '1 day') d`;
    const doc = (await exportOf(app.id)).data!;
    expect(doc.usage).toHaveLength(1500);
    expect(doc.usage[0]).toEqual({ date: '2022-01-01', dau: 1 });
    expect(doc.usage[999]).toEqual({ date: '2024-09-26', dau: 270 });
    expect(doc.usage[1499]).toEqual({ date: '2026-02-08', dau: 39 });
  });
});
