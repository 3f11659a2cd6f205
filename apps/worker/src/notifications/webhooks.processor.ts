import { Processor } from '@nestjs/bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { DeliveryJobData, WEBHOOK_JOBS, isLastAttempt } from '../../../core/src/notifications/notification.jobs';
import { WebhookDeliveryService } from '../../../core/src/webhooks/webhook-delivery.service';
import { ClockedProcessor, JobHandlers, processorOptions } from '../scheduling/clocked-processor';

/** A queue of its own: a slow or failing receiver never holds up notices to people. */
@Processor('webhooks', processorOptions(10))
export class WebhooksProcessor extends ClockedProcessor {
  protected readonly handlers: JobHandlers = {
    [WEBHOOK_JOBS.deliver]: (job) => this.webhooks.deliver((job.data as DeliveryJobData).deliveryId, isLastAttempt(job)),
  };

  constructor(
    private readonly webhooks: WebhookDeliveryService,
    protected readonly clock: Clock,
  ) {
    super();
  }
}
