import type Decimal from 'decimal.js';

export interface WalletBalances {
  cash: Decimal;
  gift: Decimal;
  frozen: Decimal;
}

/** Since when the account has been in arrears / below its alert threshold (null: it is not). */
export interface WalletFlags {
  arrearsSince: Date | null;
  lowBalanceSince: Date | null;
}

export interface WalletWatch {
  flags: WalletFlags;
  /** The change moved the account into arrears: notify (SPEC.md 7). */
  enteredArrears: boolean;
  /** The change took the available balance below the threshold: alert (SPEC.md 8). */
  droppedBelowThreshold: boolean;
}

/** What a purchase can spend without naming vouchers. */
export function availableBalance(balances: WalletBalances): Decimal {
  return balances.cash.plus(balances.gift);
}

/** Frozen funds still belong to the account, so they count against arrears. */
export function isInArrears(balances: WalletBalances): boolean {
  return availableBalance(balances).plus(balances.frozen).lt(0);
}

/**
 * The flags after a balance change. Each keeps the instant its condition began
 * while it lasts and clears when it ends, so a notice is raised on entering a
 * condition, not again on every change while in it.
 */
export function watchWallet(balances: WalletBalances, previous: WalletFlags, threshold: Decimal | null, now: Date): WalletWatch {
  const inArrears = isInArrears(balances);
  const low = threshold !== null && availableBalance(balances).lt(threshold);
  return {
    flags: {
      arrearsSince: inArrears ? (previous.arrearsSince ?? now) : null,
      lowBalanceSince: low ? (previous.lowBalanceSince ?? now) : null,
    },
    enteredArrears: inArrears && previous.arrearsSince === null,
    droppedBelowThreshold: low && previous.lowBalanceSince === null,
  };
}
