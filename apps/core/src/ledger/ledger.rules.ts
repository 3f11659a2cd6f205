import type Decimal from 'decimal.js';
import { DomainError } from '../errors/domain-error';
import { Money, formatMoney, money } from '../money/money';

/**
 * The entries of each kind of money movement (pure). A customer book holds
 * what the account owns; its platform counterpart makes every transaction sum
 * to zero. Positive on a customer book means the account got money.
 */
export const BOOKS = [
  'customer_cash',
  'customer_gift',
  'customer_voucher',
  'customer_frozen',
  'platform_receipts',
  'platform_gift_granted',
  'platform_voucher_granted',
  'platform_revenue',
] as const;
export type Book = (typeof BOOKS)[number];

export type TopUpKind = 'cash' | 'gift';
export type LedgerKind = 'top_up' | 'voucher_grant' | 'voucher_expiry' | 'payment' | 'refund' | 'adjustment';

export interface EntryDraft {
  book: Book;
  /** Set exactly on customer books. */
  accountId: string | null;
  /** Set exactly on the customer_voucher book. */
  voucherId: string | null;
  amount: Decimal;
}

export interface SpendableVoucher {
  id: string;
  accountId: string;
  remaining: Decimal;
  /** Last billing date the voucher can be spent on. */
  expiresOn: string;
}

export interface PaymentSplit {
  voucher: Decimal;
  gift: Decimal;
  cash: Decimal;
  vouchers: { voucherId: string; amount: Decimal }[];
}

/** Balance changes a set of entries makes to the account's wallet and vouchers. */
export interface BalanceDelta {
  cash: Decimal;
  gift: Decimal;
  frozen: Decimal;
  vouchers: Map<string, Decimal>;
}

const customer = (book: Book, accountId: string, amount: Decimal, voucherId: string | null = null): EntryDraft => ({
  book,
  accountId,
  voucherId,
  amount,
});
const platform = (book: Book, amount: Decimal): EntryDraft => ({ book, accountId: null, voucherId: null, amount });

/** Amounts reaching the ledger are already rounded to cents; anything else is a caller's bug or bad input. */
function requirePositiveCents(field: string, amount: Decimal): Decimal {
  if (!amount.isFinite() || amount.lte(0) || amount.decimalPlaces() > 2) {
    throw DomainError.validation(field, `${field} must be a positive amount with at most two decimals`);
  }
  return amount;
}

function requireCentsAtLeastZero(field: string, amount: Decimal): Decimal {
  if (!amount.isFinite() || amount.lt(0) || amount.decimalPlaces() > 2) {
    throw DomainError.validation(field, `${field} must be an amount of zero or more with at most two decimals`);
  }
  return amount;
}

const nonZero = (entries: EntryDraft[]): EntryDraft[] => entries.filter((entry) => !entry.amount.isZero());

export function topUpEntries(accountId: string, amount: Decimal, kind: TopUpKind): EntryDraft[] {
  requirePositiveCents('amount', amount);
  return kind === 'cash'
    ? [customer('customer_cash', accountId, amount), platform('platform_receipts', amount.neg())]
    : [customer('customer_gift', accountId, amount), platform('platform_gift_granted', amount.neg())];
}

export function voucherGrantEntries(accountId: string, voucherId: string, amount: Decimal): EntryDraft[] {
  requirePositiveCents('amount', amount);
  return [customer('customer_voucher', accountId, amount, voucherId), platform('platform_voucher_granted', amount.neg())];
}

/** What an expired voucher still held leaves the wallet, back to where its grant came from (SPEC.md 8). */
export function voucherExpiryEntries(accountId: string, voucherId: string, remaining: Decimal): EntryDraft[] {
  requirePositiveCents('remaining', remaining);
  return [customer('customer_voucher', accountId, remaining.neg(), voucherId), platform('platform_voucher_granted', remaining)];
}

/** A voucher is spendable through the end of its `expiresOn` billing day. */
export function isVoucherExpired(voucher: Pick<SpendableVoucher, 'expiresOn'>, today: string): boolean {
  return voucher.expiresOn < today;
}

export interface PaymentInput {
  accountId: string;
  amount: Decimal;
  /** The account's current balances. */
  cash: Decimal;
  gift: Decimal;
  /** The vouchers the buyer named, in the order named. */
  vouchers: SpendableVoucher[];
  /** Today's billing date: a voucher is spendable through its expiry date. */
  today: string;
  /** True for postpaid charges and platform-advanced renewals: cash covers the rest and may go negative. */
  allowNegativeCash: boolean;
}

/**
 * SPEC.md 8: named vouchers first (in the order named; expired, used-up or
 * foreign ones are worth nothing), then gift credit, then cash. A purchase
 * that the account cannot cover is refused with the shortfall.
 */
export function splitPayment(input: PaymentInput): { split: PaymentSplit; entries: EntryDraft[] } {
  const amount = requirePositiveCents('amount', input.amount);
  let left = amount;
  const vouchers: PaymentSplit['vouchers'] = [];
  const seen = new Set<string>();
  for (const voucher of input.vouchers) {
    if (left.isZero()) break;
    const spendable = voucher.accountId === input.accountId && voucher.expiresOn >= input.today && voucher.remaining.gt(0);
    if (!spendable || seen.has(voucher.id)) continue;
    seen.add(voucher.id);
    const take = Money.min(voucher.remaining, left);
    vouchers.push({ voucherId: voucher.id, amount: take });
    left = left.minus(take);
  }
  const gift = Money.min(input.gift, left);
  left = left.minus(gift);
  // Cash already below zero (arrears) covers nothing.
  const cashOnHand = Money.max(input.cash, 0);
  if (!input.allowNegativeCash && left.gt(cashOnHand)) {
    const shortfall = left.minus(cashOnHand);
    throw new DomainError('INSUFFICIENT_BALANCE', `the balance is ${formatMoney(shortfall)} short of ${formatMoney(amount)}`, {
      shortfall: formatMoney(shortfall),
    });
  }
  const cash = left;
  const voucher = vouchers.reduce((sum, v) => sum.plus(v.amount), money(0));
  const entries = nonZero([
    ...vouchers.map((v) => customer('customer_voucher', input.accountId, v.amount.neg(), v.voucherId)),
    customer('customer_gift', input.accountId, gift.neg()),
    customer('customer_cash', input.accountId, cash.neg()),
    platform('platform_revenue', amount),
  ]);
  return { split: { voucher, gift, cash, vouchers }, entries };
}

/** Money given back from revenue: vouchers never come back (SPEC.md 9). */
export function refundEntries(accountId: string, cash: Decimal, gift: Decimal): EntryDraft[] {
  requireCentsAtLeastZero('cash', cash);
  requireCentsAtLeastZero('gift', gift);
  requirePositiveCents('amount', cash.plus(gift));
  return nonZero([
    customer('customer_cash', accountId, cash),
    customer('customer_gift', accountId, gift),
    platform('platform_revenue', cash.plus(gift).neg()),
  ]);
}

export function balanceDelta(entries: EntryDraft[]): BalanceDelta {
  const delta: BalanceDelta = { cash: money(0), gift: money(0), frozen: money(0), vouchers: new Map() };
  for (const entry of entries) {
    if (entry.book === 'customer_cash') delta.cash = delta.cash.plus(entry.amount);
    if (entry.book === 'customer_gift') delta.gift = delta.gift.plus(entry.amount);
    if (entry.book === 'customer_frozen') delta.frozen = delta.frozen.plus(entry.amount);
    if (entry.book === 'customer_voucher') {
      const id = entry.voucherId!;
      delta.vouchers.set(id, (delta.vouchers.get(id) ?? money(0)).plus(entry.amount));
    }
  }
  return delta;
}

/** What a transaction moved, whatever its kind: the sum of its positive entries (it balances). */
export function grossAmount(entries: EntryDraft[]): Decimal {
  return entries.reduce((sum, entry) => (entry.amount.gt(0) ? sum.plus(entry.amount) : sum), money(0));
}

/** How a recorded payment was paid, read back from its entries (a replayed payment answers with it). */
export function splitOfPayment(entries: EntryDraft[]): PaymentSplit {
  const delta = balanceDelta(entries);
  const vouchers = [...delta.vouchers].map(([voucherId, amount]) => ({ voucherId, amount: amount.neg() }));
  return {
    voucher: vouchers.reduce((sum, v) => sum.plus(v.amount), money(0)),
    gift: delta.gift.neg(),
    cash: delta.cash.neg(),
    vouchers,
  };
}
