import { Injectable } from '@nestjs/common';
import { money } from '../money/money';
import type { Tx } from '../prisma/transaction';
import type { BookBalances, LedgerHistory, LedgerMovement } from './ledger-history.types';
import type { LedgerKind } from './ledger.rules';

interface BalanceRow {
  cash: string;
  gift: string;
  vouchers: string;
}

interface MovementRow extends BalanceRow {
  id: string;
  kind: string;
  reference: string | null;
  memo: string | null;
  createdAt: Date;
  voucherIds: string[];
}

const balances = (row: BalanceRow): BookBalances => ({ cash: money(row.cash), gift: money(row.gift), vouchers: money(row.vouchers) });

/**
 * Reads of an account's customer books over time. Balances and movements take
 * the same rows (the account's entries of its own transactions), so a closing
 * balance is always the opening one plus the movements between them.
 */
@Injectable()
export class LedgerHistoryRepository {
  /** Run in one RepeatableRead snapshot, every read agrees: a movement committed meanwhile is in all of them or in none. */
  async history(tx: Tx, accountId: string, start: Date, end: Date): Promise<LedgerHistory> {
    return {
      opening: await this.balancesBefore(tx, accountId, start),
      closing: await this.balancesBefore(tx, accountId, end),
      movements: await this.movements(tx, accountId, start, end),
    };
  }

  private async balancesBefore(tx: Tx, accountId: string, at: Date): Promise<BookBalances> {
    const [row] = await tx.$queryRaw<BalanceRow[]>`
      SELECT coalesce(sum(e.amount) FILTER (WHERE e.book = 'customer_cash'), 0)::text AS cash,
             coalesce(sum(e.amount) FILTER (WHERE e.book = 'customer_gift'), 0)::text AS gift,
             coalesce(sum(e.amount) FILTER (WHERE e.book = 'customer_voucher'), 0)::text AS vouchers
        FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id AND e.account_id = t.account_id
       WHERE t.account_id = ${accountId}::uuid AND t.created_at < ${at}`;
    return balances(row);
  }

  private async movements(tx: Tx, accountId: string, start: Date, end: Date): Promise<LedgerMovement[]> {
    const rows = await tx.$queryRaw<MovementRow[]>`
      SELECT t.id::text AS id, t.kind, t.reference, t.memo, t.created_at AS "createdAt",
             coalesce(sum(e.amount) FILTER (WHERE e.book = 'customer_cash'), 0)::text AS cash,
             coalesce(sum(e.amount) FILTER (WHERE e.book = 'customer_gift'), 0)::text AS gift,
             coalesce(sum(e.amount) FILTER (WHERE e.book = 'customer_voucher'), 0)::text AS vouchers,
             coalesce(array_agg(DISTINCT e.voucher_id::text) FILTER (WHERE e.voucher_id IS NOT NULL), '{}') AS "voucherIds"
        FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id AND e.account_id = t.account_id
       WHERE t.account_id = ${accountId}::uuid AND t.created_at >= ${start} AND t.created_at < ${end}
       GROUP BY t.id
       ORDER BY t.created_at, t.id`;
    return rows.map((row) => ({
      transactionId: row.id,
      kind: row.kind as LedgerKind,
      reference: row.reference,
      memo: row.memo,
      at: row.createdAt,
      ...balances(row),
      voucherIds: row.voucherIds,
    }));
  }
}
