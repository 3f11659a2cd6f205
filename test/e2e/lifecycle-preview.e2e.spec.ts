import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { movesBetween, sortMoves } from '../support/lifecycle-moves';
import { buyPrepaid, eventually } from '../support/prepaid';
import { answer, QueryOf } from '../support/api-client';
import { TestSystem } from '../support/system';

const NOW = '2026-03-01T12:00:00+08:00';
/** 00:00 of a March day in Shanghai, as the API writes instants. */
const midnight = (day: number) => new Date(Date.UTC(2026, 2, day - 1, 16)).toISOString();
const sixAm = (day: number) => new Date(Date.UTC(2026, 2, day - 1, 22)).toISOString();

describe('GET /v1/lifecycle/preview', () => {
  let system: TestSystem;
  let accountId: string;
  const apps = { prepaid: '', payg: '', trial: '' };

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: NOW, worker: true });
    // 800.00: exactly one month of one unit, so the pay-as-you-go bill of the 1st takes the account into arrears.
    accountId = (await anAccount(system).withCash('800.00').create()).id;
    for (const name of Object.keys(apps) as (keyof typeof apps)[])
      apps[name] = (await anApplication(system).forAccount(accountId).named(name).create()).id;
    expect((await buyPrepaid(system, { accountId, appId: apps.prepaid, units: 1, months: 1 })).status).toBe(201);
    await eventually(async () =>
      expect((await answer(system.http.GET('/v1/apps/{id}', { params: { path: { id: apps.prepaid } } }))).data!.state).toBe('active'),
    );
    // The plan runs out on the 4th (set directly: a month of replay would say nothing more).
    await system.prisma.subscription.updateMany({ where: { appId: apps.prepaid }, data: { expiresOn: new Date('2026-03-04T00:00:00Z') } });
    expect(
      (
        await answer(
          system.http.POST('/v1/orders/payg', {
            params: { header: { 'Idempotency-Key': 'preview-payg' } },
            body: { accountId, appIds: [apps.payg] },
          }),
        )
      ).status,
    ).toBe(201);
    const ingestKey = await system.newKey('ingest');
    const reports = [
      { appId: apps.payg, date: '2026-03-01', dau: 50_000 },
      { appId: apps.trial, date: '2026-03-01', dau: 1_500 },
    ];
    expect((await answer(system.as(ingestKey).POST('/v1/usage/dau', { body: { reports } }))).status).toBe(200);
  });
  afterAll(async () => system.stop());

  const preview = (query: QueryOf<'/v1/lifecycle/preview', 'get'>) =>
    answer(system.http.GET('/v1/lifecycle/preview', { params: { query } }));

  it('lists every move through the 13th, by hand, then the jobs do exactly that', async () => {
    const reply = await preview({ through: '2026-03-13', accountId });
    expect(reply.status).toBe(200);
    const { events } = reply.data!;
    const byApp = (appId: string) => events.filter((e) => e.appId === appId).map((e) => [e.at, e.action, e.reason]);
    // E = 03-04: reminders on the 2nd and 3rd (E-7..E-1 from today on), grace and the first expiry notice on E,
    // a notice a day through E+7 (the 11th), suspended at 00:00 of E+8 (the 12th); destruction (E+15) is later.
    expect(byApp(apps.prepaid)).toEqual([
      [midnight(2), 'remind', 'expires on 2026-03-04'],
      [midnight(3), 'remind', 'expires on 2026-03-04'],
      [midnight(4), 'grace', 'plan_expired'],
      ...[4, 5, 6, 7, 8, 9, 10, 11].map((day) => [midnight(day), 'expiry_notice', 'expired on 2026-03-04']),
      [midnight(12), 'suspend', 'expired'],
    ]);
    // 50,000 x 0.0032 = 160.00 billed at 06:00 on the 2nd against 0.00 cash: arrears; suspended 24 hours later,
    // destroyed 7 days after that.
    expect(byApp(apps.payg)).toEqual([
      [sixAm(3), 'suspend', 'arrears'],
      [sixAm(10), 'destroy', 'arrears'],
    ]);
    // Cut off on the 1st; the 2nd closes with no report (DAU 0): restored at its close.
    expect(byApp(apps.trial)).toEqual([[midnight(3), 'restore', 'trial_restored: 2026-03-02 closed at or under the limit']]);
    expect(events[0]).toEqual({
      at: midnight(2),
      appId: apps.prepaid,
      accountId,
      action: 'remind',
      reason: 'expires on 2026-03-04',
    });

    const only = await preview({ through: '2026-03-13', appId: apps.payg });
    expect(only.data!.events.map((e) => e.action)).toEqual(['suspend', 'destroy']);

    const from = new Date(NOW);
    const to = new Date('2026-03-14T00:00:00+08:00');
    expect((await answer(system.http.POST('/v1/clock/advance', { body: { to: '2026-03-13T23:59:00+08:00' } }))).status).toBe(200);
    const predicted = sortMoves(events.map((e) => ({ at: e.at, appId: e.appId, action: e.action })));
    expect(await movesBetween(system, Object.values(apps), from, to)).toEqual(predicted);
  }, 600_000);

  it.each([
    [{ through: '2026-03-20' }, 'accountId'],
    [{ through: '2026-02-28', accountId: '0d9d7c3e-2f7e-4a55-9d4a-6f8a3e0b9c11' }, 'through'],
    [{ through: '2027-12-31', accountId: '0d9d7c3e-2f7e-4a55-9d4a-6f8a3e0b9c11' }, 'through'],
    [{ through: '2026-3-5', accountId: '0d9d7c3e-2f7e-4a55-9d4a-6f8a3e0b9c11' }, 'through'],
    [{ through: '2026-03-20', accountId: 'nope' }, 'accountId'],
  ])('refuses %j naming %s', async (query, field) => {
    expect(await preview(query)).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', field } });
  });

  it('answers 404 for an unknown account or app', async () => {
    expect(await preview({ through: '2026-03-20', accountId: '0d9d7c3e-2f7e-4a55-9d4a-6f8a3e0b9c11' })).toMatchObject({ status: 404 });
    expect(await preview({ through: '2026-03-20', appId: '0d9d7c3e-2f7e-4a55-9d4a-6f8a3e0b9c11' })).toMatchObject({ status: 404 });
  });
});
