import fc from 'fast-check';
import { INITIAL_PRICE_BOOK as book } from '../../../../prisma/seed/price-book.data';
import { addDays } from '../clock/calendar';
import { money } from '../money/money';
import { monthlyPrice } from '../pricing/pricing.rules';
import { addMonths } from '../subscriptions/subscription.rules';
import { RefundableOrder, standardDecision, standardRefundTerms } from './refund.rules';

const START = '2026-03-01';
const cents = (n: number) => money(n).dividedBy(100);

/** One prepaid purchase of `units` for `months`, paid in a random mix of voucher, gift and cash that sums to its price. */
const purchase = fc
  .record({
    units: fc.integer({ min: 1, max: 300 }),
    months: fc.constantFrom(1, 2, 3, 6, 12, 24),
    region: fc.constantFrom('ap-guangzhou' as const, 'ap-singapore' as const),
    voucherShare: fc.integer({ min: 0, max: 100 }),
    giftShare: fc.integer({ min: 0, max: 100 }),
    usedDays: fc.integer({ min: 0, max: 800 }),
  })
  .map(({ units, months, region, voucherShare, giftShare, usedDays }) => {
    const price = monthlyPrice(book, region, units, months).amount.times(months).toDecimalPlaces(2);
    const priceCents = price.times(100).toNumber();
    const voucher = Math.floor((priceCents * voucherShare) / 100);
    const gift = Math.floor(((priceCents - voucher) * giftShare) / 100);
    const order: RefundableOrder = {
      id: 'o1',
      purpose: 'purchase',
      status: 'paid',
      amount: price,
      units,
      months,
      serviceStartsOn: START,
      serviceEndsOn: addMonths(START, months),
      boughtOn: START,
      priceBookVersion: book.version,
      paid: { voucher: cents(voucher), gift: cents(gift), cash: cents(priceCents - voucher - gift) },
      refundBlocked: false,
      refundBlockReason: null,
    };
    return { order, region, today: addDays(START, usedDays) };
  });

describe('standard refund over random payment mixes and usage', () => {
  it('never gives back more than was paid in cash and gift, in either, and never a negative amount', () => {
    fc.assert(
      fc.property(purchase, ({ order, region, today }) => {
        const decision = standardDecision(book, region, standardRefundTerms([order], today), today);
        expect(decision.cash.greaterThanOrEqualTo(0) && decision.gift.greaterThanOrEqualTo(0)).toBe(true);
        expect(decision.cash.lessThanOrEqualTo(order.paid.cash)).toBe(true);
        expect(decision.gift.lessThanOrEqualTo(order.paid.gift)).toBe(true);
        expect(decision.amount.equals(decision.cash.plus(decision.gift))).toBe(true);
        // Vouchers never come back: all of a running order's voucher part is forfeited.
        expect(decision.forfeitedVoucher.toFixed(2)).toBe(today < order.serviceEndsOn ? order.paid.voucher.toFixed(2) : '0.00');
      }),
      { numRuns: 500 },
    );
  });

  it('takes the consumed amount in full from what was paid in cash and gift', () => {
    fc.assert(
      fc.property(purchase, ({ order, region, today }) => {
        const decision = standardDecision(book, region, standardRefundTerms([order], today), today);
        const paid = order.paid.cash.plus(order.paid.gift);
        const consumed = money((decision.breakdown as { consumed: string }).consumed);
        const expected = today < order.serviceEndsOn ? paid.minus(consumed) : money(0);
        expect(decision.amount.toFixed(2)).toBe((expected.lessThan(0) ? money(0) : expected).toFixed(2));
      }),
      { numRuns: 500 },
    );
  });
});
