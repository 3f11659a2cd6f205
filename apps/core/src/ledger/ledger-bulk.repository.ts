import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type Decimal from 'decimal.js';
import type { BulkTx } from '../prisma/unit-of-work';
import { money } from '../money/money';
import { type LockedWallet, type WalletRow, toLockedWallet } from './wallet.row';
import type { WalletFlags } from './wallet.rules';

/** One account's share of a bulk charge: gift credit first, then cash, to platform revenue. */
export interface BulkCharge {
  accountId: string;
  total: Decimal;
  gift: Decimal;
  cash: Decimal;
}

/**
 * The ledger's set-based statements on plain `pg`, for the daily settlement:
 * a chunk's money moves in a handful of statements over arrays, whatever its
 * size, inside the caller's transaction.
 */
@Injectable()
export class LedgerBulkRepository {
  /** Locks the wallets in id order (no deadlock with other writers) and returns their gift credit. */
  async lockGiftBalances(client: BulkTx, accountIds: string[]): Promise<Map<string, Decimal>> {
    const { rows } = await client.query<{ account_id: string; gift: string }>(
      'SELECT account_id, gift FROM wallets WHERE account_id = ANY($1::uuid[]) ORDER BY account_id FOR UPDATE',
      [accountIds],
    );
    return new Map(rows.map((r) => [r.account_id, money(r.gift)]));
  }

  /**
   * One ledger transaction per charged account (its gift, cash and revenue
   * entries in one statement, so the balance trigger sees them together), and
   * the wallets. Returns each account's transaction id and its wallet after.
   */
  async charge(
    client: BulkTx,
    input: { day: string; charges: BulkCharge[]; at: Date },
  ): Promise<{ transactionIds: Map<string, string>; wallets: LockedWallet[] }> {
    const { day, charges, at } = input;
    const transactionIds = new Map(charges.map((c) => [c.accountId, randomUUID()]));
    if (charges.length === 0) return { transactionIds, wallets: [] };
    await client.query(
      `INSERT INTO ledger_transactions (id, account_id, kind, business_key, reference, created_at)
       SELECT t.id, t.account_id, 'payment', 'payg:' || t.account_id || ':' || $1, 'payg-bills:' || $1, $2
         FROM unnest($3::uuid[], $4::uuid[]) AS t(id, account_id)`,
      [day, at, charges.map((c) => transactionIds.get(c.accountId)), charges.map((c) => c.accountId)],
    );
    const entries: [string, string, string | null, string][] = [];
    for (const charge of charges) {
      const txId = transactionIds.get(charge.accountId)!;
      if (!charge.gift.isZero()) entries.push([txId, 'customer_gift', charge.accountId, charge.gift.negated().toFixed(2)]);
      if (!charge.cash.isZero()) entries.push([txId, 'customer_cash', charge.accountId, charge.cash.negated().toFixed(2)]);
      entries.push([txId, 'platform_revenue', null, charge.total.toFixed(2)]);
    }
    await client.query(
      `INSERT INTO ledger_entries (transaction_id, book, account_id, amount)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::numeric[])`,
      [entries.map((e) => e[0]), entries.map((e) => e[1]), entries.map((e) => e[2]), entries.map((e) => e[3])],
    );
    const updated = await client.query<WalletRow>(
      `UPDATE wallets w SET gift = w.gift - t.gift, cash = w.cash - t.cash, updated_at = $1
         FROM unnest($2::uuid[], $3::numeric[], $4::numeric[]) AS t(account_id, gift, cash), accounts a
        WHERE w.account_id = t.account_id AND a.id = w.account_id
        RETURNING w.account_id, a.name, w.cash, w.gift, w.frozen, w.arrears_since, w.low_balance_since, a.balance_alert_threshold AS threshold`,
      [at, charges.map((c) => c.accountId), charges.map((c) => c.gift.toFixed(2)), charges.map((c) => c.cash.toFixed(2))],
    );
    return { transactionIds, wallets: updated.rows.map(toLockedWallet) };
  }

  /** Arrears and low-balance flags decided by the wallet rules, written for all changed wallets at once. */
  async setWalletFlags(client: BulkTx, changes: { accountId: string; flags: WalletFlags }[]): Promise<void> {
    if (changes.length === 0) return;
    await client.query(
      `UPDATE wallets w SET arrears_since = t.arrears_since, low_balance_since = t.low_balance_since
         FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS t(account_id, arrears_since, low_balance_since)
        WHERE w.account_id = t.account_id`,
      [changes.map((c) => c.accountId), changes.map((c) => c.flags.arrearsSince), changes.map((c) => c.flags.lowBalanceSince)],
    );
  }
}
