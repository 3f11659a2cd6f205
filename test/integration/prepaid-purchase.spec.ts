import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProvisioningService } from '../../apps/core/src/subscriptions/provisioning.service';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { buyPrepaid, eventually, notices, stateChanges, wallet } from '../support/prepaid';
import { randomUUID } from 'node:crypto';
import { answer, invalid } from '../support/api-client';
import { TestSystem } from '../support/system';

const START = '2026-05-10T09:00:00+08:00';
const orderOf = async (system: TestSystem, id: string) =>
  (await answer(system.http.GET('/v1/orders/{id}', { params: { path: { id } } }))).data!;
const TODAY = '2026-05-10';

describe('buying a prepaid plan', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: START, worker: true });
  }, 30_000);
  afterAll(async () => system.stop());

  it('prices, pays (vouchers, gift, cash), writes order, payment and subscription, and provisions the app', async () => {
    const buyer = await anAccount(system).withCash('1000.00').withGift('100.00').withVoucher('50.00').create();
    const app = await anApplication(system).forAccount(buyer.id).inRegion('ap-guangzhou').create();
    const reply = await buyPrepaid(system, { accountId: buyer.id, appId: app.id, units: 1, months: 1, voucherIds: buyer.voucherIds });
    expect(reply.status).toBe(201);
    expect(reply.data).toMatchObject({
      kind: 'prepaid',
      purpose: 'purchase',
      status: 'paid',
      amount: '800.00',
      priceBookVersion: '2026-01',
      appId: app.id,
      units: 1,
      months: 1,
      serviceStartsOn: TODAY,
      serviceEndsOn: '2026-06-10',
      lines: [{ lineNo: 1, units: 1, months: 1, unitPrice: '800', discount: '1', amount: '800.00' }],
      payments: [{ voucher: '50.00', gift: '100.00', cash: '650.00', advanced: '0.00' }],
    });
    expect(reply.data!.subscriptionId).toEqual(expect.any(String));
    expect(await wallet(system, buyer.id)).toMatchObject({ cash: '350.00', gift: '0.00' });

    // The provisioning job moves it from deploying to active and tells the account.
    await eventually(async () =>
      expect((await orderOf(system, reply.data!.id)).provisioning).toMatchObject({ status: 'done', attempts: 1 }),
    );
    expect(await stateChanges(system, app.id)).toEqual([
      { from: 'trial', to: 'deploying', reason: 'prepaid_purchased', at: new Date(START).toISOString() },
      { from: 'deploying', to: 'active', reason: 'provisioned', at: new Date(START).toISOString() },
    ]);
    expect(await notices(system, app.id)).toEqual([['deployment_done', TODAY]]);
    const shown = (await answer(system.http.GET('/v1/apps/{id}', { params: { path: { id: app.id } } }))).data!;
    expect(shown).toMatchObject({ state: 'active', plan: 'prepaid' });
    expect(shown.subscription).toEqual({
      id: reply.data!.subscriptionId,
      accountId: buyer.id,
      appId: app.id,
      region: 'ap-guangzhou',
      units: 1,
      months: 1,
      startsOn: TODAY,
      expiresOn: '2026-06-10',
      autoRenew: false,
      status: 'active',
    });
    const account = await system.prisma.account.findUniqueOrThrow({ where: { id: buyer.id } });
    expect(account.firstPaidAt).toEqual(new Date(START));
  });

  it('requires an Idempotency-Key and answers a retry with the same order, paying once', async () => {
    const buyer = await anAccount(system).withCash('10000.00').create();
    const app = await anApplication(system).forAccount(buyer.id).inRegion('ap-singapore').create();
    const body = { accountId: buyer.id, appId: app.id, units: 10, months: 1, autoRenew: true };
    expect(await answer(system.http.POST('/v1/orders/prepaid', { params: { header: invalid({}) }, body }))).toMatchObject({
      status: 400,
      error: { code: 'IDEMPOTENCY_KEY_REQUIRED', field: 'Idempotency-Key' },
    });
    const first = await buyPrepaid(system, body, 'buy-once');
    const again = await buyPrepaid(system, body, 'buy-once');
    expect(first.data!.amount).toBe('4000.00');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.data!.id).toBe(first.data!.id);
    expect(await wallet(system, buyer.id)).toMatchObject({ cash: '6000.00' });
    expect(await system.prisma.order.count({ where: { appId: app.id } })).toBe(1);
    expect((await buyPrepaid(system, { ...body, units: 11 }, 'buy-once')).error!.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('answers 402 with the shortfall and writes nothing; the same key works once the money is in', async () => {
    const buyer = await anAccount(system).withCash('500.00').withGift('100.00').create();
    const app = await anApplication(system).forAccount(buyer.id).create();
    const ledgerBefore = await system.prisma.ledgerTransaction.count({ where: { accountId: buyer.id } });
    const reply = await buyPrepaid(system, { accountId: buyer.id, appId: app.id, units: 1, months: 1 }, 'short');
    expect(reply).toMatchObject({ status: 402, error: { code: 'INSUFFICIENT_BALANCE', shortfall: '200.00' } });
    expect(await system.prisma.order.count({ where: { accountId: buyer.id } })).toBe(0);
    expect(await system.prisma.subscription.count({ where: { accountId: buyer.id } })).toBe(0);
    expect(await system.prisma.ledgerTransaction.count({ where: { accountId: buyer.id } })).toBe(ledgerBefore);
    expect(await wallet(system, buyer.id)).toMatchObject({ cash: '500.00', gift: '100.00' });
    expect((await system.prisma.application.findUniqueOrThrow({ where: { id: app.id } })).state).toBe('trial');
    expect((await system.prisma.account.findUniqueOrThrow({ where: { id: buyer.id } })).firstPaidAt).toBeNull();

    await system.http.POST('/v1/accounts/{id}/top-ups', {
      params: { path: { id: buyer.id }, header: { 'Idempotency-Key': 'top' } },
      body: { amount: '200.00', kind: 'cash' },
    });
    expect((await buyPrepaid(system, { accountId: buyer.id, appId: app.id, units: 1, months: 1 }, 'short')).status).toBe(201);
  });

  it('sells only to trial apps (running or cut off), and validates the request', async () => {
    const buyer = await anAccount(system).withCash('100000.00').create();
    const [trial, cutOff, payg, other] = await Promise.all([1, 2, 3, 4].map(() => anApplication(system).forAccount(buyer.id).create()));
    const foreign = await anApplication(system).create();
    await system.prisma.application.update({
      where: { id: cutOff.id },
      data: { state: 'suspended', suspensionReason: 'trial_over_limit', trialSuspendedOn: new Date(`${TODAY}T00:00:00Z`) },
    });
    await system.http.POST('/v1/orders/payg', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { accountId: buyer.id, appIds: [payg.id] },
    });
    const buy = (appId: string, extra: object = {}) =>
      buyPrepaid(system, invalid({ accountId: buyer.id, appId, units: 1, months: 1, ...extra }));

    expect((await buy(cutOff.id)).status).toBe(201);
    expect(await system.prisma.application.findUniqueOrThrow({ where: { id: cutOff.id } })).toMatchObject({
      plan: 'prepaid',
      suspensionReason: null,
      trialSuspendedOn: null,
    });
    expect(await buy(payg.id)).toMatchObject({ status: 409, error: { code: 'INVALID_STATE', field: 'appId' } });
    expect((await buy(payg.id)).error!.message).toContain('pay-as-you-go');
    expect((await buy(trial.id)).status).toBe(201);
    expect(await buy(trial.id)).toMatchObject({ status: 409, error: { code: 'INVALID_STATE' } });
    expect(await buy(foreign.id)).toMatchObject({ status: 404, error: { code: 'NOT_FOUND', field: 'appId' } });
    expect(await buy(other.id, { months: 13 })).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', field: 'months' } });
    expect(await buy(other.id, { units: 0 })).toMatchObject({ status: 400, error: { field: 'units' } });
    expect(await buy(other.id, { voucherIds: ['nope'] })).toMatchObject({ status: 400, error: { field: 'voucherIds' } });
    expect(await buy(other.id, { extra: 1 })).toMatchObject({ status: 400 });
    const readonly = await system.newKey('readonly');
    const refused = await answer(
      system.as(readonly).POST('/v1/orders/prepaid', {
        params: { header: { 'Idempotency-Key': 'r' } },
        body: { accountId: buyer.id, appId: other.id, units: 1, months: 1 },
      }),
    );
    expect(refused.status).toBe(403);
  });
});

describe('the sales stop', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: START, worker: true });
    // Before anything reads the price book (published versions are cached once read).
    await system.prisma.priceBookVersion.updateMany({ data: { salesStopAfter: new Date('2026-05-01T00:00:00Z') } });
  }, 30_000);
  afterAll(async () => system.stop());

  it('refuses accounts that never bought with SALES_CLOSED and sells to those that did', async () => {
    const newcomer = await anAccount(system).withCash('1000.00').create();
    const app = await anApplication(system).forAccount(newcomer.id).create();
    expect(await buyPrepaid(system, { accountId: newcomer.id, appId: app.id, units: 1, months: 1 })).toMatchObject({
      status: 409,
      error: { code: 'SALES_CLOSED' },
    });
    expect(await system.prisma.order.count()).toBe(0);

    const customer = await anAccount(system).withCash('1000.00').create();
    await system.prisma.account.update({ where: { id: customer.id }, data: { firstPaidAt: new Date('2026-01-01T00:00:00Z') } });
    const theirs = await anApplication(system).forAccount(customer.id).create();
    expect((await buyPrepaid(system, { accountId: customer.id, appId: theirs.id, units: 1, months: 1 })).status).toBe(201);
  });
});

describe('provisioning that fails', () => {
  let system: TestSystem;
  let server: Server;
  const calls: { orderId: string; key: string | undefined }[] = [];
  let failuresLeft = 2;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        calls.push({ orderId: JSON.parse(body).orderId, key: req.headers['idempotency-key'] as string | undefined });
        res.statusCode = failuresLeft > 0 ? 503 : 200;
        failuresLeft -= 1;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/provision`;
    system = await TestSystem.start({
      clockStart: START,
      worker: true,
      env: { PROVISIONING_URL: url, PROVISIONING_ATTEMPTS: '3', PROVISIONING_BACKOFF_MS: '20' },
    });
  }, 30_000);
  afterAll(async () => {
    await system.stop();
    server.close();
  });

  it('retries with backoff and shows the attempts; the app is active once the provisioner answers', async () => {
    const buyer = await anAccount(system).withCash('1000.00').create();
    const app = await anApplication(system).forAccount(buyer.id).create();
    const order = (await buyPrepaid(system, { accountId: buyer.id, appId: app.id, units: 1, months: 1 })).data!;
    expect(order.provisioning).toEqual({ status: 'pending', attempts: 0, error: null });
    expect((await answer(system.http.GET('/v1/apps/{id}/capabilities', { params: { path: { id: app.id } } }))).data).toMatchObject({
      state: 'deploying',
      push: false,
      register: true,
    });
    await eventually(async () =>
      expect((await orderOf(system, order.id)).provisioning).toEqual({
        status: 'done',
        attempts: 3,
        error: null,
      }),
    );
    expect(calls).toEqual([1, 2, 3].map(() => ({ orderId: order.id, key: order.id })));
    expect((await system.prisma.application.findUniqueOrThrow({ where: { id: app.id } })).state).toBe('active');
  });

  it('marks the order failed after its last attempt, and the hourly sweep starts another round', async () => {
    failuresLeft = 3;
    calls.length = 0;
    const buyer = await anAccount(system).withCash('1000.00').create();
    const app = await anApplication(system).forAccount(buyer.id).create();
    const order = (await buyPrepaid(system, { accountId: buyer.id, appId: app.id, units: 1, months: 1 })).data!;
    await eventually(async () =>
      expect((await orderOf(system, order.id)).provisioning).toEqual({
        status: 'failed',
        attempts: 3,
        error: 'provisioning answered HTTP 503',
      }),
    );
    expect((await system.prisma.application.findUniqueOrThrow({ where: { id: app.id } })).state).toBe('deploying');

    expect(await system.api.get(ProvisioningService).sweep()).toBe(1);
    await eventually(async () =>
      expect((await orderOf(system, order.id)).provisioning).toEqual({
        status: 'done',
        attempts: 4,
        error: null,
      }),
    );
    expect((await system.prisma.application.findUniqueOrThrow({ where: { id: app.id } })).state).toBe('active');
    expect(await system.api.get(ProvisioningService).sweep()).toBe(0);
  });
});
