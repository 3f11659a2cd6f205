import { Injectable } from '@nestjs/common';
import type { BulkTx } from '../prisma/unit-of-work';
import type { Tx } from '../prisma/transaction';
import { NotificationRepository } from './notification.repository';
import type { NoticeInput } from './notification.types';

/**
 * How every domain raises notices: inside the transaction of the change that
 * causes them (the caller's Tx, or the bulk path's `pg` client), so a notice
 * exists exactly when its change does. Raising one again the same day is a no-op.
 */
@Injectable()
export class NoticeService {
  constructor(private readonly notices: NotificationRepository) {}

  /** True when this call raised the notice (false: already raised that day). */
  raise(tx: Tx, notice: NoticeInput, at: Date): Promise<boolean> {
    return this.notices.raise(tx, notice, at);
  }

  /** How many were raised (the others were already raised that day). */
  raiseMany(tx: Tx, notices: readonly NoticeInput[], at: Date): Promise<number> {
    return this.notices.raiseMany(tx, notices, at);
  }

  /** The same inside the bulk path's `pg` transaction (the daily settlement). */
  raiseManyInBulk(client: BulkTx, notices: readonly NoticeInput[], at: Date): Promise<void> {
    return this.notices.raiseManyInBulk(client, notices, at);
  }

  /** The account read the notice in its inbox (the in-site channel); reading it again keeps the first read time. */
  markRead(accountId: string, id: string, at: Date): Promise<void> {
    return this.notices.markRead(accountId, id, at);
  }
}
