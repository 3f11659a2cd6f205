import { requestContext } from '../auth/request-context';
import { Injectable } from '@nestjs/common';
import type Decimal from 'decimal.js';
import { Prisma } from '../../../../generated/prisma/client';
import { dateFromDb, dateToDb } from '../clock/calendar';
import { money } from '../money/money';
import type { Readable } from 'node:stream';
import type { LedgerTransactionRecord, VoucherRecord } from './ledger.types';
import { Page, PageRequest, pageOf } from '../pagination/pagination';
import { PgPoolService } from '../prisma/pg-pool.service';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import type { BalanceDelta, Book, EntryDraft, LedgerKind } from './ledger.rules';
import { type LockedWallet, type WalletRow, toLockedWallet } from './wallet.row';
import type { WalletBalances, WalletFlags } from './wallet.rules';

export interface NewLedgerTransaction {
  id: string;
  accountId: string;
  kind: LedgerKind;
  businessKey: string;
  reference: string | null;
  memo: string | null;
  createdAt: Date;
}

type PrismaTransaction = Prisma.LedgerTransactionGetPayload<{ include: { entries: true } }>;

function toTransaction(row: PrismaTransaction): LedgerTransactionRecord {
  return {
    id: row.id,
    accountId: row.accountId,
    kind: row.kind as LedgerKind,
    businessKey: row.businessKey,
    reference: row.reference,
    memo: row.memo,
    createdAt: row.createdAt,
    entries: row.entries.map((entry) => ({
      id: entry.id.toString(),
      book: entry.book as Book,
      accountId: entry.accountId,
      voucherId: entry.voucherId,
      amount: money(entry.amount.toString()),
    })),
  };
}

const WITH_ENTRIES = { entries: { orderBy: { id: 'asc' } } } as const;

/** Ledger rows, wallet balances and vouchers; the service calls every write inside one database transaction. */
@Injectable()
export class LedgerRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pg: PgPoolService,
  ) {}

  /** The wallet's cash as this transaction sees it (after its own payment: the wallet row is locked by it). */
  async walletCash(tx: Tx, accountId: string): Promise<Decimal> {
    const row = await tx.wallet.findUniqueOrThrow({ where: { accountId }, select: { cash: true } });
    return money(row.cash.toString());
  }

  async walletExists(accountId: string): Promise<boolean> {
    return (await this.prisma.wallet.count({ where: { accountId } })) > 0;
  }

  /** Serializes every balance change of one account: take this lock before reading or writing its money. */
  async lockWallet(tx: Tx, accountId: string): Promise<LockedWallet | null> {
    const rows = await tx.$queryRaw<WalletRow[]>`
      SELECT w.account_id::text, w.cash::text, w.gift::text, w.frozen::text, w.arrears_since, w.low_balance_since,
             a.name, a.balance_alert_threshold::text AS threshold
      FROM wallets w JOIN accounts a ON a.id = w.account_id
      WHERE w.account_id = ${accountId}::uuid
      FOR UPDATE OF w`;
    return rows[0] ? toLockedWallet(rows[0]) : null;
  }

  async findByBusinessKey(tx: Tx, businessKey: string): Promise<LedgerTransactionRecord | null> {
    const row = await tx.ledgerTransaction.findUnique({ where: { businessKey }, include: WITH_ENTRIES });
    return row ? toTransaction(row) : null;
  }

  /**
   * Writes the transaction and its entries (one INSERT, so the balance trigger
   * sees them together). False when the business key is already taken: then
   * nothing is written.
   */
  async insertTransaction(tx: Tx, header: NewLedgerTransaction, entries: EntryDraft[]): Promise<boolean> {
    const inserted = await tx.$executeRaw`
      INSERT INTO ledger_transactions (id, account_id, kind, business_key, reference, memo, created_at, acting_key_id)
      VALUES (${header.id}::uuid, ${header.accountId}::uuid, ${header.kind}, ${header.businessKey},
              ${header.reference}, ${header.memo}, ${header.createdAt}, ${requestContext.actingKeyId()}::uuid)
      ON CONFLICT (business_key) DO NOTHING`;
    if (inserted === 0) return false;
    const rows = entries.map(
      (entry) =>
        Prisma.sql`(${header.id}::uuid, ${entry.book}, ${entry.accountId}::uuid, ${entry.voucherId}::uuid, ${entry.amount.toString()}::numeric)`,
    );
    await tx.$executeRaw`
      INSERT INTO ledger_entries (transaction_id, book, account_id, voucher_id, amount) VALUES ${Prisma.join(rows)}`;
    return true;
  }

  /** Adds the deltas to the locked wallet and returns its new balances. */
  async applyToWallet(tx: Tx, accountId: string, delta: BalanceDelta, at: Date): Promise<WalletBalances> {
    const [row] = await tx.$queryRaw<{ cash: string; gift: string; frozen: string }[]>`
      UPDATE wallets
      SET cash = cash + ${delta.cash.toString()}::numeric,
          gift = gift + ${delta.gift.toString()}::numeric,
          frozen = frozen + ${delta.frozen.toString()}::numeric,
          updated_at = ${at}
      WHERE account_id = ${accountId}::uuid
      RETURNING cash::text, gift::text, frozen::text`;
    if (delta.vouchers.size > 0) {
      const changes = [...delta.vouchers].map(([id, amount]) => Prisma.sql`(${id}::uuid, ${amount.toString()}::numeric)`);
      await tx.$executeRaw`
        UPDATE vouchers v SET remaining = v.remaining + d.delta
        FROM (VALUES ${Prisma.join(changes)}) AS d (id, delta)
        WHERE v.id = d.id`;
    }
    return { cash: money(row.cash), gift: money(row.gift), frozen: money(row.frozen) };
  }

  async setFlags(tx: Tx, accountId: string, flags: WalletFlags): Promise<void> {
    await tx.wallet.update({
      where: { accountId },
      data: { arrearsSince: flags.arrearsSince, lowBalanceSince: flags.lowBalanceSince },
    });
  }

  /** The voucher starts empty-handed in the ledger's eyes: its grant transaction credits it. */
  async insertVoucher(
    tx: Tx,
    voucher: { id: string; accountId: string; amount: Decimal; expiresOn: string; createdAt: Date },
  ): Promise<void> {
    await tx.voucher.create({
      data: {
        id: voucher.id,
        accountId: voucher.accountId,
        amount: voucher.amount.toString(),
        remaining: '0',
        expiresOn: dateToDb(voucher.expiresOn),
        createdAt: voucher.createdAt,
      },
    });
  }

  async findVouchers(tx: Tx, ids: string[]): Promise<VoucherRecord[]> {
    const rows = await tx.voucher.findMany({ where: { id: { in: ids } } });
    return rows.map((row) => ({
      id: row.id,
      accountId: row.accountId,
      amount: money(row.amount.toString()),
      remaining: money(row.remaining.toString()),
      expiresOn: dateFromDb(row.expiresOn),
      createdAt: row.createdAt,
    }));
  }

  /** Vouchers past their last day that still hold money: what the daily expiry moves out, a page at a time. */
  async expiredWithRemaining(today: string, limit: number): Promise<{ id: string; accountId: string }[]> {
    return this.prisma.$queryRaw<{ id: string; accountId: string }[]>`
      SELECT id::text AS "id", account_id::text AS "accountId" FROM vouchers
       WHERE expires_on < ${today}::date AND remaining > 0
       ORDER BY expires_on, id LIMIT ${limit}`;
  }

  /** Oldest first, a page at a time; the cursor is (createdAt, id). */
  async listTransactions(
    accountId: string,
    from: Date | null,
    until: Date | null,
    page: PageRequest,
  ): Promise<Page<LedgerTransactionRecord>> {
    const after = page.after as [string, string] | null;
    const at = after ? new Date(after[0]) : null;
    const rows = await this.prisma.ledgerTransaction.findMany({
      where: {
        accountId,
        createdAt: { ...(from ? { gte: from } : {}), ...(until ? { lt: until } : {}) },
        ...(at ? { OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: after![1] } }] } : {}),
      },
      include: WITH_ENTRIES,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: page.limit + 1,
    });
    return pageOf(rows.map(toTransaction), page.limit, (t) => [t.createdAt.toISOString(), t.id]);
  }

  /** One row per ledger entry of the account's transactions in the range, in the order of the list, for a CSV export. */
  async streamEntries(accountId: string, from: Date | null, until: Date | null): Promise<Readable> {
    return this.pg.stream(
      `SELECT t.id AS "transactionId", to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
              t.kind, t.business_key AS "businessKey", t.reference, e.book, e.voucher_id AS "voucherId", e.amount::text AS amount
         FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
        WHERE t.account_id = $1::uuid AND ($2::timestamptz IS NULL OR t.created_at >= $2) AND ($3::timestamptz IS NULL OR t.created_at < $3)
        ORDER BY t.created_at, t.id, e.id`,
      [accountId, from, until],
    );
  }
}
