import type Decimal from 'decimal.js';
import { INITIAL_PRICE_BOOK as book } from '../../../../prisma/seed/price-book.data';
import { money } from '../money/money';
import type { PriceBook } from '../pricing/price-book';
import {
  RefundCheck,
  RefundableOrder,
  noQuestionsDecision,
  refundRefusal,
  standardDecision,
  standardRefundTerms,
  usedPeriod,
} from './refund.rules';

const order = (over: Partial<RefundableOrder> = {}): RefundableOrder => ({
  id: 'o1',
  purpose: 'purchase',
  status: 'paid',
  amount: money(800),
  units: 1,
  months: 1,
  serviceStartsOn: '2026-03-01',
  serviceEndsOn: '2026-04-01',
  boughtOn: '2026-03-01',
  priceBookVersion: book.version,
  paid: { cash: money(800), gift: money(0), voucher: money(0) },
  refundBlocked: false,
  refundBlockReason: null,
  ...over,
});
const check = (over: Partial<RefundCheck> = {}): RefundCheck => {
  const named = order();
  return {
    order: { ...named, kind: 'prepaid' },
    subscriptionStatus: 'active',
    orders: [named],
    type: 'no-questions',
    today: '2026-03-03',
    book,
    noQuestionsUsed: false,
    ...over,
  };
};
const cents = (amount: Decimal) => amount.toFixed(2);

describe('refund rules', () => {
  it('counts whole months and the partial month used, the refund day included', () => {
    expect(usedPeriod('2026-03-01', '2026-03-10')).toEqual({ fullMonths: 0, partialDays: 10 });
    expect(usedPeriod('2026-03-01', '2026-03-31')).toEqual({ fullMonths: 1, partialDays: 0 });
    expect(usedPeriod('2026-03-01', '2026-04-15')).toEqual({ fullMonths: 1, partialDays: 15 });
    expect(usedPeriod('2026-01-31', '2026-02-27')).toEqual({ fullMonths: 1, partialDays: 0 });
    expect(usedPeriod('2026-03-01', '2026-03-01')).toEqual({ fullMonths: 0, partialDays: 1 });
  });

  it('refuses with the reason', () => {
    expect(refundRefusal(check())).toBeNull();
    expect(refundRefusal(check({ order: { ...order(), kind: 'postpaid' } }))?.reason).toBe('not_prepaid');
    expect(refundRefusal(check({ subscriptionStatus: 'refunded' }))?.reason).toBe('already_refunded');
    expect(refundRefusal(check({ subscriptionStatus: 'ended' }))?.reason).toBe('subscription_ended');
    expect(refundRefusal(check({ orders: [order({ refundBlocked: true, refundBlockReason: 'abuse' })] }))).toMatchObject({
      reason: 'blocked',
      message: expect.stringContaining('abuse'),
    });
    expect(refundRefusal(check({ noQuestionsUsed: true }))?.reason).toBe('already_used');
    expect(refundRefusal(check({ order: { ...order({ purpose: 'renewal' }), kind: 'prepaid' } }))?.reason).toBe('not_a_purchase');
    expect(refundRefusal(check({ orders: [order(), order({ id: 'o2', purpose: 'renewal' })] }))?.reason).toBe('has_later_orders');
    expect(refundRefusal(check({ today: '2026-03-05' }))).toBeNull();
    expect(refundRefusal(check({ today: '2026-03-06' }))?.reason).toBe('window_passed');
    expect(refundRefusal(check({ today: '2026-03-06', type: 'standard', noQuestionsUsed: true }))).toBeNull();
  });

  it('gives back all cash and gift of a no-questions refund, never the voucher', () => {
    const decision = noQuestionsDecision(order({ paid: { cash: money(400), gift: money(300), voucher: money(100) } }));
    expect([cents(decision.amount), cents(decision.cash), cents(decision.gift), cents(decision.forfeitedVoucher)]).toEqual([
      '700.00',
      '400.00',
      '300.00',
      '100.00',
    ]);
  });

  it('holds the SPEC.md 2.4 example: 800.00 for a month, 10 days used, gives 533.33', () => {
    const decision = standardDecision(book, 'ap-guangzhou', standardRefundTerms([order()], '2026-03-10'), '2026-03-10');
    expect(cents(decision.amount)).toBe('533.33');
    expect(cents(decision.cash)).toBe('533.33');
  });

  it('adds renewals not started and the unused days of upgrades, and splits in the proportion paid', () => {
    const orders = [
      order({ paid: { cash: money(600), gift: money(200), voucher: money(0) } }),
      order({
        id: 'up',
        purpose: 'upgrade',
        amount: money(310),
        units: 2,
        months: null,
        serviceStartsOn: '2026-03-01',
        serviceEndsOn: '2026-04-01',
        paid: { cash: money(310), gift: money(0), voucher: money(0) },
      }),
      order({
        id: 'next',
        purpose: 'renewal',
        units: 2,
        amount: money(1600),
        serviceStartsOn: '2026-04-01',
        serviceEndsOn: '2026-05-01',
        paid: { cash: money(1000), gift: money(0), voucher: money(600) },
      }),
    ];
    const terms = standardRefundTerms(orders, '2026-03-10');
    expect(terms.current?.id).toBe('o1');
    expect(terms.notStarted.map((o) => o.id)).toEqual(['next']);
    // The upgrade bought 31 days, 10 used: 21/31 of 310.
    expect(cents(terms.upgrades[0].unused)).toBe('210.00');
    const decision = standardDecision(book, 'ap-guangzhou', terms, '2026-03-10');
    // Paid in cash and gift: 800 + 1000 (the renewal's 600 voucher is no part of it) + 210 - 800 x 10/30 = 1743.33,
    // back as 1910 cash to 200 gift; the 600 of vouchers is forfeited.
    expect(cents(decision.amount)).toBe('1743.33');
    expect([cents(decision.cash), cents(decision.gift), cents(decision.forfeitedVoucher)]).toEqual(['1578.09', '165.24', '600.00']);
  });

  it('holds the SPEC.md 9 example: 800.00 paid as a 400.00 voucher and 400.00 cash, day 10, gives 133.33 in cash', () => {
    const paid = order({ paid: { cash: money(400), gift: money(0), voucher: money(400) } });
    const decision = standardDecision(book, 'ap-guangzhou', standardRefundTerms([paid], '2026-03-10'), '2026-03-10');
    expect([cents(decision.amount), cents(decision.cash), cents(decision.gift), cents(decision.forfeitedVoucher)]).toEqual([
      '133.33',
      '133.33',
      '0.00',
      '400.00',
    ]);
  });

  it('refunds nothing after E, and prices the partial month at pay-as-you-go fees under that policy', () => {
    expect(cents(standardDecision(book, 'ap-guangzhou', standardRefundTerms([order()], '2026-04-03'), '2026-04-03').amount)).toBe('0.00');
    const payg: PriceBook = { ...book, partialMonthPolicy: 'payg' };
    // Three days at 500, 5,000 and 40,000 DAU: 0 + 32 + 128.
    const decision = standardDecision(payg, 'ap-guangzhou', standardRefundTerms([order()], '2026-03-03'), '2026-03-03', [500, 5000, 40000]);
    expect(cents(decision.amount)).toBe('640.00');
  });
});
