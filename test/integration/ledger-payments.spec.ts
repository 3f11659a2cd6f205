import type Decimal from 'decimal.js';
import { Clock } from '../../apps/core/src/clock/clock';
import type { SimulatedClock } from '../../apps/core/src/clock/simulated-clock';
import { WRITE_TRANSACTION } from '../../apps/core/src/prisma/transaction';
import { LedgerService, PaymentRequest } from '../../apps/core/src/ledger/ledger.service';
import { money } from '../../apps/core/src/money/money';
import { anAccount } from '../support/builders/accounts';
import { TestSystem } from '../support/system';

describe('payments and refunds', () => {
  let system: TestSystem;
  let ledger: LedgerService;
  beforeAll(async () => {
    system = await TestSystem.start({ clockStart: '2026-06-01T10:00:00+08:00' });
    ledger = system.api.get(LedgerService);
  });
  afterAll(async () => system.stop());

  let keys = 0;
  const pay = (request: Partial<PaymentRequest> & { accountId: string; amount: Decimal }) =>
    system.prisma.$transaction(
      (tx) => ledger.pay(tx, { businessKey: `payment:test:${++keys}`, reference: 'order:test', allowNegativeCash: false, ...request }),
      WRITE_TRANSACTION,
    );
  const wallet = async (accountId: string) => {
    const row = await system.prisma.wallet.findUniqueOrThrow({ where: { accountId } });
    return { cash: row.cash.toFixed(2), gift: row.gift.toFixed(2) };
  };
  const remaining = async (voucherId: string) =>
    (await system.prisma.voucher.findUniqueOrThrow({ where: { id: voucherId } })).remaining.toFixed(2);
  const transactions = (accountId: string) => system.prisma.ledgerTransaction.count({ where: { accountId } });
  const asText = (split: { voucher: Decimal; gift: Decimal; cash: Decimal }) =>
    [split.voucher, split.gift, split.cash].map((d) => d.toFixed(2));

  it('spends the named vouchers in the order named, then gift credit, then cash', async () => {
    const { id, voucherIds } = await anAccount(system)
      .withCash('100.00')
      .withGift('20.00')
      .withVoucher('10.00')
      .withVoucher('5.00')
      .create();
    const payment = await pay({ accountId: id, amount: money('50.00'), voucherIds: [voucherIds[1], voucherIds[0]], reference: 'order:1' });
    expect(asText(payment.split)).toEqual(['15.00', '20.00', '15.00']);
    expect(payment.split.vouchers.map((v) => v.voucherId)).toEqual([voucherIds[1], voucherIds[0]]);
    expect(payment).toMatchObject({ kind: 'payment', accountId: id, reference: 'order:1' });
    expect(payment.entries.find((e) => e.book === 'platform_revenue')?.amount.toFixed(2)).toBe('50.00');
    expect(await wallet(id)).toEqual({ cash: '85.00', gift: '0.00' });
    expect([await remaining(voucherIds[0]), await remaining(voucherIds[1])]).toEqual(['0.00', '0.00']);
  });

  it('uses no voucher that is not named, and refuses one named after its expiry date (VOUCHER_EXPIRED), writing nothing', async () => {
    const clock = system.api.get(Clock) as SimulatedClock;
    const { id, voucherIds } = await anAccount(system).withCash('100.00').withVoucher('10.00', '2026-06-01').withVoucher('10.00').create();
    expect(asText((await pay({ accountId: id, amount: money('1.00') })).split)).toEqual(['0.00', '0.00', '1.00']);
    await clock.set(new Date('2026-06-02T00:00:00+08:00'));
    await expect(pay({ accountId: id, amount: money('4.00'), voucherIds })).rejects.toMatchObject({
      code: 'VOUCHER_EXPIRED',
      details: { field: 'voucherIds', voucherId: voucherIds[0] },
    });
    expect(await wallet(id)).toEqual({ cash: '99.00', gift: '0.00' });
    const payment = await pay({ accountId: id, amount: money('4.00'), voucherIds: [voucherIds[1]] });
    expect(payment.split.vouchers).toEqual([{ voucherId: voucherIds[1], amount: money('4.00') }]);
    expect(await remaining(voucherIds[0])).toBe('10.00');
  });

  it('refuses a voucher of another account or an unknown one, writing nothing', async () => {
    const { id } = await anAccount(system).withCash('100.00').create();
    const { voucherIds } = await anAccount(system).withVoucher('10.00').create();
    for (const ids of [voucherIds, ['4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11']]) {
      await expect(pay({ accountId: id, amount: money('5.00'), voucherIds: ids })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { field: 'voucherIds' },
      });
    }
    expect(await remaining(voucherIds[0])).toBe('10.00');
    expect(await wallet(id)).toEqual({ cash: '100.00', gift: '0.00' });
  });

  it('refuses a purchase the balance cannot cover, naming the shortfall, and writes nothing', async () => {
    const { id, voucherIds } = await anAccount(system).withCash('30.00').withGift('10.00').withVoucher('5.00').create();
    const before = await transactions(id);
    await expect(pay({ accountId: id, amount: money('50.00'), voucherIds })).rejects.toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
      status: 402,
      details: { shortfall: '5.00' },
    });
    expect(await transactions(id)).toBe(before);
    expect(await wallet(id)).toEqual({ cash: '30.00', gift: '10.00' });
    expect(await remaining(voucherIds[0])).toBe('5.00');
  });

  it('lets postpaid charges take cash below zero', async () => {
    const { id } = await anAccount(system).withCash('10.00').create();
    const payment = await pay({ accountId: id, amount: money('25.00'), allowNegativeCash: true });
    expect(asText(payment.split)).toEqual(['0.00', '0.00', '25.00']);
    expect(await wallet(id)).toEqual({ cash: '-15.00', gift: '0.00' });
  });

  it('answers a repeated business key with the first payment, even when the balance could not cover it now', async () => {
    const { id } = await anAccount(system).withCash('40.00').create();
    const first = await pay({ accountId: id, amount: money('40.00'), businessKey: 'payment:order:repeat' });
    const again = await pay({ accountId: id, amount: money('40.00'), businessKey: 'payment:order:repeat' });
    expect(again).toEqual(first);
    expect(await wallet(id)).toEqual({ cash: '0.00', gift: '0.00' });
    await expect(pay({ accountId: id, amount: money('41.00'), businessKey: 'payment:order:repeat' })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    });
  });

  it("writes nothing when the caller's transaction fails after the payment", async () => {
    const { id } = await anAccount(system).withCash('40.00').withBalanceAlertThreshold('30.00').create();
    const before = await transactions(id);
    await expect(
      system.prisma.$transaction(async (tx) => {
        await ledger.pay(tx, {
          accountId: id,
          amount: money('20.00'),
          businessKey: 'payment:order:rolled-back',
          reference: 'x',
          allowNegativeCash: false,
        });
        throw new Error('the order could not be created');
      }),
    ).rejects.toThrow('could not be created');
    expect(await transactions(id)).toBe(before);
    expect(await wallet(id)).toEqual({ cash: '40.00', gift: '0.00' });
    expect(await system.prisma.notification.count({ where: { accountId: id } })).toBe(0);
  });

  it('never overdraws under concurrent purchases', async () => {
    const { id } = await anAccount(system).withCash('100.00').create();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => pay({ accountId: id, amount: money('30.00') })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const refused of results.filter((r) => r.status === 'rejected')) {
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'INSUFFICIENT_BALANCE', details: { shortfall: '20.00' } });
    }
    expect(await wallet(id)).toEqual({ cash: '10.00', gift: '0.00' });
  });

  it('refunds cash and gift credit from revenue, once per business key', async () => {
    const { id } = await anAccount(system).withCash('10.00').create();
    await pay({ accountId: id, amount: money('30.00'), allowNegativeCash: true });
    const refund = (cash: string) =>
      system.prisma.$transaction((tx) =>
        ledger.refund(tx, { accountId: id, cash: money(cash), gift: money('5.00'), businessKey: 'refund:test', reference: 'order:9' }),
      );
    const first = await refund('25.00');
    expect(first.entries.map((e) => [e.book, e.amount.toFixed(2)])).toEqual([
      ['customer_cash', '25.00'],
      ['customer_gift', '5.00'],
      ['platform_revenue', '-30.00'],
    ]);
    expect(await refund('25.00')).toEqual(first);
    await expect(refund('26.00')).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect(await wallet(id)).toEqual({ cash: '5.00', gift: '5.00' });
    expect((await system.prisma.wallet.findUniqueOrThrow({ where: { accountId: id } })).arrearsSince).toBeNull();
  });

  it('answers NOT_FOUND for an unknown account', async () => {
    await expect(pay({ accountId: '4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11', amount: money('1.00') })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(ledger.topUp('4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11', money('1.00'), 'cash', 'top-up:x')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
