import { Injectable } from '@nestjs/common';
import { Page, PageRequest, pageOf } from '../pagination/pagination';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import type { WebhookDeliveryView, WebhookEventType } from './webhook.types';

/** A delivery with what it sends and where. */
export interface WebhookWork {
  id: string;
  status: WebhookDeliveryView['status'];
  event: { id: string; type: WebhookEventType; occurredAt: Date; payload: unknown };
  endpoint: { url: string; secret: string; enabled: boolean };
}

@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Marks up to `limit` undispatched events dispatched and creates one delivery
   * per enabled endpoint that wants each, in one statement of the caller's
   * transaction. Events another relay holds are skipped, and a dispatched event
   * is never taken again: each event is relayed once, however many relays run.
   */
  async relay(tx: Tx, limit: number, at: Date): Promise<{ claimed: number; created: string[] }> {
    const [row] = await tx.$queryRaw<{ claimed: number; created: string[] }[]>`
      WITH claimed AS (
        UPDATE outbox_events SET dispatched_at = ${at}
         WHERE dispatched_at IS NULL
           AND id IN (SELECT id FROM outbox_events WHERE dispatched_at IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id, type
      ), created AS (
        INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, attempts, created_at, updated_at)
        SELECT gen_random_uuid(), c.id, w.id, 'pending', 0, ${at}, ${at}
          FROM claimed c JOIN webhook_endpoints w ON w.enabled AND c.type = ANY (w.event_types)
        ON CONFLICT (event_id, endpoint_id) DO NOTHING
        RETURNING id
      )
      SELECT (SELECT count(*) FROM claimed)::int AS "claimed",
             COALESCE((SELECT array_agg(id::text) FROM created), '{}') AS "created"`;
    return row;
  }

  async eventsUndispatched(): Promise<boolean> {
    const [row] = await this.prisma.$queryRaw<{ waiting: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM outbox_events WHERE dispatched_at IS NULL) AS "waiting"`;
    return row.waiting;
  }

  async pendingSince(before: Date, limit: number): Promise<string[]> {
    const rows = await this.prisma.webhookDelivery.findMany({
      where: { status: 'pending', createdAt: { lt: before } },
      orderBy: { createdAt: 'asc' },
      take: limit,
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /** Null when the delivery is gone (its endpoint was deleted). */
  async work(id: string): Promise<WebhookWork | null> {
    const delivery = await this.prisma.webhookDelivery.findUnique({ where: { id } });
    if (!delivery) return null;
    const [event, endpoint] = await Promise.all([
      this.prisma.outboxEvent.findUniqueOrThrow({ where: { id: delivery.eventId } }),
      this.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: delivery.endpointId } }),
    ]);
    return {
      id: delivery.id,
      status: delivery.status as WebhookWork['status'],
      event: { id: event.id.toString(), type: event.type as WebhookEventType, occurredAt: event.occurredAt, payload: event.payload },
      endpoint: { url: endpoint.url, secret: endpoint.secret, enabled: endpoint.enabled },
    };
  }

  async markSent(id: string, responseStatus: number, at: Date): Promise<void> {
    await this.prisma.webhookDelivery.updateMany({
      where: { id, status: 'pending' },
      data: { status: 'sent', attempts: { increment: 1 }, responseStatus, lastError: null, sentAt: at, updatedAt: at },
    });
  }

  async markAttemptFailed(id: string, error: string, responseStatus: number | null, final: boolean, at: Date): Promise<void> {
    await this.prisma.webhookDelivery.updateMany({
      where: { id, status: 'pending' },
      data: {
        status: final ? 'failed' : 'pending',
        attempts: { increment: 1 },
        responseStatus,
        lastError: error.slice(0, 1000),
        updatedAt: at,
      },
    });
  }

  /** Newest first, a page at a time; the cursor is (createdAt, id). */
  async listForEndpoint(endpointId: string, page: PageRequest): Promise<Page<WebhookDeliveryView>> {
    const after = page.after as [string, string] | null;
    const at = after ? new Date(after[0]) : null;
    const rows = await this.prisma.webhookDelivery.findMany({
      where: { endpointId, ...(at ? { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: after![1] } }] } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
    });
    const events = await this.prisma.outboxEvent.findMany({
      where: { id: { in: rows.map((r) => r.eventId) } },
      select: { id: true, type: true },
    });
    const typeOf = new Map(events.map((e) => [e.id.toString(), e.type as WebhookEventType]));
    const deliveries = rows.map((row) => ({
      id: row.id,
      eventId: row.eventId.toString(),
      eventType: typeOf.get(row.eventId.toString())!,
      endpointId: row.endpointId,
      status: row.status as WebhookDeliveryView['status'],
      attempts: row.attempts,
      lastError: row.lastError,
      responseStatus: row.responseStatus,
      createdAt: row.createdAt,
      sentAt: row.sentAt,
    }));
    return pageOf(deliveries, page.limit, (d) => [d.createdAt.toISOString(), d.id]);
  }
}
