import type Decimal from 'decimal.js';
import { DateTime } from 'luxon';
import { addDays, billingDate, daysBetween } from '../clock/calendar';
import { money } from '../money/money';
import type { PriceBook, Region } from '../pricing/price-book';
import { paygDailyFee } from '../pricing/pricing.rules';

/** Settlement of a day runs at this hour of the next day (billing time zone). */
export const SETTLEMENT_HOUR = 6;

/** The latest billing day whose settlement time has come by `now`. */
export function lastSettleableDay(now: Date, tz: string): string {
  const shifted = DateTime.fromJSDate(now, { zone: tz }).minus({ hours: SETTLEMENT_HOUR }).toJSDate();
  return addDays(billingDate(shifted, tz), -1);
}

/**
 * The days still to settle through `target`, oldest first: every day after the
 * last closed one (days missed while the worker was down catch up in order); on
 * the very first run, the target day alone.
 */
export function daysToSettle(lastClosed: string | null, target: string): string[] {
  const first = lastClosed ? addDays(lastClosed, 1) : target;
  const count = daysBetween(first, target) + 1;
  return Array.from({ length: Math.max(count, 0) }, (_, i) => addDays(first, i));
}

/**
 * Splits the ordered account ids into contiguous ranges of about `size`
 * accounts. A range is (after, upTo]; the first starts below every id and the
 * last ends above every id, so the ranges cover all accounts, even ones that
 * appear after planning.
 */
export function planChunks(accountIds: string[], size: number): { after: string | null; upTo: string | null }[] {
  const chunks: { after: string | null; upTo: string | null }[] = [];
  for (let start = 0; start < accountIds.length; start += size) {
    const last = start + size >= accountIds.length;
    chunks.push({ after: start === 0 ? null : accountIds[start - 1], upTo: last ? null : accountIds[start + size - 1] });
  }
  return chunks.length ? chunks : [{ after: null, upTo: null }];
}

export interface BillableApp {
  appId: string;
  accountId: string;
  region: Region;
  dau: number;
  /** Charged days before this one (the loyalty counter of the app's latest bill). */
  chargedDays: number;
}

export interface PricedBill {
  appId: string;
  accountId: string;
  region: Region;
  dau: number;
  chargedDay: number | null;
  chargedDaysTotal: number;
  amount: Decimal;
}

/** Prices each app's day with the one set of pricing rules; the loyalty counter moves only on charged days. */
export function priceBills(book: PriceBook, apps: BillableApp[]): PricedBill[] {
  return apps.map((app) => {
    const fee = paygDailyFee(book, app.region, app.dau, app.chargedDays + 1);
    const chargedDaysTotal = app.chargedDays + (fee.countsAsUsageDay ? 1 : 0);
    return {
      appId: app.appId,
      accountId: app.accountId,
      region: app.region,
      dau: app.dau,
      chargedDay: fee.countsAsUsageDay ? chargedDaysTotal : null,
      chargedDaysTotal,
      amount: fee.amount,
    };
  });
}

export interface AccountCharge {
  accountId: string;
  total: Decimal;
  gift: Decimal;
  cash: Decimal;
}

/** A postpaid charge takes gift credit first, then cash, which may go below zero (arrears). */
export function chargeAccounts(bills: PricedBill[], giftBalances: Map<string, Decimal>): AccountCharge[] {
  const totals = new Map<string, Decimal>();
  for (const bill of bills) {
    if (bill.amount.isZero()) continue;
    totals.set(bill.accountId, (totals.get(bill.accountId) ?? money(0)).plus(bill.amount));
  }
  return [...totals].map(([accountId, total]) => {
    const available = giftBalances.get(accountId) ?? money(0);
    const gift = available.lessThanOrEqualTo(0) ? money(0) : available.lessThan(total) ? available : total;
    return { accountId, total, gift, cash: total.minus(gift) };
  });
}
