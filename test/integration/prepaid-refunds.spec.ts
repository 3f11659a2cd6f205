import { addDays } from '../../apps/core/src/clock/calendar';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { buyPrepaid, eventually, notices, wallet } from '../support/prepaid';
import { randomUUID } from 'node:crypto';
import { answer, invalid, Schemas } from '../support/api-client';
import { TestSystem } from '../support/system';

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
    orders[name] = { id: reply.data!.id, appId: app.id, accountId: id };
  };
  type RefundType = Schemas['RefundDto']['type'];
  const refundOrder = (id: string, type: RefundType, key: string = randomUUID()) =>
    answer(system.http.POST('/v1/orders/{id}/refunds', { params: { path: { id }, header: { 'Idempotency-Key': key } }, body: { type } }));
  const refund = (name: string, type: RefundType, key?: string) => refundOrder(orders[name].id, type, key);
  const quote = (name: string, type: RefundType) =>
    answer(system.http.POST('/v1/quotes', { body: { kind: 'refund', orderId: orders[name].id, type } }));
  const advanceTo = async (day: string) =>
    expect((await answer(system.http.POST('/v1/clock/advance', { body: { to: at(day) } }))).status).toBe(200);
  const orderOf = async (id: string) => (await answer(system.http.GET('/v1/orders/{id}', { params: { path: { id } } }))).data!;
  const refundBlock = (id: string, reason: string, key: string) =>
    answer(system.as(key).POST('/v1/orders/{id}/refund-block', { params: { path: { id } }, body: { reason } }));

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
    expect((await quote('noQuestions', 'no-questions')).data).toMatchObject({
      amount: '700.00',
      breakdown: { cash: '400', gift: '300', forfeitedVoucher: '100' },
    });
    const reply = await refund('noQuestions', 'no-questions');
    expect(reply).toMatchObject({
      status: 201,
      data: {
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

    const app = (await answer(system.http.GET('/v1/apps/{id}', { params: { path: { id: orders.noQuestions.appId } } }))).data;
    expect(app).toMatchObject({ state: 'suspended', suspensionReason: 'refunded', plan: 'prepaid', subscription: null });
    expect((await orderOf(orders.noQuestions.id)).status).toBe('refunded');
    expect((await notices(system, orders.noQuestions.appId)).slice(1)).toEqual([
      ['refund_done', addDays(P, 2)],
      ['suspension_notice', addDays(P, 2)],
    ]);

    expect(await refund('secondOfAccount', 'no-questions')).toMatchObject({
      status: 409,
      error: { code: 'REFUND_NOT_ALLOWED', reason: 'already_used' },
    });
    expect(await refund('noQuestions', 'standard')).toMatchObject({ status: 409, error: { reason: 'already_refunded' } });
  });

  it('opens the no-questions window for 5 days, the purchase day being day 1', async () => {
    await advanceTo(addDays(P, 4));
    expect(await quote('boundary', 'no-questions')).toMatchObject({ status: 200, data: { amount: '800.00' } });
    await advanceTo(addDays(P, 5));
    expect(await refund('boundary', 'no-questions')).toMatchObject({
      status: 409,
      error: { code: 'REFUND_NOT_ALLOWED', reason: 'window_passed' },
    });
  });

  it('lets operators block the refund of an order flagged as abuse', async () => {
    const readonly = await system.newKey('readonly');
    expect((await refundBlock(orders.blocked.id, 'abuse', readonly)).status).toBe(403);
    const ops = await system.newKey('ops');
    const blocked = await refundBlock(orders.blocked.id, 'repeated buy-and-refund', ops);
    expect(blocked).toMatchObject({ status: 200, data: { refundBlocked: { reason: 'repeated buy-and-refund' } } });
    expect(await refund('blocked', 'standard')).toMatchObject({ status: 409, error: { code: 'REFUND_NOT_ALLOWED', reason: 'blocked' } });
    expect(await quote('blocked', 'standard')).toMatchObject({ status: 409, error: { reason: 'blocked' } });
    expect((await system.prisma.application.findUniqueOrThrow({ where: { id: orders.blocked.appId } })).state).toBe('active');
  });

  it('refunds 533.33 of 1 unit for 1 month (800.00, domestic) after 10 used days (SPEC.md 2.4)', async () => {
    await advanceTo(addDays(P, 9));
    expect((await quote('example', 'standard')).data).toMatchObject({
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
      data: { type: 'standard', amount: '533.33', cash: '533.33', gift: '0.00', forfeitedVoucher: '0.00' },
    });
    expect(await wallet(system, orders.example.accountId)).toMatchObject({ cash: '533.33' });
    const again = await refund('example', 'standard', 'refund-example');
    expect(again).toMatchObject({ status: 201, data: { id: reply.data!.id } });
    expect(await wallet(system, orders.example.accountId)).toMatchObject({ cash: '533.33' });
    expect(await refund('example', 'standard')).toMatchObject({ status: 409, error: { reason: 'already_refunded' } });
    const subscriptionId = (await orderOf(orders.example.id)).subscriptionId!;
    expect((await answer(system.http.GET('/v1/subscriptions/{id}', { params: { path: { id: subscriptionId } } }))).data!.status).toBe(
      'refunded',
    );
  });

  it('refunds 133.33 of an order paid 400.00 by voucher and 400.00 in cash, on day 10 (SPEC.md 9)', async () => {
    expect((await quote('halfVoucher', 'standard')).data).toMatchObject({
      amount: '133.33',
      breakdown: { paidCurrent: '400', refund: '133.33' },
    });
    const reply = await refund('halfVoucher', 'standard', 'refund-half-voucher');
    expect(reply).toMatchObject({ status: 201, data: { amount: '133.33', cash: '133.33', gift: '0.00', forfeitedVoucher: '400.00' } });
    expect(await wallet(system, orders.halfVoucher.accountId)).toMatchObject({ cash: '133.33', gift: '0.00' });
  });

  it('splits a standard refund over cash and gift in the proportion paid', async () => {
    expect((await refund('split', 'standard')).data).toMatchObject({ amount: '533.33', cash: '400.00', gift: '133.33' });
    expect(await wallet(system, orders.split.accountId)).toMatchObject({ cash: '400.00', gift: '133.33' });
  });

  it('lets a refunded app buy a plan again, and refuses refunds of what is not prepaid', async () => {
    await system.http.POST('/v1/accounts/{id}/top-ups', {
      params: { path: { id: orders.example.accountId }, header: { 'Idempotency-Key': 'again' } },
      body: { amount: '800.00', kind: 'cash' },
    });
    expect(
      (await buyPrepaid(system, { accountId: orders.example.accountId, appId: orders.example.appId, units: 1, months: 1 })).data,
    ).toMatchObject({ status: 'paid' });
    expect((await system.prisma.application.findUniqueOrThrow({ where: { id: orders.example.appId } })).state).toMatch(/deploying|active/);

    const payg = await anApplication(system).forAccount(orders.example.accountId).create();
    const activation = await answer(
      system.http.POST('/v1/orders/payg', {
        params: { header: { 'Idempotency-Key': randomUUID() } },
        body: { accountId: orders.example.accountId, appIds: [payg.id] },
      }),
    );
    expect(await refundOrder(activation.data!.id, 'standard')).toMatchObject({
      status: 409,
      error: { code: 'REFUND_NOT_ALLOWED', reason: 'not_prepaid' },
    });
    expect((await refund('split', invalid('all'))).error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'type' });
  });
});
