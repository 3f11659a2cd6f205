import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { NoticeDeliveryService } from '../../../core/src/notifications/notice-delivery.service';
import { DeliveryJobData, NOTIFICATION_JOBS, isLastAttempt } from '../../../core/src/notifications/notification.jobs';
import { NotificationDispatcher } from '../../../core/src/notifications/notification-dispatcher';
import { NotificationRelayService } from '../../../core/src/notifications/notification-relay.service';
import { WebhookDeliveryService } from '../../../core/src/webhooks/webhook-delivery.service';
import { TickRunner } from '../scheduling/tick-runner';

/** Deliveries wait on SMTP servers and HTTP providers, not on us: many at once. */
@Processor('notifications', {
  concurrency: 10,
  lockDuration: Number(process.env.JOB_LOCK_MS ?? 60_000),
  stalledInterval: Number(process.env.JOB_STALLED_CHECK_MS ?? 30_000),
})
export class NotificationsProcessor extends WorkerHost {
  constructor(
    private readonly relay: NotificationRelayService,
    private readonly webhooks: WebhookDeliveryService,
    private readonly deliveries: NoticeDeliveryService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly ticks: TickRunner,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    await this.clock.sync();
    switch (job.name) {
      case NOTIFICATION_JOBS.tick:
        return this.ticks.run(job, async () => {
          await this.dispatcher.kick();
          return { requeued: (await this.relay.requeueStale()) + (await this.webhooks.requeueStale()) };
        });
      case NOTIFICATION_JOBS.relay:
        return { ...(await this.relay.relay()), ...(await this.webhooks.relay()) };
      case NOTIFICATION_JOBS.deliver:
        return this.deliveries.deliver((job.data as DeliveryJobData).deliveryId, isLastAttempt(job));
      default:
        throw new Error(`unknown notifications job ${job.name}`);
    }
  }
}
