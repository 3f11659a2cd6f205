import { requestContext } from '../auth/request-context';
import { Injectable } from '@nestjs/common';
import type Decimal from 'decimal.js';
import { Prisma } from '../../../../generated/prisma/client';
import { dateFromDb, dateToDb } from '../clock/calendar';
import { money } from '../money/money';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import type { BalanceDelta, Book, EntryDraft, LedgerKind, SpendableVoucher } from './ledger.rules';
import type { WalletBalances, WalletFlags } from './wallet.rules';

export interface LockedWallet extends WalletBalances, WalletFlags {
  accountId: string;
  accountName: string;
  balanceAlertThreshold: Decimal | null;
}

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

export interface NewLedgerTransaction {
  id: string;
  accountId: string;
  kind: LedgerKind;
  businessKey: string;
  reference: string | null;
  memo: string | null;
  createdAt: Date;
}

export interface VoucherRecord extends SpendableVoucher {
  amount: Decimal;
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

/**
 * Options for every transaction that moves money (callers of pay/refund should
 * use them too): movements of one account wait for its wallet lock while holding
 * a pooled connection, so a busy account makes others wait for a connection.
 */
export const WRITE_TRANSACTION = { maxWait: 10_000, timeout: 20_000 };

const WITH_ENTRIES = { entries: { orderBy: { id: 'asc' } } } as const;

/** Ledger rows, wallet balances and vouchers; the service calls every write inside one database transaction. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work, WRITE_TRANSACTION);
  }

  async walletExists(accountId: string): Promise<boolean> {
    return (await this.prisma.wallet.count({ where: { accountId } })) > 0;
  }

  /** Serializes every balance change of one account: take this lock before reading or writing its money. */
  async lockWallet(tx: Tx, accountId: string): Promise<LockedWallet | null> {
    const rows = await tx.$queryRaw<
      {
        cash: string;
        gift: string;
        frozen: string;
        arrears_since: Date | null;
        low_balance_since: Date | null;
        name: string;
        threshold: string | null;
      }[]
    >`
      SELECT w.cash::text, w.gift::text, w.frozen::text, w.arrears_since, w.low_balance_since,
             a.name, a.balance_alert_threshold::text AS threshold
      FROM wallets w JOIN accounts a ON a.id = w.account_id
      WHERE w.account_id = ${accountId}::uuid
      FOR UPDATE OF w`;
    const row = rows[0];
    if (!row) return null;
    return {
      accountId,
      accountName: row.name,
      cash: money(row.cash),
      gift: money(row.gift),
      frozen: money(row.frozen),
      arrearsSince: row.arrears_since,
      lowBalanceSince: row.low_balance_since,
      balanceAlertThreshold: row.threshold === null ? null : money(row.threshold),
    };
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
  async insertVoucher(tx: Tx, voucher: { id: string; accountId: string; amount: Decimal; expiresOn: string; createdAt: Date }): Promise<void> {
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

  /** Oldest first; transactions written at the same instant keep the order they were written in. */
  async listTransactions(accountId: string, from: Date | null, until: Date | null): Promise<LedgerTransactionRecord[]> {
    const rows = await this.prisma.ledgerTransaction.findMany({
      where: { accountId, createdAt: { ...(from ? { gte: from } : {}), ...(until ? { lt: until } : {}) } },
      include: WITH_ENTRIES,
      orderBy: { createdAt: 'asc' },
    });
    const firstEntry = (row: PrismaTransaction) => row.entries[0]?.id ?? BigInt(0);
    rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (firstEntry(a) < firstEntry(b) ? -1 : 1));
    return rows.map(toTransaction);
  }
}
