import { Injectable } from '@nestjs/common';
import { dateFromDb } from '../clock/calendar';
import { PrismaService } from '../prisma/prisma.service';

export interface DeliveryBacklog {
  /** Notices not yet relayed, and outbox events not yet relayed. */
  noticesToRelay: number;
  eventsToRelay: number;
  /** Deliveries not yet sent, failed or skipped (including those waiting for a retry). */
  pendingNoticeDeliveries: number;
  pendingWebhookDeliveries: number;
}

/** What the operations surface reads; every count is served by a small table or a partial index. */
@Injectable()
export class OperationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async lastClosedSettlementDay(): Promise<string | null> {
    const row = await this.prisma.settlementDay.findFirst({ orderBy: { day: 'desc' }, select: { day: true } });
    return row ? dateFromDb(row.day) : null;
  }

  /** The latest finished run of each schedule row that has ever finished one. */
  async lastFinishedRuns(): Promise<{ scheduleId: string; finishedAt: Date }[]> {
    const rows = await this.prisma.scheduledJobRun.groupBy({
      by: ['scheduleId'],
      _max: { finishedAt: true },
      where: { finishedAt: { not: null } },
    });
    return rows.map((row) => ({ scheduleId: row.scheduleId, finishedAt: row._max.finishedAt! }));
  }

  async deliveryBacklog(): Promise<DeliveryBacklog> {
    const [row] = await this.prisma.$queryRaw<DeliveryBacklog[]>`
      SELECT (SELECT count(*) FROM notification_relay_queue)::int AS "noticesToRelay",
             (SELECT count(*) FROM outbox_events WHERE dispatched_at IS NULL)::int AS "eventsToRelay",
             (SELECT count(*) FROM notification_deliveries WHERE status = 'pending')::int AS "pendingNoticeDeliveries",
             (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending')::int AS "pendingWebhookDeliveries"`;
    return row;
  }
}
