import type Decimal from 'decimal.js';
import { money } from '../money/money';
import type { WalletBalances, WalletFlags } from './wallet.rules';

/** A wallet with what the wallet rules need to watch it (its account's name and alert threshold). */
export interface LockedWallet extends WalletBalances, WalletFlags {
  accountId: string;
  accountName: string;
  balanceAlertThreshold: Decimal | null;
}

/** A wallet row joined to its account, as every wallet query selects it (numerics as text). */
export interface WalletRow {
  account_id: string;
  name: string;
  cash: string;
  gift: string;
  frozen: string;
  arrears_since: Date | null;
  low_balance_since: Date | null;
  threshold: string | null;
}

/** The one mapping of a wallet row, for the Prisma and the `pg` paths alike. */
export function toLockedWallet(row: WalletRow): LockedWallet {
  return {
    accountId: row.account_id,
    accountName: row.name,
    cash: money(row.cash),
    gift: money(row.gift),
    frozen: money(row.frozen),
    arrearsSince: row.arrears_since,
    lowBalanceSince: row.low_balance_since,
    balanceAlertThreshold: row.threshold === null ? null : money(row.threshold),
  };
}
