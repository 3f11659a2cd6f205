import Decimal from 'decimal.js';
import { formatMoney } from '../../../core/src/money/money';

/**
 * JSON for figures: Decimals become exact strings, Dates ISO instants. Money
 * amounts are formatted by the caller (two decimals); breakdown figures keep
 * their full precision.
 */
export function toJson(value: unknown): unknown {
  if (Decimal.isDecimal(value)) return (value as Decimal).toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

export function priced(result: { amount: Decimal; breakdown: object }): { amount: string; breakdown: unknown } {
  return { amount: formatMoney(result.amount), breakdown: toJson(result.breakdown) };
}
