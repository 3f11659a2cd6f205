import type Decimal from 'decimal.js';
import type { RefundType } from '../pricing/quote.service';

/** A refund as written: what went back to the wallet and what was forfeited. */
export interface RefundRecord {
  id: string;
  orderId: string;
  accountId: string;
  type: RefundType;
  /** Given back: cash + gift. */
  amount: Decimal;
  cash: Decimal;
  gift: Decimal;
  forfeitedVoucher: Decimal;
  ledgerTransactionId: string | null;
  breakdown: unknown;
  createdAt: Date;
}
