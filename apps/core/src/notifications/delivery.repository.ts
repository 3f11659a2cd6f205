import { Injectable } from '@nestjs/common';
import type { NotificationDelivery } from '../../../../generated/prisma/client';
import { dateFromDb } from '../clock/calendar';
import { Page, PageRequest, pageOf } from '../pagination/pagination';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import type { Channel, DeliveryRecord, DeliveryStatus, PlannedDelivery, RecipientRole, RelayedNotice } from './delivery.types';
import type { NotificationType } from './notification.types';

/** A delivery with the notice it carries: what a channel sends. */
export interface DeliveryWork extends DeliveryRecord {
  notice: {
    id: string;
    accountId: string;
    appId: string | null;
    type: NotificationType;
    day: string;
    title: string;
    body: string;
    payload: unknown;
  };
}

function toRecord(row: NotificationDelivery): DeliveryRecord {
  return {
    id: row.id,
    notificationId: row.notificationId,
    channel: row.channel as Channel,
    address: row.address,
    recipientId: row.recipientId,
    recipientRole: row.recipientRole as RecipientRole,
    recipientName: row.recipientName,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    lastError: row.lastError,
    providerMessageId: row.providerMessageId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    sentAt: row.sentAt,
  };
}

/** The relay queue of notices and the deliveries made from them. */
@Injectable()
export class DeliveryRepository {
  constructor(private readonly prisma: PrismaService) {}

  async noticesQueued(): Promise<boolean> {
    const [row] = await this.prisma.$queryRaw<{ queued: boolean }[]>`SELECT EXISTS (SELECT 1 FROM notification_relay_queue) AS "queued"`;
    return row.queued;
  }

  /**
   * Takes up to `limit` notices off the relay queue. Rows another relay holds
   * are skipped, and a taken row is gone once the caller's transaction
   * commits: each notice is relayed exactly once, however many relays run.
   */
  async claimQueued(tx: Tx, limit: number): Promise<RelayedNotice[]> {
    return tx.$queryRaw<RelayedNotice[]>`
      WITH claimed AS (
        DELETE FROM notification_relay_queue
         WHERE notification_id IN (
           SELECT notification_id FROM notification_relay_queue
            ORDER BY queued_at, notification_id
            LIMIT ${limit}
              FOR UPDATE SKIP LOCKED)
        RETURNING notification_id)
      SELECT n.id::text AS "id", n.account_id::text AS "accountId", n.type AS "type"
        FROM notifications n JOIN claimed c ON c.notification_id = n.id
       ORDER BY n.created_at, n.id`;
  }

  /** Returns the ids created; a (notice, channel, address) that exists already is left as it is. */
  async insert(tx: Tx, planned: PlannedDelivery[], ids: string[], at: Date): Promise<string[]> {
    if (planned.length === 0) return [];
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO notification_deliveries (id, notification_id, channel, address, recipient_id, recipient_role, recipient_name,
                                           status, attempts, created_at, updated_at)
      SELECT t.id, t.notification_id, t.channel, t.address, t.recipient_id, t.recipient_role, t.recipient_name, 'pending', 0, ${at}, ${at}
        FROM unnest(${ids}::uuid[], ${planned.map((p) => p.notificationId)}::uuid[], ${planned.map((p) => p.channel)}::text[],
                    ${planned.map((p) => p.address)}::text[], ${planned.map((p) => p.recipientId)}::uuid[],
                    ${planned.map((p) => p.recipientRole)}::text[], ${planned.map((p) => p.recipientName)}::text[])
             AS t(id, notification_id, channel, address, recipient_id, recipient_role, recipient_name)
      ON CONFLICT (notification_id, channel, address) DO NOTHING
      RETURNING id::text AS "id"`;
    return rows.map((row) => row.id);
  }

  /** Pending deliveries created before `before`: their job may have been lost between commit and enqueue. */
  async pendingSince(before: Date, limit: number): Promise<string[]> {
    const rows = await this.prisma.notificationDelivery.findMany({
      where: { status: 'pending', createdAt: { lt: before } },
      orderBy: { createdAt: 'asc' },
      take: limit,
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  async work(id: string): Promise<DeliveryWork | null> {
    const row = await this.prisma.notificationDelivery.findUnique({ where: { id } });
    if (!row) return null;
    const notice = await this.prisma.notification.findUniqueOrThrow({ where: { id: row.notificationId } });
    return {
      ...toRecord(row),
      notice: {
        id: notice.id,
        accountId: notice.accountId,
        appId: notice.appId,
        type: notice.type as NotificationType,
        day: dateFromDb(notice.day),
        title: notice.title,
        body: notice.body,
        payload: notice.payload,
      },
    };
  }

  /** Guarded by status: a delivery is settled once, whatever retries or duplicates follow. */
  async markSent(id: string, providerMessageId: string | null, at: Date): Promise<void> {
    await this.prisma.notificationDelivery.updateMany({
      where: { id, status: 'pending' },
      data: { status: 'sent', attempts: { increment: 1 }, sentAt: at, providerMessageId, lastError: null, updatedAt: at },
    });
  }

  /** Records a failed attempt; the delivery stays pending (to be retried) unless `final`. */
  async markAttemptFailed(id: string, error: string, final: boolean, at: Date): Promise<void> {
    await this.prisma.notificationDelivery.updateMany({
      where: { id, status: 'pending' },
      data: { status: final ? 'failed' : 'pending', attempts: { increment: 1 }, lastError: error.slice(0, 1000), updatedAt: at },
    });
  }

  async markSkipped(id: string, reason: string, at: Date): Promise<void> {
    await this.prisma.notificationDelivery.updateMany({
      where: { id, status: 'pending' },
      data: { status: 'skipped', lastError: reason, updatedAt: at },
    });
  }

  /** Oldest first, a page at a time; the cursor is (createdAt, id). */
  async listForNotice(notificationId: string, page: PageRequest): Promise<Page<DeliveryRecord>> {
    const after = page.after as [string, string] | null;
    const at = after ? new Date(after[0]) : null;
    const rows = await this.prisma.notificationDelivery.findMany({
      where: { notificationId, ...(at ? { OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: after![1] } }] } : {}) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: page.limit + 1,
    });
    return pageOf(rows.map(toRecord), page.limit, (d) => [d.createdAt.toISOString(), d.id]);
  }

  async noticeExists(notificationId: string): Promise<boolean> {
    return (await this.prisma.notification.count({ where: { id: notificationId } })) > 0;
  }
}
