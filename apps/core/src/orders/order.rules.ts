import type Decimal from 'decimal.js';
import { Money, money } from '../money/money';

/**
 * The part of a cash payment the platform advanced: what the payment took
 * below zero (all of it when the cash was already negative).
 */
export function advancedCash(cashPaid: Decimal, cashAfter: Decimal): Decimal {
  return Money.min(cashPaid, Money.max(money(0), cashAfter.neg()));
}
