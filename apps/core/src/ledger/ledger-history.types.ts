import type Decimal from 'decimal.js';
import type { LedgerKind } from './ledger.rules';

/** What the account held on its customer books: cash, gift credit and the vouchers together. */
export interface BookBalances {
  cash: Decimal;
  gift: Decimal;
  vouchers: Decimal;
}

/** One ledger transaction as the account saw it: the signed change to each of its books. */
export interface LedgerMovement extends BookBalances {
  transactionId: string;
  kind: LedgerKind;
  /** What was paid for or given back (`order:<id>`, `payg-bills:<day>`, `voucher:<id>`). */
  reference: string | null;
  memo: string | null;
  at: Date;
  voucherIds: string[];
}

/** An account's books over a period [start, end): opening at start, closing at end, every movement between. */
export interface LedgerHistory {
  opening: BookBalances;
  closing: BookBalances;
  movements: LedgerMovement[];
}
