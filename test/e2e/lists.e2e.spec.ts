import { Clock } from '../../apps/core/src/clock/clock';
import type { SimulatedClock } from '../../apps/core/src/clock/simulated-clock';
import { SettlementService } from '../../apps/core/src/settlement/settlement.service';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { answer, invalid, QueryOf } from '../support/api-client';
import { TestSystem } from '../support/system';

const NOW = '2026-04-20T12:00:00+08:00';

/** The list envelope, keyset cursors and CSV exports of SPEC.md 12.1, through HTTP. */
describe('lists: {items, nextCursor}, limit, cursor and CSV', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: NOW });
  });
  afterAll(async () => system.stop());

  type Paging = { limit?: number; cursor?: string };
  type Page<T> = { status: number; data?: { items: T[]; nextCursor: string | null } };
  const accounts = (query: QueryOf<'/v1/accounts', 'get'>) => answer(system.http.GET('/v1/accounts', { params: { query } }));
  const apps = (query: QueryOf<'/v1/apps', 'get'>) => answer(system.http.GET('/v1/apps', { params: { query } }));
  const bills = (query: QueryOf<'/v1/bills', 'get'>) => answer(system.http.GET('/v1/bills', { params: { query } }));
  const orders = (query: QueryOf<'/v1/orders', 'get'>) => answer(system.http.GET('/v1/orders', { params: { query } }));
  const ledger = (id: string, query: Paging = {}) =>
    answer(system.http.GET('/v1/accounts/{id}/ledger', { params: { path: { id }, query } }));
  /** Every item of a list, page by page (`page` asks for one), running `between` after each page. */
  const walk = async <T>(
    page: (paging: Paging) => Promise<Page<T>>,
    limit: number,
    between: () => Promise<void> = async () => undefined,
  ) => {
    const seen: T[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const reply = await page({ limit, cursor });
      expect(reply.status).toBe(200);
      expect(reply.data!.items.length).toBeLessThanOrEqual(limit);
      seen.push(...reply.data!.items);
      cursor = reply.data!.nextCursor ?? undefined;
      pages += 1;
      await between();
    } while (cursor);
    return { seen, pages };
  };
  // Raw requests: the typed client reads JSON pages; these routes also stream CSV.
  const csv = async (url: string) => {
    const reply = await system.api.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${system.adminKey}`, accept: 'text/csv' },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toContain('text/csv');
    return reply.body.trimEnd().split('\n');
  };

  it('pages accounts by cursor without showing one twice or skipping one, while accounts are created between pages', async () => {
    const before = await Promise.all(Array.from({ length: 23 }, (_, i) => anAccount(system).named(`Paging Co ${i}`).create()));
    let added = 0;
    const { seen, pages } = await walk(
      (paging) => accounts({ q: 'paging co', ...paging }),
      5,
      async () => {
        await anAccount(system)
          .named(`Paging Co late ${(added += 1)}`)
          .create();
      },
    );
    const ids = seen.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(before.map((a) => a.id)));
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(seen[0]).toMatchObject({ name: expect.stringMatching(/^Paging Co/), wallet: { inArrears: false } });
  });

  it('searches accounts by email, case-insensitive, and by arrears', async () => {
    const found = await anAccount(system).named('Mail Search').withEmail('Finance@Example.COM').create();
    expect((await accounts({ q: 'finance@example.com' })).data!.items.map((a) => a.id)).toEqual([found.id]);
    expect((await accounts({ inArrears: true })).data).toEqual({ items: [], nextCursor: null });
    expect(await accounts({ inArrears: invalid('maybe') })).toMatchObject({ status: 400, error: { field: 'inArrears' } });
  });

  it('filters apps by account, state, plan, region, platform and name', async () => {
    const { id: accountId } = await anAccount(system).create();
    const ios = await anApplication(system).forAccount(accountId).named('Weather iOS').onPlatform('ios').inRegion('ap-singapore').create();
    const android = await anApplication(system).forAccount(accountId).named('Weather Android').inRegion('ap-guangzhou').create();
    await anApplication(system).forAccount(accountId).named('Chess').inRegion('ap-singapore').create();
    const ids = async (query: QueryOf<'/v1/apps', 'get'>) => (await apps({ accountId, ...query })).data!.items.map((a) => a.id).sort();
    expect(await ids({ q: 'WEATHER' })).toEqual([ios.id, android.id].sort());
    expect(await ids({ region: 'ap-singapore', platform: 'ios' })).toEqual([ios.id]);
    expect(await ids({ state: 'trial', plan: 'trial', q: 'weather', region: 'ap-guangzhou' })).toEqual([android.id]);
    expect(await ids({ state: 'suspended' })).toEqual([]);
    expect((await walk((paging) => apps({ accountId, ...paging }), 1)).seen).toHaveLength(3);
    expect(await apps({ state: invalid('sleeping') })).toMatchObject({ status: 400, error: { field: 'state' } });
  });

  it('refuses a bad limit or a cursor that is not one of the list, on their field', async () => {
    expect(await bills({ limit: 1001 })).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', field: 'limit' } });
    expect(await bills({ limit: 0 })).toMatchObject({ status: 400, error: { field: 'limit' } });
    expect(await orders({ cursor: 'not-a-cursor' })).toMatchObject({
      status: 400,
      error: { code: 'VALIDATION_FAILED', field: 'cursor' },
    });
    const accountCursor = (await accounts({ limit: 1 })).data!.nextCursor!;
    expect(await bills({ cursor: accountCursor })).toMatchObject({ status: 400, error: { field: 'cursor' } });
  });

  it('pages bills newest day first and streams every bill as CSV with a header line', async () => {
    const { id: accountId } = await anAccount(system).withCash('100000.00').create();
    const paygApps = await Promise.all(
      Array.from({ length: 12 }, () => anApplication(system).forAccount(accountId).inRegion('ap-singapore').create()),
    );
    const order = await answer(
      system.http.POST('/v1/orders/payg', {
        params: { header: { 'Idempotency-Key': 'lists-payg' } },
        body: { accountId, appIds: paygApps.map((a) => a.id) },
      }),
    );
    expect(order.status).toBe(201);
    const clock = system.api.get(Clock) as SimulatedClock;
    const days = ['2026-04-20', '2026-04-21', '2026-04-22'];
    for (const date of days) {
      await clock.set(new Date(`${date}T12:00:00+08:00`));
      const reports = paygApps.map((app, i) => ({ appId: app.id, date, dau: 20000 + i }));
      expect((await answer(system.http.POST('/v1/usage/dau', { body: { reports } }))).status).toBe(200);
    }
    await clock.set(new Date('2026-04-23T12:00:00+08:00'));
    for (const day of ['2026-04-20', '2026-04-21']) await system.api.get(SettlementService).settleThrough(day);

    // A day settled between two pages lands before the first page (newest first): nothing shown twice or skipped.
    let settledMore = false;
    const { seen } = await walk(
      (paging) => bills({ accountId, ...paging }),
      5,
      async () => {
        if (!settledMore) await system.api.get(SettlementService).settleThrough('2026-04-22');
        settledMore = true;
      },
    );
    const keys = seen.map((b) => `${b.date}|${b.appId}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(seen.filter((b) => b.date !== '2026-04-22')).toHaveLength(24);
    expect(seen.map((b) => b.date)).toEqual([...seen.map((b) => b.date)].sort().reverse());

    const lines = await csv(`/v1/bills?accountId=${accountId}`);
    expect(lines[0]).toBe('date,appId,accountId,region,dau,chargedDay,amount,priceBookVersion,ledgerTransactionId');
    expect(lines).toHaveLength(1 + 36);
    expect(lines[1]).toMatch(/^2026-04-22,[0-9a-f-]{36},[0-9a-f-]{36},ap-singapore,200\d\d,3,\d+\.\d\d,/);
  });

  it('streams every order and every ledger entry as CSV, beyond any page limit', async () => {
    const { id: accountId } = await anAccount(system).create();
    for (let i = 0; i < 120; i += 1) {
      const reply = await answer(
        system.http.POST('/v1/accounts/{id}/top-ups', {
          params: { path: { id: accountId }, header: { 'Idempotency-Key': `t${i}` } },
          body: { amount: '1.25', kind: i % 2 ? 'gift' : 'cash' },
        }),
      );
      expect(reply.status).toBe(201);
    }
    const page = await ledger(accountId);
    expect(page.data!.items).toHaveLength(100);
    expect((await walk((paging) => ledger(accountId, paging), 50)).seen).toHaveLength(120);
    const lines = await csv(`/v1/accounts/${accountId}/ledger`);
    expect(lines[0]).toBe('transactionId,createdAt,kind,businessKey,reference,book,voucherId,amount');
    // Each top-up is two entries: the customer's book and the platform's.
    expect(lines).toHaveLength(1 + 240);
    expect(lines.filter((line) => line.includes(',customer_cash,'))).toHaveLength(60);

    const orderLines = await csv(`/v1/orders?kind=postpaid`);
    expect(orderLines[0]).toBe(
      'id,createdAt,accountId,appId,kind,purpose,status,amount,units,months,serviceStartsOn,serviceEndsOn,subscriptionId,priceBookVersion',
    );
    expect(orderLines.length - 1).toBe((await walk((paging) => orders({ kind: 'postpaid', ...paging }), 1000)).seen.length);
  });
});
