import type Decimal from 'decimal.js';
import { DomainError } from '../errors/domain-error';
import { allocate, money, roundMoney } from '../money/money';
import type { PartialMonthPolicy, PriceBook, Region, RegionPrices } from './price-book';

/**
 * Pure pricing rules of SPEC.md sections 2, 5 and 9. Every figure comes from the
 * price book; amounts are computed at full precision and rounded once, last.
 */

/** An input the price book does not sell (units, months, DAU...): a validation error naming the field. */
export class PricingRuleError extends DomainError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('VALIDATION_FAILED', message, { field });
    this.name = 'PricingRuleError';
  }
}

export interface Priced<B> {
  amount: Decimal;
  breakdown: B;
}

export interface PaymentMix {
  cash: Decimal;
  gift: Decimal;
  voucher: Decimal;
}

export type PaygBand = 'free' | 'fixed' | 'per_dau';

export interface MonthlyPriceBreakdown {
  priceBookVersion: string;
  region: Region;
  units: number;
  unitPrice: Decimal;
  purchasedMonths: number;
  discount: Decimal;
}

export interface PrepaidPriceBreakdown {
  priceBookVersion: string;
  region: Region;
  units: number;
  unitPrice: Decimal;
  months: number;
  discount: Decimal;
}

export interface PaygDailyFeeBreakdown {
  priceBookVersion: string;
  region: Region;
  dau: number;
  band: PaygBand;
  /** The fixed daily fee, the per-DAU fee, or 0 on a free day. */
  bandRate: Decimal;
  /** Null on a free day: free days are not charged days. */
  chargedDay: number | null;
  loyaltyDiscount: Decimal | null;
}

export interface PaygDailyFee extends Priced<PaygDailyFeeBreakdown> {
  countsAsUsageDay: boolean;
}

export interface UpgradeInput {
  oldUnits: number;
  newUnits: number;
  purchasedMonths: number;
  remainingDays: number;
}

export interface UpgradeCostBreakdown {
  priceBookVersion: string;
  region: Region;
  oldUnits: number;
  newUnits: number;
  purchasedMonths: number;
  oldDiscount: Decimal;
  newDiscount: Decimal;
  oldMonthlyPrice: Decimal;
  newMonthlyPrice: Decimal;
  remainingDays: number;
  averageMonthDays: Decimal;
  /** True when the larger size is cheaper per month (a better discount row): no credit is given. */
  flooredAtZero: boolean;
}

export interface StandardRefundInput {
  paidCurrent: Decimal;
  paidNotStarted: Decimal;
  /** The current order's monthly price, discount included. */
  monthlyPrice: Decimal;
  fullMonthsUsed: number;
  partialDaysUsed: number;
  /** One DAU figure per used day of the partial month; required under the 'payg' policy. */
  partialDaysDau?: number[];
  /** The app's region; required under the 'payg' policy. */
  region?: Region;
}

export interface StandardRefundBreakdown {
  priceBookVersion: string;
  partialMonthPolicy: PartialMonthPolicy;
  paidCurrent: Decimal;
  paidNotStarted: Decimal;
  monthlyPrice: Decimal;
  fullMonthsUsed: number;
  partialDaysUsed: number;
  fullMonthsConsumed: Decimal;
  partialMonthConsumed: Decimal;
  consumed: Decimal;
  flooredAtZero: boolean;
}

export interface RefundSplit {
  cash: Decimal;
  gift: Decimal;
  forfeitedVoucher: Decimal;
}

const DAYS_PER_YEAR = 365;
const MONTHS_PER_YEAR = 12;
const DAYS_PER_PARTIAL_MONTH = 30;

function requireInteger(field: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new PricingRuleError(field, `${field} must be an integer >= ${min} (got ${value})`);
  }
  return value;
}

function requireAmount(field: string, value: Decimal): Decimal {
  const amount = money(value);
  if (!amount.isFinite() || amount.lessThan(0)) {
    throw new PricingRuleError(field, `${field} must be a non-negative amount (got ${value.toString()})`);
  }
  return amount;
}

function pricesOf(book: PriceBook, region: Region): RegionPrices {
  const prices = book.regions[region];
  if (!prices) throw new PricingRuleError('region', `price book ${book.version} has no prices for region ${region}`);
  return prices;
}

/** Capacity below one unit is still sold as one unit (SPEC.md 2.1). */
export function billableUnits(book: PriceBook, dau: number): number {
  requireInteger('dau', dau, 0);
  return Math.max(book.prepaidMinUnits, Math.ceil(dau / book.unitDau));
}

/** The table cell with the greatest minUnits <= units, then the greatest minMonths <= months. */
export function prepaidDiscount(prices: RegionPrices, units: number, months: number): Decimal {
  const eligible = prices.prepaidDiscounts.filter((t) => t.minUnits <= units && t.minMonths <= months);
  if (eligible.length === 0) {
    throw new PricingRuleError('units', `no prepaid discount in ${prices.region} covers ${units} units x ${months} months`);
  }
  const best = eligible.reduce((a, b) => (b.minUnits > a.minUnits || (b.minUnits === a.minUnits && b.minMonths > a.minMonths) ? b : a));
  return money(best.discount);
}

/** The row with the greatest fromChargedDay <= chargedDay. */
export function loyaltyDiscount(prices: RegionPrices, chargedDay: number): Decimal {
  const eligible = prices.loyaltyDiscounts.filter((t) => t.fromChargedDay <= chargedDay);
  if (eligible.length === 0) {
    throw new PricingRuleError('chargedDay', `no loyalty discount in ${prices.region} covers charged day ${chargedDay}`);
  }
  const best = eligible.reduce((a, b) => (b.fromChargedDay > a.fromChargedDay ? b : a));
  return money(best.discount);
}

/**
 * Unrounded, because it only ever feeds other figures (upgrades, refunds) that
 * are rounded themselves. The discount column is the subscription's purchased
 * duration, which need not be on sale any more.
 */
export function monthlyPrice(book: PriceBook, region: Region, units: number, purchasedMonths: number): Priced<MonthlyPriceBreakdown> {
  const prices = pricesOf(book, region);
  requireInteger('units', units, book.prepaidMinUnits);
  requireInteger('months', purchasedMonths, 1);
  const unitPrice = money(prices.prepaidUnitPrice);
  const discount = prepaidDiscount(prices, units, purchasedMonths);
  return {
    amount: unitPrice.times(units).times(discount),
    breakdown: { priceBookVersion: book.version, region, units, unitPrice, purchasedMonths, discount },
  };
}

export function prepaidPrice(book: PriceBook, region: Region, units: number, months: number): Priced<PrepaidPriceBreakdown> {
  const prices = pricesOf(book, region);
  requireInteger('units', units, book.prepaidMinUnits);
  if (!book.prepaidMonthsOnSale.includes(months)) {
    throw new PricingRuleError('months', `${months} months is not on sale (${book.prepaidMonthsOnSale.join(', ')})`);
  }
  const unitPrice = money(prices.prepaidUnitPrice);
  const discount = prepaidDiscount(prices, units, months);
  return {
    amount: roundMoney(unitPrice.times(units).times(months).times(discount)),
    breakdown: { priceBookVersion: book.version, region, units, unitPrice, months, discount },
  };
}

/** The day's fee before rounding, so that sums of days (refunds) are rounded only once. */
function exactPaygDailyFee(book: PriceBook, region: Region, dau: number, chargedDay: number): PaygDailyFee {
  const prices = pricesOf(book, region);
  requireInteger('dau', dau, 0);
  const priceBookVersion = book.version;
  if (dau <= prices.paygFreeMaxDau) {
    return {
      amount: money(0),
      countsAsUsageDay: false,
      breakdown: { priceBookVersion, region, dau, band: 'free', bandRate: money(0), chargedDay: null, loyaltyDiscount: null },
    };
  }
  requireInteger('chargedDay', chargedDay, 1);
  const band: PaygBand = dau <= prices.paygFixedMaxDau ? 'fixed' : 'per_dau';
  const bandRate = money(band === 'fixed' ? prices.paygFixedDailyFee : prices.paygPerDauFee);
  const baseFee = band === 'fixed' ? bandRate : bandRate.times(dau);
  const discount = loyaltyDiscount(prices, chargedDay);
  return {
    amount: baseFee.times(discount),
    countsAsUsageDay: true,
    breakdown: { priceBookVersion, region, dau, band, bandRate, chargedDay, loyaltyDiscount: discount },
  };
}

/** chargedDay: the app's count of charged pay-as-you-go days, this day included (ignored on free days). */
export function paygDailyFee(book: PriceBook, region: Region, dau: number, chargedDay: number): PaygDailyFee {
  const day = exactPaygDailyFee(book, region, dau, chargedDay);
  return { ...day, amount: roundMoney(day.amount) };
}

/** SPEC.md 5: (new monthly price - old monthly price) x remaining days / (365/12). */
export function upgradeCost(book: PriceBook, region: Region, input: UpgradeInput): Priced<UpgradeCostBreakdown> {
  const { oldUnits, newUnits, purchasedMonths, remainingDays } = input;
  const before = monthlyPrice(book, region, oldUnits, purchasedMonths);
  requireInteger('units', newUnits, book.prepaidMinUnits);
  if (newUnits <= oldUnits) {
    throw new PricingRuleError('units', `an upgrade must raise the units above ${oldUnits}; downgrades are not sold`);
  }
  requireInteger('remainingDays', remainingDays, 0);
  const after = monthlyPrice(book, region, newUnits, purchasedMonths);
  // Dividing by 365 last keeps the figure exact until the single rounding.
  const prorated = after.amount.minus(before.amount).times(remainingDays).times(MONTHS_PER_YEAR).dividedBy(DAYS_PER_YEAR);
  const flooredAtZero = prorated.lessThan(0);
  return {
    amount: roundMoney(flooredAtZero ? money(0) : prorated),
    breakdown: {
      priceBookVersion: book.version,
      region,
      oldUnits,
      newUnits,
      purchasedMonths,
      oldDiscount: before.breakdown.discount,
      newDiscount: after.breakdown.discount,
      oldMonthlyPrice: before.amount,
      newMonthlyPrice: after.amount,
      remainingDays,
      averageMonthDays: money(DAYS_PER_YEAR).dividedBy(MONTHS_PER_YEAR),
      flooredAtZero,
    },
  };
}

function partialMonthConsumption(book: PriceBook, input: StandardRefundInput, monthly: Decimal): Decimal {
  if (book.partialMonthPolicy === 'days_30') {
    return monthly.times(input.partialDaysUsed).dividedBy(DAYS_PER_PARTIAL_MONTH);
  }
  const { partialDaysDau, region } = input;
  if (!partialDaysDau || partialDaysDau.length !== input.partialDaysUsed) {
    throw new PricingRuleError('partialDaysDau', `the 'payg' policy needs one DAU figure per used day (${input.partialDaysUsed})`);
  }
  if (!region) throw new PricingRuleError('region', `the 'payg' policy needs the app's region`);
  // Each day is priced as a first charged day: the refund must not inherit a payg loyalty the app never earned.
  return partialDaysDau.reduce((sum, dau) => sum.plus(exactPaygDailyFee(book, region, dau, 1).amount), money(0));
}

/** SPEC.md 9: paid (current + not yet started) - consumed, never below 0. */
export function standardRefund(book: PriceBook, input: StandardRefundInput): Priced<StandardRefundBreakdown> {
  const paidCurrent = requireAmount('paidCurrent', input.paidCurrent);
  const paidNotStarted = requireAmount('paidNotStarted', input.paidNotStarted);
  const monthly = requireAmount('monthlyPrice', input.monthlyPrice);
  const fullMonthsUsed = requireInteger('fullMonthsUsed', input.fullMonthsUsed, 0);
  const partialDaysUsed = requireInteger('partialDaysUsed', input.partialDaysUsed, 0);

  const fullMonthsConsumed = monthly.times(fullMonthsUsed);
  const partialMonthConsumed = partialMonthConsumption(book, input, monthly);
  const consumed = fullMonthsConsumed.plus(partialMonthConsumed);
  const refund = paidCurrent.plus(paidNotStarted).minus(consumed);
  const flooredAtZero = refund.lessThan(0);
  return {
    amount: roundMoney(flooredAtZero ? money(0) : refund),
    breakdown: {
      priceBookVersion: book.version,
      partialMonthPolicy: book.partialMonthPolicy,
      paidCurrent,
      paidNotStarted,
      monthlyPrice: monthly,
      fullMonthsUsed,
      partialDaysUsed,
      fullMonthsConsumed,
      partialMonthConsumed,
      consumed,
      flooredAtZero,
    },
  };
}

/** dayNumber counts the purchase day as day 1 (SPEC.md 9). */
export function isWithinNoQuestionsRefundWindow(book: PriceBook, dayNumber: number): boolean {
  requireInteger('dayNumber', dayNumber, 1);
  return dayNumber <= book.noQuestionsRefundDays;
}

/** Cash and gift credit come back in full; vouchers never do. */
export function noQuestionsRefund(paid: PaymentMix): Priced<RefundSplit> {
  const cash = requireAmount('cash', paid.cash);
  const gift = requireAmount('gift', paid.gift);
  const forfeitedVoucher = requireAmount('voucher', paid.voucher);
  return { amount: roundMoney(cash.plus(gift)), breakdown: { cash, gift, forfeitedVoucher } };
}

/**
 * Splits a refund of what was paid in cash and gift credit back over them in
 * the proportion they were paid; the vouchers are forfeited whole (they are
 * no part of the paid amount a refund is taken from, SPEC.md 9).
 */
export function splitRefund(amount: Decimal, paid: PaymentMix): RefundSplit {
  const total = requireAmount('amount', amount);
  const weights = [requireAmount('cash', paid.cash), requireAmount('gift', paid.gift)];
  const forfeitedVoucher = requireAmount('voucher', paid.voucher);
  if (total.isZero()) return { cash: money(0), gift: money(0), forfeitedVoucher };
  if (weights.every((w) => w.isZero())) {
    throw new PricingRuleError('amount', 'cannot refund an order that was paid nothing in cash or gift credit');
  }
  const [cash, gift] = allocate(total, weights);
  return { cash, gift, forfeitedVoucher };
}
