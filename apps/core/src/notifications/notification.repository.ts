import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { dateToDb } from '../clock/calendar';
import type { Tx } from '../prisma/transaction';
import type { NoticeInput } from './notification.types';

/**
 * The notice outbox. A notice is written in the transaction of the change that
 * causes it, so it exists exactly when the change does; the unique key
 * (type, resource, day) makes raising it again the same day a no-op.
 */
@Injectable()
export class NotificationRepository {
  /** Returns true when this call raised the notice (false: already raised that day). */
  async raise(tx: Tx, notice: NoticeInput, at: Date): Promise<boolean> {
    const inserted = await tx.$executeRaw`
      INSERT INTO notifications (id, account_id, app_id, type, resource_key, day, title, body, payload, created_at)
      VALUES (${randomUUID()}::uuid, ${notice.accountId}::uuid, ${notice.appId ?? null}::uuid, ${notice.type},
              ${notice.resourceKey}, ${dateToDb(notice.day)}::date, ${notice.title}, ${notice.body},
              ${JSON.stringify(notice.payload ?? {})}::jsonb, ${at})
      ON CONFLICT (type, resource_key, day) DO NOTHING`;
    return inserted === 1;
  }
}
