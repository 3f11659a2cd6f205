import type Decimal from 'decimal.js';
import type { EntryDraft, LedgerKind, SpendableVoucher } from './ledger.rules';

/** What the ledger hands out: a transaction with its entries, and a granted voucher. */
export interface LedgerEntryRecord extends EntryDraft {
  id: string;
}

export interface LedgerTransactionRecord {
  id: string;
  accountId: string | null;
  kind: LedgerKind;
  businessKey: string;
  reference: string | null;
  memo: string | null;
  createdAt: Date;
  entries: LedgerEntryRecord[];
}

export interface VoucherRecord extends SpendableVoucher {
  amount: Decimal;
  createdAt: Date;
}
