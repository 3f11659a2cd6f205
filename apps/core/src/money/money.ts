import Decimal from 'decimal.js';

/**
 * The one place that owns money arithmetic. Amounts are computed at full
 * precision and rounded to cents exactly once, at the end (SPEC.md 2.3).
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

const MONEY_PATTERN = /^-?\d{1,14}(\.\d{1,2})?$/;

/** Decimals are immutable, so one of ours is returned as is; another copy of decimal.js (Prisma's) is converted through its string. */
export function money(value: Decimal.Value): Decimal {
  if (value instanceof Money) return value;
  return new Money(Decimal.isDecimal(value) ? value.toString() : value);
}

/** Half-up to 0.01 CNY. */
export function roundMoney(value: Decimal): Decimal {
  return money(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** The JSON form of an amount: a string with exactly two decimals. */
export function formatMoney(value: Decimal): string {
  return roundMoney(value).toFixed(2);
}

/** True when the text is a money amount a client may send: at most two decimals. */
export function isMoneyString(text: string): boolean {
  return MONEY_PATTERN.test(text);
}

/**
 * Splits a rounded total into cents in proportion to the weights, so that the
 * parts always add up to the total (largest remainder; ties go to the earlier part).
 */
export function allocate(total: Decimal, weights: Decimal[]): Decimal[] {
  const cents = roundMoney(total).times(100);
  const weightSum = weights.reduce((sum, w) => sum.plus(w), new Money(0));
  if (weightSum.isZero()) {
    return weights.map((_, i) => (i === 0 ? roundMoney(total) : new Money(0)));
  }
  const exact = weights.map((w) => cents.times(w).dividedBy(weightSum));
  const floors = exact.map((e) => e.floor());
  let left = cents.minus(floors.reduce((s, f) => s.plus(f), new Money(0))).toNumber();
  const order = exact.map((e, i) => ({ i, rest: e.minus(floors[i]) })).sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = floors[i].plus(1);
    left -= 1;
  }
  return floors.map((f) => f.dividedBy(100));
}
