import { addDays } from '../../apps/core/src/clock/calendar';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { buyPrepaid, eventually, notices, wallet } from '../support/prepaid';
import { TestSystem } from '../support/system';
import { freshKey } from '../support/idempotency';

const P = '2026-03-01';
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`).toISOString();

/** Refunds on the simulated clock: every order is bought on P, and the clock moves to each refund's day. */
describe('refunds of prepaid plans', () => {
  let system: TestSystem;
  const orders: Record<string, { id: string; appId: string; accountId: string }> = {};

  const setUp = async (name: string, money: { cash?: string; gift?: string; voucher?: string }, accountId?: string) => {
    let id = accountId;
    let voucherIds: string[] = [];
    if (!id) {
      let builder = anAccount(system);
      if (money.cash) builder = builder.withCash(money.cash);
      if (money.gift) builder = builder.withGift(money.gift);
      if (money.voucher) builder = builder.withVoucher(money.voucher);
      const account = await builder.create();
      id = account.id;
      voucherIds = account.voucherIds;
    }
    const app = await anApplication(system).forAccount(id).inRegion('ap-guangzhou').create();
    const reply = await buyPrepaid(system, { accountId: id, appId: app.id, units: 1, months: 1, voucherIds });
    expect(reply.status).toBe(201);
    orders[name] = { id: reply.body.id, appId: app.id, accountId: id };
  };
  const refund = (name: string, type: string, key?: string) =>
    system.request(
      'POST',
      `/v1/orders/${orders[name].id}/refunds`,
      { type },
      system.adminKey,
      key ? { 'idempotency-key': key } : freshKey(),
    );
  const quote = (name: string, type: string) => system.request('POST', '/v1/quotes', { kind: 'refund', orderId: orders[name].id, type });
  const advanceTo = async (day: string) => expect((await system.request('POST', '/v1/clock/advance', { to: at(day) })).status).toBe(200);

  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: at(P), worker: true });
    await setUp('example', { cash: '800.00' });
    await setUp('split', { cash: '600.00', gift: '200.00' });
    await setUp('noQuestions', { cash: '1300.00', gift: '300.00', voucher: '100.00' });
    await setUp('secondOfAccount', {}, orders.noQuestions.accountId);
    await setUp('boundary', { cash: '800.00' });
    await setUp('blocked', { cash: '800.00' });
    await setUp('halfVoucher', { cash: '400.00', voucher: '400.00' });
    await eventually(async () => expect(await system.prisma.application.count({ where: { state: 'active' } })).toBe(7));
  }, 60_000);
  afterAll(async () => system.stop());

  it('gives back everything paid in cash and gift, never the voucher, once per account (day 3)', async () => {
    await advanceTo(addDays(P, 2));
    expect((await quote('noQuestions', 'no-questions')).body).toMatchObject({
      amount: '700.00',
      breakdown: { cash: '400', gift: '300', forfeitedVoucher: '100' },
    });
    const reply = await refund('noQuestions', 'no-questions');
    expect(reply).toMatchObject({
      status: 201,
      body: {
        type: 'no-questions',
        orderId: orders.noQuestions.id,
        amount: '700.00',
        cash: '400.00',
        gift: '300.00',
        forfeitedVoucher: '100.00',
      },
    });
    expect(await wallet(system, orders.noQuestions.accountId)).toMatchObject({
      cash: '500.00',
      gift: '300.00',
      vouchers: [expect.objectContaining({ remaining: '0.00' })],
    });

    const app = (await system.request('GET', `/v1/apps/${orders.noQuestions.appId}`)).body;
    expect(app).toMatchObject({ state: 'suspended', suspensionReason: 'refunded', plan: 'prepaid', subscription: null });
    expect((await system.request('GET', `/v1/orders/${orders.noQuestions.id}`)).body.status).toBe('refunded');
    expect((await notices(system, orders.noQuestions.appId)).slice(1)).toEqual([
      ['refund_done', addDays(P, 2)],
      ['suspension_notice', addDays(P, 2)],
    ]);

    expect(await refund('secondOfAccount', 'no-questions')).toMatchObject({
      status: 409,
      body: { code: 'REFUND_NOT_ALLOWED', reason: 'already_used' },
    });
    expect(await refund('noQuestions', 'standard')).toMatchObject({ status: 409, body: { reason: 'already_refunded' } });
  });

  it('opens the no-questions window for 5 days, the purchase day being day 1', async () => {
    await advanceTo(addDays(P, 4));
    expect(await quote('boundary', 'no-questions')).toMatchObject({ status: 200, body: { amount: '800.00' } });
    await advanceTo(addDays(P, 5));
    expect(await refund('boundary', 'no-questions')).toMatchObject({
      status: 409,
      body: { code: 'REFUND_NOT_ALLOWED', reason: 'window_passed' },
    });
  });

  it('lets operators block the refund of an order flagged as abuse', async () => {
    const readonly = await system.newKey('readonly');
    expect((await system.request('POST', `/v1/orders/${orders.blocked.id}/refund-block`, { reason: 'abuse' }, readonly)).status).toBe(403);
    const ops = await system.newKey('ops');
    const blocked = await system.request(
      'POST',
      `/v1/orders/${orders.blocked.id}/refund-block`,
      { reason: 'repeated buy-and-refund' },
      ops,
    );
    expect(blocked).toMatchObject({ status: 200, body: { refundBlocked: { reason: 'repeated buy-and-refund' } } });
    expect(await refund('blocked', 'standard')).toMatchObject({ status: 409, body: { code: 'REFUND_NOT_ALLOWED', reason: 'blocked' } });
    expect(await quote('blocked', 'standard')).toMatchObject({ status: 409, body: { reason: 'blocked' } });
    expect((await system.prisma.application.findUniqueOrThrow({ where: { id: orders.blocked.appId } })).state).toBe('active');
  });

  it('refunds 533.33 of 1 unit for 1 month (800.00, domestic) after 10 used days (SPEC.md 2.4)', async () => {
    await advanceTo(addDays(P, 9));
    expect((await quote('example', 'standard')).body).toMatchObject({
      amount: '533.33',
      breakdown: {
        fullMonthsUsed: 0,
        partialDaysUsed: 10,
        monthlyPrice: '800',
        partialMonthPolicy: 'days_30',
        consumed: '266.6666666666666666666666666666666666667',
        refund: '533.33',
      },
    });
    const reply = await refund('example', 'standard', 'refund-example');
    expect(reply).toMatchObject({
      status: 201,
      body: { type: 'standard', amount: '533.33', cash: '533.33', gift: '0.00', forfeitedVoucher: '0.00' },
    });
    expect(await wallet(system, orders.example.accountId)).toMatchObject({ cash: '533.33' });
    const again = await refund('example', 'standard', 'refund-example');
    expect(again).toMatchObject({ status: 201, body: { id: reply.body.id } });
    expect(await wallet(system, orders.example.accountId)).toMatchObject({ cash: '533.33' });
    expect(await refund('example', 'standard')).toMatchObject({ status: 409, body: { reason: 'already_refunded' } });
    expect(
      (
        await system.request(
          'GET',
          `/v1/subscriptions/${(await system.request('GET', `/v1/orders/${orders.example.id}`)).body.subscriptionId}`,
        )
      ).body.status,
    ).toBe('refunded');
  });

  it('refunds 133.33 of an order paid 400.00 by voucher and 400.00 in cash, on day 10 (SPEC.md 9)', async () => {
    expect((await quote('halfVoucher', 'standard')).body).toMatchObject({
      amount: '133.33',
      breakdown: { paidCurrent: '400', refund: '133.33' },
    });
    const reply = await refund('halfVoucher', 'standard', 'refund-half-voucher');
    expect(reply).toMatchObject({ status: 201, body: { amount: '133.33', cash: '133.33', gift: '0.00', forfeitedVoucher: '400.00' } });
    expect(await wallet(system, orders.halfVoucher.accountId)).toMatchObject({ cash: '133.33', gift: '0.00' });
  });

  it('splits a standard refund over cash and gift in the proportion paid', async () => {
    expect((await refund('split', 'standard')).body).toMatchObject({ amount: '533.33', cash: '400.00', gift: '133.33' });
    expect(await wallet(system, orders.split.accountId)).toMatchObject({ cash: '400.00', gift: '133.33' });
  });

  it('lets a refunded app buy a plan again, and refuses refunds of what is not prepaid', async () => {
    await system.request('POST', `/v1/accounts/${orders.example.accountId}/top-ups`, { amount: '800.00', kind: 'cash' }, system.adminKey, {
      'idempotency-key': 'again',
    });
    expect(
      (await buyPrepaid(system, { accountId: orders.example.accountId, appId: orders.example.appId, units: 1, months: 1 })).body,
    ).toMatchObject({ status: 'paid' });
    expect((await system.prisma.application.findUniqueOrThrow({ where: { id: orders.example.appId } })).state).toMatch(/deploying|active/);

    const payg = await anApplication(system).forAccount(orders.example.accountId).create();
    const activation = await system.request(
      'POST',
      '/v1/orders/payg',
      { accountId: orders.example.accountId, appIds: [payg.id] },
      system.adminKey,
      freshKey(),
    );
    expect(
      await system.request('POST', `/v1/orders/${activation.body.id}/refunds`, { type: 'standard' }, system.adminKey, freshKey()),
    ).toMatchObject({
      status: 409,
      body: { code: 'REFUND_NOT_ALLOWED', reason: 'not_prepaid' },
    });
    expect(
      (await system.request('POST', `/v1/orders/${orders.split.id}/refunds`, { type: 'all' }, system.adminKey, freshKey())).body,
    ).toMatchObject({ code: 'VALIDATION_FAILED', field: 'type' });
  });
});
