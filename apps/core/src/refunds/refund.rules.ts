import type Decimal from 'decimal.js';
import { daysBetween } from '../clock/calendar';
import { money } from '../money/money';
import type { PriceBook, Region } from '../pricing/price-book';
import {
  PaymentMix,
  RefundSplit,
  isWithinNoQuestionsRefundWindow,
  monthlyPrice,
  noQuestionsRefund,
  splitRefund,
  standardRefund,
} from '../pricing/pricing.rules';
import type { RefundType } from '../pricing/quote.service';
import { addMonths } from '../subscriptions/subscription.rules';

/**
 * Refunds of prepaid plans (SPEC.md 9), pure. A refund ends the whole
 * subscription (the app is suspended after it), so it is computed over all of
 * the subscription's paid orders, whichever of them the request names.
 */

export type RefundRefusalReason =
  | 'not_prepaid'
  | 'already_refunded'
  | 'subscription_ended'
  | 'blocked'
  | 'already_used'
  | 'not_a_purchase'
  | 'has_later_orders'
  | 'window_passed'
  | 'nothing_to_refund';

export interface RefundRefusal {
  reason: RefundRefusalReason;
  message: string;
}

/** A prepaid order as refunds read it. */
export interface RefundableOrder {
  id: string;
  purpose: 'purchase' | 'renewal' | 'upgrade' | 'activation';
  status: 'paid' | 'refunded' | 'active';
  amount: Decimal;
  units: number;
  /** Null for an upgrade. */
  months: number | null;
  serviceStartsOn: string;
  serviceEndsOn: string;
  /** The billing date it was bought on (day 1 of the no-questions window). */
  boughtOn: string;
  priceBookVersion: string;
  paid: PaymentMix;
  refundBlockReason: string | null;
  refundBlocked: boolean;
}

export interface RefundCheck {
  /** The order the request names. */
  order: Pick<RefundableOrder, 'id' | 'purpose' | 'status' | 'boughtOn'> & { kind: 'prepaid' | 'postpaid' };
  subscriptionStatus: 'active' | 'ended' | 'refunded' | null;
  /** Every order of the subscription. */
  orders: RefundableOrder[];
  type: RefundType;
  today: string;
  /** The named order's price book: its no-questions window applies. */
  book: PriceBook;
  noQuestionsUsed: boolean;
}

export interface UsedPeriod {
  fullMonths: number;
  partialDays: number;
}

export interface RefundDecision extends RefundSplit {
  /** What comes back to the wallet: cash + gift. */
  amount: Decimal;
  breakdown: object;
}

/** Why the refund is refused, or null. */
export function refundRefusal(check: RefundCheck): RefundRefusal | null {
  const { order, orders, type } = check;
  if (order.kind !== 'prepaid')
    return { reason: 'not_prepaid', message: `order ${order.id} is not prepaid: only prepaid orders are refunded` };
  if (order.status === 'refunded' || check.subscriptionStatus === 'refunded') {
    return { reason: 'already_refunded', message: `the subscription of order ${order.id} was already refunded` };
  }
  if (check.subscriptionStatus === 'ended')
    return { reason: 'subscription_ended', message: `the subscription of order ${order.id} has ended` };
  const blocked = orders.find((o) => o.refundBlocked);
  if (blocked) {
    return {
      reason: 'blocked',
      message: `refunds of this subscription are blocked by an operator (order ${blocked.id}: ${blocked.refundBlockReason ?? 'abuse'})`,
    };
  }
  if (type === 'standard') return null;
  if (check.noQuestionsUsed) return { reason: 'already_used', message: 'the account has already used its no-questions refund' };
  if (order.purpose !== 'purchase')
    return { reason: 'not_a_purchase', message: `order ${order.id} is a ${order.purpose}: the no-questions refund is for a purchase` };
  if (orders.some((o) => o.id !== order.id && o.status === 'paid')) {
    return {
      reason: 'has_later_orders',
      message: `the subscription was renewed or upgraded since order ${order.id}: ask for a standard refund`,
    };
  }
  const dayNumber = daysBetween(order.boughtOn, check.today) + 1;
  if (!isWithinNoQuestionsRefundWindow(check.book, dayNumber)) {
    return {
      reason: 'window_passed',
      message: `the no-questions refund is open for ${check.book.noQuestionsRefundDays} days from the purchase (today is day ${dayNumber})`,
    };
  }
  return null;
}

/** Whole months and days of the partial month used since `startsOn`; the refund day counts as used. */
export function usedPeriod(startsOn: string, today: string): UsedPeriod {
  const usedUntil = daysBetween(startsOn, today) + 1;
  let fullMonths = 0;
  while (daysBetween(startsOn, addMonths(startsOn, fullMonths + 1)) <= usedUntil) fullMonths += 1;
  return { fullMonths, partialDays: daysBetween(addMonths(startsOn, fullMonths), today) + 1 };
}

/** The no-questions refund: everything the order took in cash and gift credit, never the vouchers. */
export function noQuestionsDecision(order: RefundableOrder): RefundDecision {
  const { amount, breakdown } = noQuestionsRefund(order.paid);
  return {
    amount,
    cash: breakdown.cash,
    gift: breakdown.gift,
    forfeitedVoucher: breakdown.forfeitedVoucher,
    breakdown: { orderId: order.id, ...breakdown },
  };
}

export interface StandardRefundTerms {
  /** The purchase or renewal whose period holds today, if any. */
  current: RefundableOrder | null;
  /** Renewals paid for a period after the current one. */
  notStarted: RefundableOrder[];
  /** Upgrades with days left, and what of each one's paid amount is unused (days left / days bought). */
  upgrades: { order: RefundableOrder; unused: Decimal }[];
}

/**
 * What an order was paid in cash and gift credit, after discounts and
 * vouchers: the base of the standard refund (SPEC.md 9). The voucher part is
 * never owed back, so it is no part of what a refund can return.
 */
export function paidAmount(order: RefundableOrder): Decimal {
  return order.paid.cash.plus(order.paid.gift);
}

/** How the standard refund reads the subscription's paid orders on `today`. */
export function standardRefundTerms(orders: RefundableOrder[], today: string): StandardRefundTerms {
  const paid = orders.filter((o) => o.status === 'paid');
  const terms = paid.filter((o) => o.purpose !== 'upgrade');
  return {
    current: terms.find((o) => o.serviceStartsOn <= today && today < o.serviceEndsOn) ?? null,
    notStarted: terms.filter((o) => o.serviceStartsOn > today),
    upgrades: paid
      .filter((o) => o.purpose === 'upgrade' && today < o.serviceEndsOn)
      .map((order) => {
        const bought = daysBetween(order.serviceStartsOn, order.serviceEndsOn);
        const left = Math.min(bought, daysBetween(today, order.serviceEndsOn) - 1);
        return { order, unused: bought > 0 ? paidAmount(order).times(Math.max(0, left)).dividedBy(bought) : money(0) };
      }),
  };
}

/**
 * The standard refund (SPEC.md 9): paid for the current period + paid for
 * periods not started (renewals, and the unused days of upgrades) - consumed,
 * never below 0, where "paid" is what the orders took in cash and gift credit
 * (vouchers excluded). Consumed: the current period's full months at its
 * order's monthly price (its size, its duration's discount, its price book)
 * and the partial month by the book's policy (days/30, or the days'
 * pay-as-you-go fees from `partialDaysDau`), charged in full against what was
 * paid. Back to cash and gift in the proportion they were paid; the vouchers
 * the orders used are forfeited.
 */
export function standardDecision(
  book: PriceBook,
  region: Region,
  terms: StandardRefundTerms,
  today: string,
  partialDaysDau?: number[],
): RefundDecision {
  const { current } = terms;
  const used = current ? usedPeriod(current.serviceStartsOn, today) : { fullMonths: 0, partialDays: 0 };
  const upgradesUnused = terms.upgrades.reduce((sum, u) => sum.plus(u.unused), money(0));
  const gross = standardRefund(book, {
    paidCurrent: current ? paidAmount(current) : money(0),
    paidNotStarted: terms.notStarted.reduce((sum, o) => sum.plus(paidAmount(o)), money(0)).plus(upgradesUnused),
    monthlyPrice: current ? monthlyPrice(book, region, current.units, current.months!).amount : money(0),
    fullMonthsUsed: used.fullMonths,
    partialDaysUsed: used.partialDays,
    partialDaysDau,
    region,
  });
  const counted = [...(current ? [current] : []), ...terms.notStarted, ...terms.upgrades.map((u) => u.order)];
  const paid = counted.reduce(
    (mix, o) => ({ cash: mix.cash.plus(o.paid.cash), gift: mix.gift.plus(o.paid.gift), voucher: mix.voucher.plus(o.paid.voucher) }),
    { cash: money(0), gift: money(0), voucher: money(0) },
  );
  const split = splitRefund(gross.amount, paid);
  return {
    amount: split.cash.plus(split.gift),
    ...split,
    breakdown: {
      ...gross.breakdown,
      refund: gross.amount,
      currentOrderId: current?.id ?? null,
      notStartedOrderIds: terms.notStarted.map((o) => o.id),
      upgradesUnused: terms.upgrades.map((u) => ({ orderId: u.order.id, unused: u.unused })),
      paid,
      cash: split.cash,
      gift: split.gift,
      forfeitedVoucher: split.forfeitedVoucher,
    },
  };
}
