import { Processor } from '@nestjs/bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { NoticeDeliveryService } from '../../../core/src/notifications/notice-delivery.service';
import { isLastAttempt } from '../../../core/src/notifications/notification.jobs';
import { NotificationRelayService } from '../../../core/src/notifications/notification-relay.service';
import { OutboxRelay } from '../../../core/src/outbox/outbox-relay';
import { JOBS } from '../../../core/src/queue/jobs';
import { WebhookDeliveryService } from '../../../core/src/webhooks/webhook-delivery.service';
import { ClockedProcessor, JobHandlers, processorOptions } from '../scheduling/clocked-processor';
import { TickRunner } from '../scheduling/tick-runner';

/** Deliveries wait on SMTP servers and HTTP providers, not on us: many at once. */
@Processor('notifications', processorOptions(10))
export class NotificationsProcessor extends ClockedProcessor<'notifications'> {
  protected readonly handlers: JobHandlers<'notifications'> = {
    [JOBS.notifications.tick]: (job) =>
      this.ticks.run(job, async () => ({
        relayed: await this.outbox.drainAll(),
        requeued: (await this.relay.requeueStale()) + (await this.webhooks.requeueStale()),
      })),
    [JOBS.notifications.deliver]: (job) => this.deliveries.deliver(job.data.deliveryId, isLastAttempt(job)),
  };

  constructor(
    private readonly relay: NotificationRelayService,
    private readonly webhooks: WebhookDeliveryService,
    private readonly deliveries: NoticeDeliveryService,
    private readonly outbox: OutboxRelay,
    private readonly ticks: TickRunner,
    protected readonly clock: Clock,
  ) {
    super();
  }
}
