import { Processor } from '@nestjs/bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { isLastAttempt } from '../../../core/src/notifications/notification.jobs';
import { JOBS } from '../../../core/src/queue/jobs';
import { WebhookDeliveryService } from '../../../core/src/webhooks/webhook-delivery.service';
import { ClockedProcessor, JobHandlers, processorOptions } from '../scheduling/clocked-processor';

/** A queue of its own: a slow or failing receiver never holds up notices to people. */
@Processor('webhooks', processorOptions(10))
export class WebhooksProcessor extends ClockedProcessor<'webhooks'> {
  protected readonly handlers: JobHandlers<'webhooks'> = {
    [JOBS.webhooks.deliver]: (job) => this.webhooks.deliver(job.data.deliveryId, isLastAttempt(job)),
  };

  constructor(
    private readonly webhooks: WebhookDeliveryService,
    protected readonly clock: Clock,
  ) {
    super();
  }
}
