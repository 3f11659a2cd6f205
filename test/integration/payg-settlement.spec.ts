import { TestSystem } from '../support/system';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { randomUUID } from 'node:crypto';
import { answer } from '../support/api-client';

/**
 * Pay-as-you-go from activation to arrears, on the simulated clock, through the
 * HTTP API and the real worker (SPEC.md 2.2, 4, 7).
 */
describe('pay-as-you-go settlement and arrears', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-03-01T08:00:00+08:00', worker: true });
  });
  afterAll(async () => system.stop());

  const advance = async (to: string) => {
    const reply = await answer(system.http.POST('/v1/clock/advance', { body: { to } }));
    expect(reply.status).toBe(200);
  };
  const ingest = async (reports: { appId: string; date: string; dau: number }[]) =>
    (await answer(system.http.POST('/v1/usage/dau', { body: { reports } }))).data!.results;
  const wallet = async (id: string) => (await answer(system.http.GET('/v1/accounts/{id}', { params: { path: { id } } }))).data!.wallet;
  const app = async (id: string) => (await answer(system.http.GET('/v1/apps/{id}', { params: { path: { id } } }))).data!;
  const activate = (accountId: string, appIds: string[]) =>
    answer(system.http.POST('/v1/orders/payg', { params: { header: { 'Idempotency-Key': randomUUID() } }, body: { accountId, appIds } }));
  const bills = async (accountId: string) =>
    (await answer(system.http.GET('/v1/bills', { params: { query: { accountId } } }))).data!.items.map((b) => ({
      appId: b.appId,
      date: b.date,
      dau: b.dau,
      chargedDay: b.chargedDay,
      amount: b.amount,
    }));
  const stateChanges = async (appId: string) =>
    (await system.prisma.appStateChange.findMany({ where: { appId }, orderBy: { id: 'asc' } })).map((c) => ({
      to: c.toState,
      reason: c.reason,
      at: c.at.toISOString(),
    }));
  const notices = async (accountId: string, type: string) =>
    (await system.prisma.notification.findMany({ where: { accountId, type }, orderBy: { createdAt: 'asc' } })).map((n) => ({
      app: n.appId,
      day: n.day.toISOString().slice(0, 10),
    }));

  let accountId: string;
  let overseas: string;
  let domestic: string;
  let trial: string;
  let charity: string;

  it('activates trial apps at once, as a postpaid order that costs nothing', async () => {
    accountId = (await anAccount(system).withCash('100.00').withGift('10.00').create()).id;
    const make = (region: 'ap-singapore' | 'ap-guangzhou') => anApplication(system).forAccount(accountId).inRegion(region).create();
    [overseas, domestic, trial, charity] = (
      await Promise.all([make('ap-singapore'), make('ap-guangzhou'), make('ap-guangzhou'), make('ap-guangzhou')])
    ).map((a) => a.id);
    expect(
      (await answer(system.http.POST('/v1/apps/{id}/charity', { params: { path: { id: charity } }, body: { approved: true } }))).status,
    ).toBe(200);

    const order = await activate(accountId, [overseas, domestic]);
    expect(order.status).toBe(201);
    expect(order.data).toMatchObject({ kind: 'postpaid', purpose: 'activation', status: 'active', amount: '0.00' });
    expect(order.data!.lines.map((l) => l.appId)).toEqual([overseas, domestic]);
    expect(await app(overseas)).toMatchObject({ plan: 'payg', state: 'active' });
    expect((await answer(system.http.GET('/v1/orders', { params: { query: { accountId, kind: 'postpaid' } } }))).data!.items).toHaveLength(
      1,
    );
  });

  it('refuses to activate an app twice, a charity app, or an app of another account, writing nothing', async () => {
    const other = (await anAccount(system).create()).id;
    for (const [appIds, account, code] of [
      [[trial, overseas], accountId, 'INVALID_STATE'],
      [[charity], accountId, 'INVALID_STATE'],
      [[trial], other, 'NOT_FOUND'],
    ] as const) {
      const reply = await activate(account, [...appIds]);
      expect(reply.error).toMatchObject({ code });
    }
    expect(await app(trial)).toMatchObject({ plan: 'trial', state: 'trial' });
    expect(await activate(accountId, [])).toMatchObject({
      status: 400,
      error: { field: 'appIds' },
    });
  });

  it('settles the previous day at 06:00: one bill per pay-as-you-go app, gift credit first, nothing for trial or charity apps', async () => {
    await ingest([
      { appId: overseas, date: '2026-03-01', dau: 70000 },
      { appId: domestic, date: '2026-03-01', dau: 500 },
      { appId: trial, date: '2026-03-01', dau: 900 },
      { appId: charity, date: '2026-03-01', dau: 50000 },
    ]);
    await advance('2026-03-02T05:59:00+08:00');
    expect(await bills(accountId)).toEqual([]);
    await advance('2026-03-02T07:00:00+08:00');
    expect(await bills(accountId)).toEqual(
      expect.arrayContaining([
        { appId: overseas, date: '2026-03-01', dau: 70000, chargedDay: 1, amount: '106.40' },
        { appId: domestic, date: '2026-03-01', dau: 500, chargedDay: null, amount: '0.00' },
      ]),
    );
    expect(await bills(accountId)).toHaveLength(2);
    expect(await wallet(accountId)).toMatchObject({ cash: '3.60', gift: '0.00', inArrears: false });
    const ledger = (await answer(system.http.GET('/v1/accounts/{id}/ledger', { params: { path: { id: accountId } } }))).data!.items;
    const charge = ledger.find((t) => t.kind === 'payment')!;
    expect(charge.entries.map((e) => [e.book, e.amount]).sort()).toEqual([
      ['customer_cash', '-96.40'],
      ['customer_gift', '-10.00'],
      ['platform_revenue', '106.40'],
    ]);
  });

  it('closes a settled day to ingest', async () => {
    expect(await ingest([{ appId: overseas, date: '2026-03-01', dau: 90000 }])).toEqual([
      expect.objectContaining({ appId: overseas, date: '2026-03-01', status: 'DAY_CLOSED' }),
    ]);
  });

  it('puts the account in arrears after a charge it cannot cover, and notifies at once', async () => {
    await ingest([{ appId: overseas, date: '2026-03-02', dau: 40000 }]);
    await advance('2026-03-03T07:00:00+08:00');
    expect((await bills(accountId)).filter((b) => b.date === '2026-03-02')).toEqual(
      expect.arrayContaining([{ appId: overseas, date: '2026-03-02', dau: 40000, chargedDay: 2, amount: '60.80' }]),
    );
    expect(await wallet(accountId)).toMatchObject({ cash: '-57.20', inArrears: true, arrearsSince: '2026-03-02T22:00:00.000Z' });
    expect(await notices(accountId, 'arrears_notice')).toEqual([{ app: null, day: '2026-03-03' }]);
    expect(await app(overseas)).toMatchObject({ state: 'active' });
  });

  it('suspends the pay-as-you-go apps 24 hours into arrears, and bills the day of the suspension on its DAU', async () => {
    await advance('2026-03-04T05:59:00+08:00');
    expect(await app(overseas)).toMatchObject({ state: 'active' });
    await advance('2026-03-04T08:00:00+08:00');
    for (const id of [overseas, domestic]) {
      expect(await app(id)).toMatchObject({ state: 'suspended' });
      expect((await stateChanges(id)).slice(-1)).toEqual([{ to: 'suspended', reason: 'arrears', at: '2026-03-03T22:00:00.000Z' }]);
    }
    expect(await notices(accountId, 'suspension_notice')).toEqual(
      expect.arrayContaining([
        { app: overseas, day: '2026-03-04' },
        { app: domestic, day: '2026-03-04' },
      ]),
    );
    // The apps ran from 00:00 to 06:00 on the 4th: that day is billed, although they are suspended when it is settled.
    await ingest([
      { appId: overseas, date: '2026-03-04', dau: 40000 },
      { appId: overseas, date: '2026-03-05', dau: 40000 },
    ]);
    await advance('2026-03-05T07:00:00+08:00');
    expect((await bills(accountId)).filter((b) => b.date === '2026-03-04')).toEqual(
      expect.arrayContaining([
        { appId: overseas, date: '2026-03-04', dau: 40000, chargedDay: 3, amount: '60.80' },
        { appId: domestic, date: '2026-03-04', dau: 0, chargedDay: null, amount: '0.00' },
      ]),
    );
    expect(await wallet(accountId)).toMatchObject({ cash: '-118.00', inArrears: true });
  });

  it('restores the suspended apps at once when a top-up clears the arrears, and bills no day they spent wholly suspended', async () => {
    await advance('2026-03-06T05:00:00+08:00');
    const topUp = await answer(
      system.http.POST('/v1/accounts/{id}/top-ups', {
        params: { path: { id: accountId }, header: { 'Idempotency-Key': 'clear-arrears' } },
        body: { amount: '200.00', kind: 'cash' },
      }),
    );
    expect(topUp.status).toBe(201);
    expect(await wallet(accountId)).toMatchObject({ inArrears: false });
    expect(await app(overseas)).toMatchObject({ state: 'active' });
    expect((await stateChanges(overseas)).slice(-1)).toEqual([{ to: 'active', reason: 'arrears_cleared', at: '2026-03-05T21:00:00.000Z' }]);
    // Active again when the 5th is settled at 06:00, but suspended all of the 5th: no bill for it, whatever its DAU.
    await advance('2026-03-06T07:00:00+08:00');
    expect((await bills(accountId)).filter((b) => b.date === '2026-03-05')).toEqual([]);
    expect(await wallet(accountId)).toMatchObject({ cash: '82.00' });
  });

  it('destroys apps still in arrears 7 days after their suspension, and never suspends a never-suspend account', async () => {
    const poor = (await anAccount(system).withCash('1.00').create()).id;
    const privileged = (await anAccount(system).withCash('1.00').neverSuspended().create()).id;
    const poorApp = (await anApplication(system).forAccount(poor).inRegion('ap-shanghai').create()).id;
    const privilegedApp = (await anApplication(system).forAccount(privileged).inRegion('ap-shanghai').create()).id;
    for (const [account, appId] of [
      [poor, poorApp],
      [privileged, privilegedApp],
    ]) {
      expect((await activate(account, [appId])).status).toBe(201);
      await ingest([{ appId, date: '2026-03-06', dau: 5000 }]);
    }
    // 06:00 on the 7th: charged 32.00, in arrears; 06:00 on the 8th: suspended; 7 days later: destroyed.
    await advance('2026-03-15T05:00:00+08:00');
    expect(await app(poorApp)).toMatchObject({ state: 'suspended' });
    await advance('2026-03-15T07:00:00+08:00');
    expect(await app(poorApp)).toMatchObject({ state: 'destroyed' });
    expect((await stateChanges(poorApp)).map((c) => [c.to, c.reason, c.at])).toEqual([
      ['active', 'payg_activated', '2026-03-05T23:00:00.000Z'],
      ['suspended', 'arrears', '2026-03-07T22:00:00.000Z'],
      ['destroyed', 'arrears', '2026-03-14T22:00:00.000Z'],
    ]);
    expect(await notices(poor, 'destruction_notice')).toEqual([{ app: poorApp, day: '2026-03-15' }]);
    // Billed up to the day it was suspended; not the days wholly suspended, nor the day of its destruction.
    expect((await bills(poor)).map((b) => b.date).sort()).toEqual(['2026-03-06', '2026-03-07', '2026-03-08']);

    expect(await app(privilegedApp)).toMatchObject({ state: 'active' });
    expect(await wallet(privileged)).toMatchObject({ inArrears: true });
    const privilegedBills = await bills(privileged);
    expect(privilegedBills.find((b) => b.date === '2026-03-06')).toMatchObject({ amount: '32.00', chargedDay: 1 });
    // Every later day was settled too (DAU 0: free, but billed as a zero bill).
    expect(privilegedBills.map((b) => b.date).sort()).toEqual([
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
      '2026-03-14',
    ]);
  });

  it('wrote each bill once and kept every wallet equal to its ledger', async () => {
    const duplicates = await system.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (SELECT app_id, day FROM payg_bills GROUP BY 1, 2 HAVING count(*) > 1) d`;
    expect(duplicates[0].n).toBe(0);
    const drift = await system.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM wallets w
        LEFT JOIN (SELECT account_id, coalesce(sum(amount) FILTER (WHERE book = 'customer_cash'), 0) AS cash,
                          coalesce(sum(amount) FILTER (WHERE book = 'customer_gift'), 0) AS gift
                     FROM ledger_entries WHERE account_id IS NOT NULL GROUP BY 1) l ON l.account_id = w.account_id
       WHERE w.cash <> coalesce(l.cash, 0) OR w.gift <> coalesce(l.gift, 0)`;
    expect(drift[0].n).toBe(0);
  });
});
