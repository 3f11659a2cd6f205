import type Decimal from 'decimal.js';
import { addDays, daysBetween } from '../clock/calendar';
import { TRIAL_MAX_DAU } from '../lifecycle/trial.rules';
import { money } from '../money/money';
import type { PriceBook, Region } from '../pricing/price-book';
import { PricingRuleError, billableUnits, paygDailyFee, prepaidPrice } from '../pricing/pricing.rules';

/**
 * Plan advice (SPEC.md 17): what a daily DAU series would have cost under each
 * way to pay, priced by the very rules that bill (pricing.rules), and the
 * cheapest way that never throttles.
 */
export const ADVICE_MIN_DAYS = 7;
export const ADVICE_MAX_DAYS = 366;
/**
 * A series of N days needs a prepaid plan of ceil(N / 31) months: no calendar
 * month is longer than 31 days, so that many months always cover the series
 * (30 or 31 days: 1 month; 366 days: 12 months).
 */
export const DAYS_PER_PLAN_MONTH = 31;

export type PlanChoice = { plan: 'trial' } | { plan: 'payg' } | { plan: 'charity' } | { plan: 'prepaid'; units: number; months: number };

export interface AdviceOption {
  plan: 'trial' | 'payg' | 'prepaid';
  /** Prepaid: the size bought. */
  units?: number;
  /** Prepaid: the duration of one purchase. */
  months?: number;
  /** Prepaid: purchases of `months` needed to cover the series. */
  purchases?: number;
  cost: Decimal;
  /** Days over the plan's quota, when the app would be throttled (prepaid only). */
  throttledDays: number;
}

export interface AdviceInput {
  region: Region;
  dailyDau: readonly number[];
  /** The app's count of charged pay-as-you-go days before the series (its loyalty counter). */
  chargedDaysBefore: number;
  /** What the savings are measured against; null: pay-as-you-go. */
  current: PlanChoice | null;
}

export interface PlanAdvice {
  basis: {
    days: number;
    peakDau: number;
    averageDau: number;
    seriesMonths: number;
    chargedDaysBefore: number;
    priceBookVersion: string;
    region: Region;
  };
  options: AdviceOption[];
  recommendation: AdviceOption & { savings: Decimal; savingsAgainst: PlanChoice & { cost: Decimal } };
}

export function seriesMonths(days: number): number {
  return Math.max(1, Math.ceil(days / DAYS_PER_PLAN_MONTH));
}

function validate(book: PriceBook, input: AdviceInput): void {
  const n = input.dailyDau.length;
  if (n < ADVICE_MIN_DAYS || n > ADVICE_MAX_DAYS) {
    throw new PricingRuleError('dailyDau', `dailyDau must hold ${ADVICE_MIN_DAYS} to ${ADVICE_MAX_DAYS} days (got ${n})`);
  }
  input.dailyDau.forEach((dau, i) => {
    if (!Number.isSafeInteger(dau) || dau < 0)
      throw new PricingRuleError(`dailyDau.${i}`, `dailyDau.${i} must be an integer >= 0 (got ${dau})`);
  });
  if (!Number.isSafeInteger(input.chargedDaysBefore) || input.chargedDaysBefore < 0) {
    throw new PricingRuleError('chargedDays', `chargedDays must be an integer >= 0 (got ${input.chargedDaysBefore})`);
  }
  if (!book.regions[input.region])
    throw new PricingRuleError('region', `price book ${book.version} has no prices for region ${input.region}`);
}

/** Day by day as settlement bills it: each day rounded on its own bill, the counter moving on charged days only. */
export function paygCost(book: PriceBook, region: Region, dailyDau: readonly number[], chargedDaysBefore: number): Decimal {
  let counter = chargedDaysBefore;
  let total = money(0);
  for (const dau of dailyDau) {
    const fee = paygDailyFee(book, region, dau, counter + 1);
    if (fee.countsAsUsageDay) counter += 1;
    total = total.plus(fee.amount);
  }
  return total;
}

/** Days over `units`' quota, from the series' DAU sorted ascending. */
function daysOver(sortedDau: readonly number[], quota: number): number {
  let lo = 0;
  let hi = sortedDau.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedDau[mid] <= quota) lo = mid + 1;
    else hi = mid;
  }
  return sortedDau.length - lo;
}

function prepaidOption(
  book: PriceBook,
  region: Region,
  units: number,
  months: number,
  neededMonths: number,
  sortedDau: readonly number[],
): AdviceOption {
  const purchases = Math.ceil(neededMonths / months);
  return {
    plan: 'prepaid',
    units,
    months,
    purchases,
    cost: prepaidPrice(book, region, units, months).amount.times(purchases),
    throttledDays: daysOver(sortedDau, units * book.unitDau),
  };
}

/**
 * For one duration, the cheapest size that covers the peak: the covering size,
 * or a larger one that reaches a better discount row (overseas, 46 units cost
 * more than 50 at 0.9).
 */
function cheapestCovering(
  book: PriceBook,
  region: Region,
  covering: number,
  months: number,
  neededMonths: number,
  sortedDau: readonly number[],
): AdviceOption {
  const sizes = new Set([covering, ...book.regions[region].prepaidDiscounts.map((t) => t.minUnits).filter((u) => u > covering)]);
  return [...sizes]
    .map((units) => prepaidOption(book, region, units, months, neededMonths, sortedDau))
    .reduce((best, o) => (o.cost.lessThan(best.cost) ? o : best));
}

function costOf(
  book: PriceBook,
  choice: PlanChoice,
  input: AdviceInput,
  options: AdviceOption[],
  sortedDau: readonly number[],
): Decimal | null {
  switch (choice.plan) {
    case 'charity':
      return money(0);
    case 'trial':
      return options.find((o) => o.plan === 'trial')?.cost ?? null;
    case 'payg':
      return options.find((o) => o.plan === 'payg')!.cost;
    case 'prepaid':
      if (!book.prepaidMonthsOnSale.includes(choice.months) || choice.units < book.prepaidMinUnits) return null;
      return prepaidOption(book, input.region, choice.units, choice.months, seriesMonths(input.dailyDau.length), sortedDau).cost;
  }
}

export function planAdvice(book: PriceBook, input: AdviceInput): PlanAdvice {
  validate(book, input);
  const { region, dailyDau } = input;
  const sortedDau = [...dailyDau].sort((a, b) => a - b);
  const peakDau = sortedDau[sortedDau.length - 1];
  const neededMonths = seriesMonths(dailyDau.length);
  const covering = billableUnits(book, peakDau);

  const options: AdviceOption[] = [];
  // A trial app over the cap is cut off, not throttled: the trial is no option then.
  if (peakDau <= TRIAL_MAX_DAU) options.push({ plan: 'trial', cost: money(0), throttledDays: 0 });
  options.push({ plan: 'payg', cost: paygCost(book, region, dailyDau, input.chargedDaysBefore), throttledDays: 0 });
  // Every size below the peak that some day needs, at the series' own duration: shown with its throttled days.
  const smaller = [...new Set(sortedDau.map((dau) => billableUnits(book, dau)))].filter((units) => units < covering);
  const monthsOnSale = [...book.prepaidMonthsOnSale].sort((a, b) => a - b);
  const ownDuration = monthsOnSale.find((m) => m >= neededMonths) ?? monthsOnSale[monthsOnSale.length - 1];
  for (const units of smaller) options.push(prepaidOption(book, region, units, ownDuration, neededMonths, sortedDau));
  for (const months of monthsOnSale) options.push(cheapestCovering(book, region, covering, months, neededMonths, sortedDau));

  const unthrottled = options.filter((o) => o.throttledDays === 0);
  // Ties go to the earlier option: trial, then pay-as-you-go (no commitment), then the shorter plan.
  const best = unthrottled.reduce((a, b) => (b.cost.lessThan(a.cost) ? b : a));
  const current = input.current && costOf(book, input.current, input, options, sortedDau);
  // A trial the series outgrows, or a plan no longer on sale, has no price: measured against pay-as-you-go then.
  const against: PlanChoice = current ? input.current! : { plan: 'payg' };
  const againstCost = current ?? costOf(book, against, input, options, sortedDau)!;
  const total = dailyDau.reduce((sum, dau) => sum + dau, 0);
  return {
    basis: {
      days: dailyDau.length,
      peakDau,
      averageDau: Math.round(total / dailyDau.length),
      seriesMonths: neededMonths,
      chargedDaysBefore: input.chargedDaysBefore,
      priceBookVersion: book.version,
      region,
    },
    options,
    recommendation: { ...best, savings: againstCost.minus(best.cost), savingsAgainst: { ...against, cost: againstCost } },
  };
}

/** A day without reports had DAU 0, as every billing rule counts it. */
export function denseSeries(from: string, to: string, recorded: readonly { date: string; dau: number }[]): number[] {
  const byDay = new Map(recorded.map((d) => [d.date, d.dau]));
  return Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => byDay.get(addDays(from, i)) ?? 0);
}
