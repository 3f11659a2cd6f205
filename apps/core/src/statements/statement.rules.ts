import type Decimal from 'decimal.js';
import { addDays, billingDate, FIRST_DATE, LAST_DATE, startOfBillingDay } from '../clock/calendar';
import { DomainError } from '../errors/domain-error';
import type { BookBalances, LedgerHistory, LedgerMovement } from '../ledger/ledger-history.types';
import { formatMoney, money } from '../money/money';

/**
 * A monthly statement (SPEC.md 12.1), built from the ledger alone (pure): its
 * lines are the account's ledger transactions of the month, so closing =
 * opening + the sum of the lines, and both balances are the ledger's sums.
 */

export interface StatementPeriod {
  month: string;
  /** First and last billing dates covered; for the current month, today. */
  from: string;
  to: string;
  /** The instants of the opening and the closing balance: [start, end) holds the lines. */
  start: Date;
  end: Date;
  /** The current month: it runs to now and will still change. */
  provisional: boolean;
}

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** A month `YYYY-MM` of the billing calendar that has begun; the current one runs to `now`. */
export function statementPeriod(month: string, now: Date, tz: string): StatementPeriod {
  if (!MONTH_PATTERN.test(month) || `${month}-01` < FIRST_DATE || `${month}-31` > LAST_DATE) {
    throw DomainError.validation('month', 'month must be a month YYYY-MM');
  }
  const from = `${month}-01`;
  const start = startOfBillingDay(from, tz);
  if (now < start) throw DomainError.validation('month', `month ${month} has not begun`);
  const following = `${nextMonth(month)}-01`;
  const monthEnd = startOfBillingDay(following, tz);
  if (now < monthEnd) return { month, from, to: billingDate(now, tz), start, end: now, provisional: true };
  return { month, from, to: addDays(following, -1), start, end: monthEnd, provisional: false };
}

export type StatementLineKind = 'top_up' | 'payg_bills' | 'prepaid_order' | 'refund' | 'voucher_grant' | 'voucher_expiry' | 'adjustment';

/** What a statement needs of an order a line names. */
export interface StatementOrder {
  id: string;
  appId: string | null;
  purpose: string;
  units: number | null;
  months: number | null;
}

/** What a statement needs of a pay-as-you-go bill. */
export interface StatementBill {
  appId: string;
  date: string;
  dau: number;
  amount: Decimal;
  ledgerTransactionId: string | null;
}

export interface StatementInput {
  account: { id: string; name: string };
  period: StatementPeriod;
  history: LedgerHistory;
  /** The account's bills settled in the period. */
  bills: StatementBill[];
  orders: Map<string, StatementOrder>;
  appNames: Map<string, string>;
  tz: string;
}

// The JSON of a statement: what is signed, what the API answers (with `jws`) and what the PDF shows.

export interface BalancesJson {
  /** The instant the balances are taken at. */
  at: string;
  cash: string;
  gift: string;
  vouchers: string;
}

export interface StatementLineJson {
  kind: StatementLineKind;
  at: string;
  date: string;
  transactionId: string;
  description: string;
  /** Signed changes to the account's cash, gift credit and vouchers. */
  cash: string;
  gift: string;
  vouchers: string;
  orderId: string | null;
  appId: string | null;
  voucherId: string | null;
  /** The day a `payg_bills` line charges (settled at 06:00 the next day). */
  billedDay: string | null;
}

export interface PaygAppJson {
  appId: string;
  name: string | null;
  /** Days billed (free days included), days charged, their DAU added up, and the amount. */
  days: number;
  chargedDays: number;
  dau: number;
  amount: string;
  bills: { date: string; dau: number; amount: string }[];
}

export interface StatementTotalsJson {
  topUps: { cash: string; gift: string };
  paygBills: { amount: string; cash: string; gift: string };
  prepaidOrders: { amount: string; cash: string; gift: string; vouchers: string };
  refunds: { amount: string; cash: string; gift: string };
  vouchers: { granted: string; used: string; expired: string };
  /** Any other movement (none today), signed. */
  adjustments: { cash: string; gift: string; vouchers: string };
}

export interface StatementJson {
  accountId: string;
  accountName: string;
  month: string;
  currency: 'CNY';
  from: string;
  to: string;
  provisional: boolean;
  opening: BalancesJson;
  closing: BalancesJson;
  totals: StatementTotalsJson;
  lines: StatementLineJson[];
  paygApps: PaygAppJson[];
}

/** Two decimals, and never "-0.00". */
const text = (amount: Decimal): string => formatMoney(amount.isZero() ? money(0) : amount);

const balancesJson = (balances: BookBalances, at: Date): BalancesJson => ({
  at: at.toISOString(),
  cash: text(balances.cash),
  gift: text(balances.gift),
  vouchers: text(balances.vouchers),
});

const ORDER_REFERENCE = /^order:(.+)$/;
const PAYG_REFERENCE = /^payg-bills:(\d{4}-\d{2}-\d{2})$/;

function kindOf(movement: LedgerMovement): StatementLineKind {
  if (movement.kind === 'payment' && ORDER_REFERENCE.test(movement.reference ?? '')) return 'prepaid_order';
  if (movement.kind === 'payment' && PAYG_REFERENCE.test(movement.reference ?? '')) return 'payg_bills';
  if (movement.kind === 'top_up' || movement.kind === 'refund' || movement.kind === 'voucher_grant' || movement.kind === 'voucher_expiry') {
    return movement.kind;
  }
  return 'adjustment';
}

function orderDescription(order: StatementOrder | undefined, appNames: Map<string, string>): string {
  if (!order) return 'Prepaid order';
  const app = order.appId ? ` for ${appNames.get(order.appId) ?? order.appId}` : '';
  const size = order.units !== null && order.months !== null ? `: ${order.units} unit(s) x ${order.months} month(s)` : '';
  return `Prepaid ${order.purpose}${app}${size}`;
}

function line(movement: LedgerMovement, input: StatementInput): StatementLineJson {
  const kind = kindOf(movement);
  const orderId = kind === 'prepaid_order' || kind === 'refund' ? (ORDER_REFERENCE.exec(movement.reference ?? '')?.[1] ?? null) : null;
  const order = orderId ? input.orders.get(orderId) : undefined;
  const billedDay = kind === 'payg_bills' ? PAYG_REFERENCE.exec(movement.reference!)![1] : null;
  const descriptions: Record<StatementLineKind, () => string> = {
    top_up: () => (movement.cash.isZero() ? 'Gift credit granted' : 'Cash top-up'),
    payg_bills: () => `Pay-as-you-go bills of ${billedDay}`,
    prepaid_order: () => orderDescription(order, input.appNames),
    refund: () => `Refund of ${orderDescription(order, input.appNames).replace(/^Prepaid/, 'prepaid')}`,
    voucher_grant: () => 'Voucher granted',
    voucher_expiry: () => movement.memo ?? 'Voucher expired',
    adjustment: () => movement.memo ?? `Adjustment (${movement.kind})`,
  };
  return {
    kind,
    at: movement.at.toISOString(),
    date: billingDate(movement.at, input.tz),
    transactionId: movement.transactionId,
    description: descriptions[kind](),
    cash: text(movement.cash),
    gift: text(movement.gift),
    vouchers: text(movement.vouchers),
    orderId,
    appId: order?.appId ?? null,
    voucherId: kind === 'voucher_grant' || kind === 'voucher_expiry' ? (movement.voucherIds[0] ?? null) : null,
    billedDay,
  };
}

const sum = (movements: LedgerMovement[], book: keyof BookBalances): Decimal =>
  movements.reduce((total, movement) => total.plus(movement[book]), money(0));

function totals(movements: LedgerMovement[]): StatementTotalsJson {
  const of = (kind: StatementLineKind) => movements.filter((movement) => kindOf(movement) === kind);
  const [topUps, payg, orders, refunds, granted, expired, adjustments] = (
    ['top_up', 'payg_bills', 'prepaid_order', 'refund', 'voucher_grant', 'voucher_expiry', 'adjustment'] as const
  ).map(of);
  const paid = (book: keyof BookBalances, list: LedgerMovement[]) => sum(list, book).neg();
  return {
    topUps: { cash: text(sum(topUps, 'cash')), gift: text(sum(topUps, 'gift')) },
    paygBills: {
      amount: text(paid('cash', payg).plus(paid('gift', payg))),
      cash: text(paid('cash', payg)),
      gift: text(paid('gift', payg)),
    },
    prepaidOrders: {
      amount: text(paid('cash', orders).plus(paid('gift', orders)).plus(paid('vouchers', orders))),
      cash: text(paid('cash', orders)),
      gift: text(paid('gift', orders)),
      vouchers: text(paid('vouchers', orders)),
    },
    refunds: {
      amount: text(sum(refunds, 'cash').plus(sum(refunds, 'gift'))),
      cash: text(sum(refunds, 'cash')),
      gift: text(sum(refunds, 'gift')),
    },
    vouchers: { granted: text(sum(granted, 'vouchers')), used: text(paid('vouchers', orders)), expired: text(paid('vouchers', expired)) },
    adjustments: {
      cash: text(sum(adjustments, 'cash')),
      gift: text(sum(adjustments, 'gift')),
      vouchers: text(sum(adjustments, 'vouchers')),
    },
  };
}

/**
 * Each app's bills charged by the month's pay-as-you-go lines, and its free
 * days settled in the month: the amounts add up to the lines exactly.
 */
function paygApps(input: StatementInput, lines: StatementLineJson[]): PaygAppJson[] {
  const charges = new Set(lines.filter((l) => l.kind === 'payg_bills').map((l) => l.transactionId));
  const byApp = new Map<string, StatementBill[]>();
  for (const bill of input.bills) {
    if (!(bill.amount.isZero() || (bill.ledgerTransactionId !== null && charges.has(bill.ledgerTransactionId)))) continue;
    byApp.set(bill.appId, [...(byApp.get(bill.appId) ?? []), bill]);
  }
  return [...byApp].map(([appId, bills]) => ({
    appId,
    name: input.appNames.get(appId) ?? null,
    days: bills.length,
    chargedDays: bills.filter((bill) => !bill.amount.isZero()).length,
    dau: bills.reduce((total, bill) => total + bill.dau, 0),
    amount: text(bills.reduce((total, bill) => total.plus(bill.amount), money(0))),
    bills: bills.map((bill) => ({ date: bill.date, dau: bill.dau, amount: text(bill.amount) })),
  }));
}

export function statementJson(input: StatementInput): StatementJson {
  const { account, period, history } = input;
  const lines = history.movements.map((movement) => line(movement, input));
  return {
    accountId: account.id,
    accountName: account.name,
    month: period.month,
    currency: 'CNY',
    from: period.from,
    to: period.to,
    provisional: period.provisional,
    opening: balancesJson(history.opening, period.start),
    closing: balancesJson(history.closing, period.end),
    totals: totals(history.movements),
    lines,
    paygApps: paygApps(input, lines),
  };
}

/** The orders the month's lines name, to look up. */
export function orderIdsOf(movements: LedgerMovement[]): string[] {
  const ids = movements
    .filter((movement) => ['prepaid_order', 'refund'].includes(kindOf(movement)))
    .map((movement) => ORDER_REFERENCE.exec(movement.reference ?? '')?.[1])
    .filter((id): id is string => id !== undefined);
  return [...new Set(ids)];
}
