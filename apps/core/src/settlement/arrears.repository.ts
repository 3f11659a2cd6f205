import { Injectable } from '@nestjs/common';
import type { Tx } from '../prisma/transaction';

/** Selects, through the wallets' arrears flag, the pay-as-you-go apps whose arrears step is due. */
@Injectable()
export class ArrearsRepository {
  /** Running pay-as-you-go apps of accounts in arrears since before `since`, unless the account may never be suspended. */
  async dueForSuspension(tx: Tx, since: Date): Promise<string[]> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT a.id::text FROM wallets w
        JOIN accounts ac ON ac.id = w.account_id AND NOT ac.never_suspend
        JOIN applications a ON a.account_id = w.account_id AND a.plan = 'payg' AND a.state = 'active'
       WHERE w.arrears_since IS NOT NULL AND w.arrears_since <= ${since}
       ORDER BY a.id`;
    return rows.map((row) => row.id);
  }

  /** Apps suspended for arrears before `suspendedBefore` whose account is still in arrears. */
  async dueForDestruction(tx: Tx, suspendedBefore: Date): Promise<string[]> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT a.id::text FROM applications a JOIN wallets w ON w.account_id = a.account_id
       WHERE a.plan = 'payg' AND a.state = 'suspended' AND a.suspension_reason = 'arrears'
         AND a.state_changed_at <= ${suspendedBefore} AND w.arrears_since IS NOT NULL
       ORDER BY a.id`;
    return rows.map((row) => row.id);
  }

  /** Whether the account is in arrears and may never be suspended, under its wallet's lock (no top-up or charge meanwhile). */
  async lockStanding(tx: Tx, accountId: string): Promise<{ inArrears: boolean; neverSuspend: boolean }> {
    const [row] = await tx.$queryRaw<{ inArrears: boolean; neverSuspend: boolean }[]>`
      SELECT w.arrears_since IS NOT NULL AS "inArrears", a.never_suspend AS "neverSuspend"
        FROM wallets w JOIN accounts a ON a.id = w.account_id
       WHERE w.account_id = ${accountId}::uuid
         FOR UPDATE OF w`;
    return row;
  }

  /** Apps suspended for arrears whose account is out of arrears (all of them, or one account's). */
  async dueForRestore(tx: Tx, accountId: string | null = null): Promise<string[]> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT a.id::text FROM applications a JOIN wallets w ON w.account_id = a.account_id
       WHERE a.plan = 'payg' AND a.state = 'suspended' AND a.suspension_reason = 'arrears'
         AND w.arrears_since IS NULL AND (${accountId}::uuid IS NULL OR a.account_id = ${accountId}::uuid)
       ORDER BY a.id`;
    return rows.map((row) => row.id);
  }
}
