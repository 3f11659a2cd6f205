import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { DeliveryJobData, WEBHOOK_JOBS, isLastAttempt } from '../../../core/src/notifications/notification.jobs';
import { WebhookDeliveryService } from '../../../core/src/webhooks/webhook-delivery.service';

/** A queue of its own: a slow or failing receiver never holds up notices to people. */
@Processor('webhooks', {
  concurrency: 10,
  lockDuration: Number(process.env.JOB_LOCK_MS ?? 60_000),
  stalledInterval: Number(process.env.JOB_STALLED_CHECK_MS ?? 30_000),
})
export class WebhooksProcessor extends WorkerHost {
  constructor(
    private readonly webhooks: WebhookDeliveryService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    await this.clock.sync();
    if (job.name !== WEBHOOK_JOBS.deliver) throw new Error(`unknown webhooks job ${job.name}`);
    return this.webhooks.deliver((job.data as DeliveryJobData).deliveryId, isLastAttempt(job));
  }
}
