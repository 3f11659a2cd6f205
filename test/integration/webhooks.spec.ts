import { Clock } from '../../apps/core/src/clock/clock';
import type { SimulatedClock } from '../../apps/core/src/clock/simulated-clock';
import { AppStateRepository } from '../../apps/core/src/lifecycle/app-state.repository';
import { NotificationDispatcher } from '../../apps/core/src/notifications/notification-dispatcher';
import { WebhookDeliveryService } from '../../apps/core/src/webhooks/webhook-delivery.service';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { aPaidPrepaidOrder, paygBills } from '../support/raw-rows';
import { HttpReceiver, ReceivedRequest, eventually, signatureOf } from '../support/receivers';
import { TestSystem } from '../support/system';

const NOW = '2026-06-01T10:00:00+08:00';
const TODAY = '2026-06-01';
const SECRET = 'whsec_test_0123456789abcdef';

/** Lifecycle events leave the database through triggers and reach a real HTTP receiver, signed and retried. */
describe('outgoing webhooks', () => {
  let system: TestSystem;
  let receiver: HttpReceiver;
  let endpointId: string;

  beforeAll(async () => {
    receiver = await HttpReceiver.start();
    system = await TestSystem.start({ clockStart: NOW, worker: true, env: { DELIVERY_ATTEMPTS: '4', DELIVERY_BACKOFF_MS: '100' } });
  }, 30_000);
  afterAll(async () => {
    await system.stop();
    await receiver.stop();
  });

  const kick = () => system.api.get(NotificationDispatcher).kick();
  const settled = () =>
    eventually(
      async () =>
        (await system.prisma.outboxEvent.count({ where: { dispatchedAt: null } })) === 0 &&
        (await system.prisma.webhookDelivery.count({ where: { status: 'pending' } })) === 0,
      20_000,
      'every event relayed and every webhook delivery settled',
    );
  const received = (type: string): ReceivedRequest[] => receiver.requests.filter((r) => r.json.type === type && r.answered === 200);

  describe('endpoints over HTTP', () => {
    it('creates an endpoint and shows its secret once', async () => {
      const reply = await system.request('POST', '/v1/webhook-endpoints', {
        url: receiver.url('/hooks'),
        eventTypes: ['app.suspended', 'app.restored', 'bill.created', 'order.paid'],
        secret: SECRET,
        description: 'push platform',
      });
      expect(reply).toMatchObject({ status: 201, body: { id: expect.any(String), enabled: true, secret: SECRET } });
      endpointId = reply.body.id;
      const listed = await system.request('GET', '/v1/webhook-endpoints', undefined, await system.newKey('readonly'));
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({
        items: [expect.objectContaining({ id: endpointId, url: receiver.url('/hooks'), description: 'push platform' })],
        nextCursor: null,
      });
      expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    });

    it('generates a secret when none is given, and refuses bad input and non-admin writes', async () => {
      const generated = await system.request('POST', '/v1/webhook-endpoints', {
        url: receiver.url('/other'),
        eventTypes: ['order.paid'],
        enabled: false,
      });
      expect(generated.body.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
      expect(generated.body.enabled).toBe(false);
      // Two endpoints now (created at the same instant of the simulated clock, so in id order): a page of one, then the other.
      const first = await system.request('GET', '/v1/webhook-endpoints?limit=1');
      expect(first.body).toEqual({ items: [expect.any(Object)], nextCursor: expect.any(String) });
      const second = await system.request('GET', `/v1/webhook-endpoints?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
      expect(second.body).toEqual({ items: [expect.any(Object)], nextCursor: null });
      const paged = [first.body.items[0].id, second.body.items[0].id];
      expect(paged).toEqual([endpointId, generated.body.id].sort());
      expect(await system.request('GET', '/v1/webhook-endpoints?cursor=nope')).toMatchObject({ status: 400, body: { field: 'cursor' } });
      const bad = (body: object) => system.request('POST', '/v1/webhook-endpoints', body);
      expect(await bad({ url: 'ftp://x.example', eventTypes: ['order.paid'] })).toMatchObject({ status: 400, body: { field: 'url' } });
      expect(await bad({ url: receiver.url(), eventTypes: ['order.refunded'] })).toMatchObject({
        status: 400,
        body: { field: 'eventTypes' },
      });
      expect(await bad({ url: receiver.url(), eventTypes: [] })).toMatchObject({ status: 400, body: { field: 'eventTypes' } });
      expect(await bad({ url: receiver.url(), eventTypes: ['order.paid'], secret: 'short' })).toMatchObject({
        status: 400,
        body: { field: 'secret' },
      });
      const ops = await system.newKey('ops');
      expect((await system.request('POST', '/v1/webhook-endpoints', { url: receiver.url(), eventTypes: ['order.paid'] }, ops)).status).toBe(
        403,
      );
      expect((await system.request('PATCH', `/v1/webhook-endpoints/${generated.body.id}`, { enabled: true }, ops)).status).toBe(403);
      expect((await system.request('DELETE', `/v1/webhook-endpoints/${generated.body.id}`)).status).toBe(204);
      expect((await system.request('GET', `/v1/webhook-endpoints/${generated.body.id}`)).status).toBe(404);
    });
  });

  it('sends app.suspended from the trial suspension at ingest, signed, after retrying a failing receiver', async () => {
    const app = await anApplication(system).create();
    receiver.failNext(2, 502);
    const ingest = await system.request(
      'POST',
      '/v1/usage/dau',
      { reports: [{ appId: app.id, date: TODAY, dau: 5000 }] },
      await system.newKey('ingest'),
    );
    expect(ingest.body.results[0].status).toBe('accepted');
    await kick();
    await settled();

    const attempts = receiver.requests.filter((r) => r.json.type === 'app.suspended');
    expect(attempts.map((r) => r.answered)).toEqual([502, 502, 200]);
    const [delivered] = received('app.suspended');
    expect(delivered.path).toBe('/hooks');
    expect(delivered.headers['x-pushbilling-signature']).toBe(signatureOf(SECRET, delivered));
    expect(delivered.headers['x-pushbilling-event']).toBe('app.suspended');
    expect(delivered.json).toEqual({
      id: expect.any(String),
      type: 'app.suspended',
      occurredAt: new Date(NOW).toISOString(),
      data: {
        appId: app.id,
        accountId: app.accountId,
        accessId: String(app.accessId),
        fromState: 'trial',
        toState: 'suspended',
        reason: 'trial_over_limit',
        at: new Date(NOW).toISOString(),
      },
    });
    // Retries resend the same delivery of the same event.
    expect(new Set(attempts.map((r) => r.headers['x-pushbilling-delivery'])).size).toBe(1);
    const deliveries = await system.request('GET', `/v1/webhook-endpoints/${endpointId}/deliveries`);
    expect(deliveries.body).toEqual({
      items: [expect.objectContaining({ eventType: 'app.suspended', status: 'sent', attempts: 3, responseStatus: 200, lastError: null })],
      nextCursor: null,
    });
  }, 30_000);

  it('sends app.restored, and nothing for a destruction no endpoint listens to', async () => {
    const restored = await anApplication(system).create();
    const destroyed = await anApplication(system).create();
    const states = system.api.get(AppStateRepository);
    const at = new Date(NOW);
    await system.prisma.$transaction(async (tx) => {
      await states.transition(tx, [restored.id, destroyed.id], { from: ['trial'], to: 'suspended', reason: 'trial_over_limit' }, at);
      await states.transition(tx, [restored.id], { from: ['suspended'], to: 'trial', reason: 'trial_restored' }, at);
      await states.transition(tx, [destroyed.id], { from: ['suspended'], to: 'destroyed', reason: 'trial_expired' }, at);
    });
    await kick();
    await settled();
    expect(received('app.restored').map((r) => r.json.data)).toEqual([
      expect.objectContaining({ appId: restored.id, fromState: 'suspended', toState: 'trial', reason: 'trial_restored' }),
    ]);
    expect(await system.prisma.outboxEvent.count({ where: { type: 'app.destroyed' } })).toBe(0);
  }, 30_000);

  it('sends one bill.created per account and day for a statement of many bills', async () => {
    const first = await anAccount(system).create();
    const second = await anAccount(system).create();
    const apps = await Promise.all(
      [first.id, first.id, first.id, second.id].map((accountId) => anApplication(system).forAccount(accountId).create()),
    );
    await paygBills(system, '2026-05-31', [
      { appId: apps[0].id, accountId: first.id, region: 'ap-guangzhou', amount: '32.00' },
      { appId: apps[1].id, accountId: first.id, region: 'ap-guangzhou', amount: '128.00' },
      { appId: apps[2].id, accountId: first.id, region: 'ap-guangzhou', amount: '0.00' },
      { appId: apps[3].id, accountId: second.id, region: 'ap-singapore', amount: '15.20' },
    ]);
    await kick();
    await settled();
    expect(
      received('bill.created')
        .map((r) => r.json.data)
        .sort((a, b) => b.bills - a.bills),
    ).toEqual([
      { accountId: first.id, day: '2026-05-31', bills: 3, chargedBills: 2, amount: '160.00' },
      { accountId: second.id, day: '2026-05-31', bills: 1, chargedBills: 1, amount: '15.20' },
    ]);
  }, 30_000);

  it('sends order.paid, to enabled endpoints only, and gives up on a permanent refusal at once', async () => {
    const paused = await system.request('POST', '/v1/webhook-endpoints', {
      url: receiver.url('/paused'),
      eventTypes: ['order.paid'],
      enabled: false,
    });
    const account = await anAccount(system).create();
    const app = await anApplication(system).forAccount(account.id).create();
    receiver.failNext(1, 410);
    const { orderId } = await aPaidPrepaidOrder(system, {
      accountId: account.id,
      appId: app.id,
      region: 'ap-guangzhou',
      amount: '800.00',
      paidAt: new Date(NOW),
      expiresOn: '2026-07-01',
    });
    await kick();
    await settled();
    const attempts = receiver.requests.filter((r) => r.json.type === 'order.paid');
    expect(attempts.map((r) => [r.path, r.answered])).toEqual([['/hooks', 410]]);
    expect(attempts[0].json.data).toMatchObject({
      orderId,
      accountId: account.id,
      appId: app.id,
      kind: 'prepaid',
      purpose: 'purchase',
      amount: '800.00',
      cash: '800.00',
    });
    const deliveries = (await system.request('GET', `/v1/webhook-endpoints/${endpointId}/deliveries`)).body.items;
    expect(deliveries.find((d: any) => d.eventType === 'order.paid')).toMatchObject({
      status: 'failed',
      attempts: 1,
      responseStatus: 410,
      lastError: expect.stringContaining('HTTP 410'),
    });
    expect((await system.request('GET', `/v1/webhook-endpoints/${paused.body.id}/deliveries`)).body).toEqual({
      items: [],
      nextCursor: null,
    });
  }, 30_000);

  it('relays each event once, with relays running on several workers at once', async () => {
    const accounts = await Promise.all(Array.from({ length: 12 }, () => anAccount(system).create()));
    const apps = await Promise.all(accounts.map((a) => anApplication(system).forAccount(a.id).create()));
    await paygBills(
      system,
      '2026-05-30',
      apps.map((app, i) => ({ appId: app.id, accountId: accounts[i].id, region: 'ap-shanghai', amount: '32.00' })),
    );
    const workers = [system.api, await system.startWorker(), await system.startWorker()];
    await Promise.all(workers.flatMap((w) => [w.get(WebhookDeliveryService).relay(), w.get(WebhookDeliveryService).relay()]));
    await kick();
    await settled();
    const delivered = received('bill.created').filter((r) => r.json.data.day === '2026-05-30');
    expect(delivered.map((r) => r.json.data.accountId).sort()).toEqual(accounts.map((a) => a.id).sort());
    expect(await system.prisma.webhookDelivery.count({ where: { eventId: { in: delivered.map((r) => BigInt(r.json.id)) } } })).toBe(12);
  }, 30_000);

  it("pages an endpoint's deliveries newest first by cursor, none twice or skipped while new ones arrive between pages", async () => {
    const url = `/v1/webhook-endpoints/${endpointId}/deliveries`;
    const before = (await system.prisma.webhookDelivery.findMany({ where: { endpointId }, select: { id: true } })).map((d) => d.id);
    expect(before.length).toBeGreaterThan(12);
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    const clock = system.api.get(Clock) as SimulatedClock;
    let late = 0;
    do {
      const page = await system.request('GET', `${url}?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      // A newer delivery between pages belongs before the first page: it never shifts the pages still to come.
      await clock.set(new Date(clock.now().getTime() + 60_000));
      const account = await anAccount(system).create();
      const app = await anApplication(system).forAccount(account.id).create();
      await paygBills(system, '2026-05-29', [{ appId: app.id, accountId: account.id, region: 'ap-shanghai', amount: '32.00' }]);
      await kick();
      await settled();
      late += 1;
    } while (cursor);
    const ids = seen.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...before].sort());
    expect(seen.map((d) => d.createdAt)).toEqual([...seen.map((d) => d.createdAt)].sort().reverse());
    expect(late).toBeGreaterThanOrEqual(3);
    expect(await system.request('GET', `${url}?cursor=not-a-cursor`)).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', field: 'cursor' },
    });
    expect(await system.request('GET', `${url}?limit=1001`)).toMatchObject({ status: 400, body: { field: 'limit' } });
  }, 60_000);

  it('writes no events while no enabled endpoint wants them', async () => {
    await system.request('PATCH', `/v1/webhook-endpoints/${endpointId}`, { enabled: false });
    const before = await system.prisma.outboxEvent.count();
    const account = await anAccount(system).create();
    const app = await anApplication(system).forAccount(account.id).create();
    await paygBills(system, '2026-05-31', [{ appId: app.id, accountId: account.id, region: 'ap-shanghai', amount: '32.00' }]);
    expect(await system.prisma.outboxEvent.count()).toBe(before);
  });
});
