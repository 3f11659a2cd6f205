import { randomUUID } from 'node:crypto';
import { buyPrepaid } from '../support/prepaid';
import { RouteEntry, routeTable } from '../support/route-table';
import { answer } from '../support/api-client';
import { Method, TestSystem } from '../support/system';

/** One account's resources, made through the API as a customer's would be. */
interface Tenant {
  account: string;
  app: string;
  order: string;
  subscription: string;
  notification: string;
  recipient: string;
}

interface Call {
  url: string;
  body?: unknown;
}

/**
 * How to call each account-scoped route on a tenant's resources. A new
 * account-scoped route without an entry here fails the matrix below: the
 * table of routes is read from the application, not from this list.
 */
/** A day the lifecycle preview accepts (today to a year ahead) on the system clock these tests run on. */
const IN_A_MONTH = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
/** A month that has begun in the billing time zone (ahead of UTC). */
const THIS_MONTH = new Date().toISOString().slice(0, 7);

const CALLS: Record<string, (t: Tenant) => Call> = {
  'GET /v1/accounts/:id': (t) => ({ url: `/v1/accounts/${t.account}` }),
  'GET /v1/accounts/:id/ledger': (t) => ({ url: `/v1/accounts/${t.account}/ledger` }),
  'GET /v1/accounts/:id/messages': (t) => ({ url: `/v1/accounts/${t.account}/messages` }),
  'GET /v1/accounts/:id/statements/:month': (t) => ({ url: `/v1/accounts/${t.account}/statements/${THIS_MONTH}` }),
  'POST /v1/accounts/:id/messages/:messageId/read': (t) => ({ url: `/v1/accounts/${t.account}/messages/${t.notification}/read` }),
  'GET /v1/accounts/:id/notification-recipients': (t) => ({ url: `/v1/accounts/${t.account}/notification-recipients` }),
  'POST /v1/accounts/:id/notification-recipients': (t) => ({
    url: `/v1/accounts/${t.account}/notification-recipients`,
    body: { role: 'finance', name: 'Han Meimei', email: 'han@example.com' },
  }),
  'PUT /v1/accounts/:id/notification-recipients/:recipientId': (t) => ({
    url: `/v1/accounts/${t.account}/notification-recipients/${t.recipient}`,
    body: { role: 'finance', name: 'Han Meimei', email: 'han2@example.com' },
  }),
  'DELETE /v1/accounts/:id/notification-recipients/:recipientId': (t) => ({
    url: `/v1/accounts/${t.account}/notification-recipients/${t.recipient}`,
  }),
  'GET /v1/accounts/:id/notification-subscriptions': (t) => ({ url: `/v1/accounts/${t.account}/notification-subscriptions` }),
  'PUT /v1/accounts/:id/notification-subscriptions': (t) => ({
    url: `/v1/accounts/${t.account}/notification-subscriptions`,
    body: { subscriptions: [] },
  }),
  'POST /v1/apps': (t) => ({ url: '/v1/apps', body: { accountId: t.account, name: 'another', platform: 'ios', region: 'ap-shanghai' } }),
  'GET /v1/apps': (t) => ({ url: `/v1/apps?accountId=${t.account}` }),
  'GET /v1/apps/:id': (t) => ({ url: `/v1/apps/${t.app}` }),
  'GET /v1/apps/:id/export': (t) => ({ url: `/v1/apps/${t.app}/export` }),
  'GET /v1/apps/:id/plan-advice': (t) => ({ url: `/v1/apps/${t.app}/plan-advice` }),
  'GET /v1/lifecycle/preview': (t) => ({ url: `/v1/lifecycle/preview?through=${IN_A_MONTH}&accountId=${t.account}` }),
  'GET /v1/apps/:id/capabilities': (t) => ({ url: `/v1/apps/${t.app}/capabilities` }),
  'GET /v1/apps/:id/usage': (t) => ({ url: `/v1/apps/${t.app}/usage` }),
  'GET /v1/bills': (t) => ({ url: `/v1/bills?accountId=${t.account}` }),
  'GET /v1/orders': (t) => ({ url: `/v1/orders?accountId=${t.account}` }),
  'GET /v1/orders/:id': (t) => ({ url: `/v1/orders/${t.order}` }),
  'POST /v1/orders/payg': (t) => ({ url: '/v1/orders/payg', body: { accountId: t.account, appIds: [t.app] } }),
  'POST /v1/orders/prepaid': (t) => ({ url: '/v1/orders/prepaid', body: { accountId: t.account, appId: t.app, units: 1, months: 1 } }),
  'POST /v1/orders/:id/refunds': (t) => ({ url: `/v1/orders/${t.order}/refunds`, body: { type: 'standard' } }),
  'GET /v1/subscriptions/:id': (t) => ({ url: `/v1/subscriptions/${t.subscription}` }),
  'PATCH /v1/subscriptions/:id': (t) => ({ url: `/v1/subscriptions/${t.subscription}`, body: { autoRenew: false } }),
  'POST /v1/subscriptions/:id/renewals': (t) => ({ url: `/v1/subscriptions/${t.subscription}/renewals`, body: { months: 1 } }),
  'POST /v1/subscriptions/:id/upgrades': (t) => ({ url: `/v1/subscriptions/${t.subscription}/upgrades`, body: { units: 2 } }),
  'GET /v1/notifications/:id/deliveries': (t) => ({ url: `/v1/notifications/${t.notification}/deliveries` }),
  'POST /v1/quotes': (t) => ({ url: '/v1/quotes', body: { kind: 'refund', orderId: t.order, type: 'standard' } }),
  'POST /v1/usage/dau': (t) => ({ url: '/v1/usage/dau', body: { reports: [{ appId: t.app, date: '2026-01-01', dau: 1 }] } }),
};

/**
 * The status a route gave a call; DAU reports are answered one by one, so the report's own status counts.
 * A raw request: the matrix walks the route table the application reports, not paths known when compiling.
 */
async function statusOf(system: TestSystem, route: RouteEntry, call: Call, key: string): Promise<number | string> {
  const reply = await system.request(route.method as Method, call.url, call.body, key, { 'idempotency-key': randomUUID() });
  if (route.route === 'POST /v1/usage/dau' && reply.status === 200) return reply.body.results[0].status;
  return reply.status;
}

/** Deletions last, so that the other calls still find what they name. */
const deletionsLast = (x: RouteEntry, y: RouteEntry) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE');

/** A platform-wide route answers 403 before anything else: any path parameter will do. */
const anyId = '4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11';
const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, anyId);

describe('Tenant isolation, for every route the API serves', () => {
  let system: TestSystem;
  let routes: RouteEntry[];
  let mine: Tenant;
  let theirs: Tenant;
  let scopedAdmin: string;

  async function tenant(name: string): Promise<Tenant> {
    const account = (await answer(system.http.POST('/v1/accounts', { body: { name } }))).data!.id;
    const topUp = await answer(
      system.http.POST('/v1/accounts/{id}/top-ups', {
        params: { path: { id: account }, header: { 'Idempotency-Key': randomUUID() } },
        body: { amount: '100000.00', kind: 'cash' },
      }),
    );
    expect(topUp.status).toBe(201);
    const app = (
      await answer(
        system.http.POST('/v1/apps', { body: { accountId: account, name: `${name} app`, platform: 'android', region: 'ap-guangzhou' } }),
      )
    ).data!.id;
    const bought = await buyPrepaid(system, { accountId: account, appId: app, units: 1, months: 1 });
    expect(bought.status).toBe(201);
    const recipient = (
      await answer(
        system.http.POST('/v1/accounts/{id}/notification-recipients', {
          params: { path: { id: account } },
          body: { role: 'finance', name: 'Li Lei', email: 'li@example.com' },
        }),
      )
    ).data!.id!;
    const notification = randomUUID();
    await system.prisma.$executeRaw`
      INSERT INTO notifications (id, account_id, type, resource_key, day, title, body, created_at)
      VALUES (${notification}::uuid, ${account}::uuid, 'balance_alert', ${notification}, '2026-01-01', 'Low balance', 'Top up', now())`;
    return { account, app, order: bought.data!.id, subscription: bought.data!.subscriptionId!, notification, recipient };
  }

  beforeAll(async () => {
    system = await TestSystem.start();
    routes = routeTable(system.api);
    mine = await tenant('Mine');
    theirs = await tenant('Theirs');
    const created = await answer(
      system.http.POST('/v1/api-keys', { body: { name: 'tenant console', role: 'admin', accountId: mine.account } }),
    );
    expect(created).toMatchObject({ status: 201, data: { accountId: mine.account } });
    scopedAdmin = created.data!.key;
  });
  afterAll(async () => system.stop());

  it('reads the route table from the application', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map((r) => r.route)).toEqual(expect.arrayContaining(['GET /v1/apps/:id', 'POST /v1/api-keys', 'GET /metrics']));
  });

  it('has every route declared account-scoped or platform-wide, and a call for every account-scoped one', () => {
    const undeclared = routes.filter((r) => !r.public && r.scope === undefined).map((r) => r.route);
    expect(undeclared).toEqual([]);
    const uncalled = routes.filter((r) => r.scope !== undefined && r.scope !== 'platform' && !CALLS[r.route]).map((r) => r.route);
    expect(uncalled).toEqual([]);
  });

  it("answers 404 for another account's resources on every account-scoped route", async () => {
    const answers: Record<string, number | string> = {};
    for (const route of routes.filter((r) => r.scope !== undefined && r.scope !== 'platform').sort(deletionsLast)) {
      answers[route.route] = await statusOf(system, route, CALLS[route.route](theirs), scopedAdmin);
    }
    expect(Object.entries(answers).filter(([, status]) => status !== 404 && status !== 'NOT_FOUND')).toEqual([]);
  });

  it("serves the key's own account on the same calls (the 404s above are not the calls' fault)", async () => {
    const answers: Record<string, number | string> = {};
    for (const route of routes.filter((r) => r.scope !== undefined && r.scope !== 'platform').sort(deletionsLast)) {
      answers[route.route] = await statusOf(system, route, CALLS[route.route](mine), scopedAdmin);
    }
    const refused = (status: number | string) =>
      status === 404 || status === 403 || status === 'NOT_FOUND' || (typeof status === 'number' && status >= 500);
    expect(Object.entries(answers).filter(([, status]) => refused(status))).toEqual([]);
  });

  it('answers 403 on every platform-wide route, and the same routes serve a platform admin key', async () => {
    const platform = routes.filter((r) => r.scope === 'platform');
    expect(platform.map((r) => r.route)).toEqual(
      expect.arrayContaining(['POST /v1/api-keys', 'GET /v1/clock', 'POST /v1/accounts', 'POST /v1/accounts/:id/top-ups']),
    );
    const refused: Record<string, number> = {};
    // Raw requests: every platform-wide route of the application's route table.
    for (const route of platform) {
      refused[route.route] = (await system.request(route.method as Method, concrete(route.path), {}, scopedAdmin)).status;
    }
    expect(Object.entries(refused).filter(([, status]) => status !== 403)).toEqual([]);
    expect((await answer(system.http.GET('/v1/clock'))).status).toBe(200);
  });

  it("lists only the key's own account when a list names none", async () => {
    const orders = await answer(system.as(scopedAdmin).GET('/v1/orders'));
    expect(orders.status).toBe(200);
    const accounts = new Set(orders.data!.items.map((o) => o.accountId));
    expect([...accounts]).toEqual([mine.account]);
    const all = await answer(system.http.GET('/v1/orders'));
    const everyone = new Set(all.data!.items.map((o) => o.accountId));
    expect(everyone).toEqual(new Set([mine.account, theirs.account]));
  });
});
