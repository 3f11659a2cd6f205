import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import type { BulkTx } from '../prisma/unit-of-work';
import type { Tx } from '../prisma/transaction';
import type { NoticeInput } from './notification.types';

/**
 * The statement that raises many notices at once, for any executor (Prisma
 * inside a use case, plain `pg` inside the bulk settlement).
 */
function noticesInsert(notices: readonly NoticeInput[], at: Date): { text: string; values: unknown[] } {
  return {
    text: `INSERT INTO notifications (id, account_id, app_id, type, resource_key, day, title, body, payload, created_at)
           SELECT t.id, t.account_id, t.app_id, t.type, t.resource_key, t.day, t.title, t.body, t.payload, $1
             FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::date[], $8::text[], $9::text[], $10::jsonb[])
                  AS t(id, account_id, app_id, type, resource_key, day, title, body, payload)
           ON CONFLICT (type, resource_key, day) DO NOTHING`,
    values: [
      at,
      notices.map(() => randomUUID()),
      notices.map((n) => n.accountId),
      notices.map((n) => n.appId ?? null),
      notices.map((n) => n.type),
      notices.map((n) => n.resourceKey),
      notices.map((n) => n.day),
      notices.map((n) => n.title),
      notices.map((n) => n.body),
      notices.map((n) => JSON.stringify(n.payload ?? {})),
    ],
  };
}

/**
 * The notice outbox. A notice is written in the transaction of the change that
 * causes it, so it exists exactly when the change does; the unique key
 * (type, resource, day) makes raising it again the same day a no-op.
 */
@Injectable()
export class NotificationRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Returns true when this call raised the notice (false: already raised that day). */
  async raise(tx: Tx, notice: NoticeInput, at: Date): Promise<boolean> {
    return (await this.raiseMany(tx, [notice], at)) === 1;
  }

  /** Returns how many were raised (the others were already raised that day). */
  async raiseMany(tx: Tx, notices: readonly NoticeInput[], at: Date): Promise<number> {
    if (notices.length === 0) return 0;
    const { text, values } = noticesInsert(notices, at);
    return tx.$executeRawUnsafe(text, ...values);
  }

  async raiseManyInBulk(client: BulkTx, notices: readonly NoticeInput[], at: Date): Promise<void> {
    if (notices.length === 0) return;
    const { text, values } = noticesInsert(notices, at);
    await client.query(text, values);
  }

  /** Reading a notice again keeps the first read time; a notice of another account is left alone. */
  async markRead(accountId: string, id: string, at: Date): Promise<void> {
    await this.prisma.notification.updateMany({ where: { id, accountId, readAt: null }, data: { readAt: at } });
  }
}
