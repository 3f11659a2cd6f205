import { Processor } from '@nestjs/bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { isLastAttempt } from '../../../core/src/notifications/notification.jobs';
import { JOBS } from '../../../core/src/queue/jobs';
import { ExpiryLifecycleService } from '../../../core/src/subscriptions/expiry-lifecycle.service';
import { ProvisioningService } from '../../../core/src/subscriptions/provisioning.service';
import { ClockedProcessor, JobHandlers, processorOptions } from '../scheduling/clocked-processor';
import { TickRunner } from '../scheduling/tick-runner';

/** Prepaid plans: provisioning of purchases, the daily expiry lifecycle and the hourly safety nets. */
@Processor('prepaid', processorOptions(4))
export class PrepaidProcessor extends ClockedProcessor<'prepaid'> {
  protected readonly handlers: JobHandlers<'prepaid'> = {
    [JOBS.prepaid.dailyTick]: (job) => this.ticks.run(job, (scheduledFor) => this.expiry.enqueueDay(scheduledFor)),
    [JOBS.prepaid.hourlyTick]: (job) => this.ticks.run(job, (scheduledFor) => this.expiry.enqueueSweep(scheduledFor)),
    [JOBS.prepaid.day]: (job) => this.expiry.runDay(job.data.day),
    [JOBS.prepaid.sweep]: (job) => this.expiry.sweep(job.data.day),
    // A failure rethrows, so BullMQ retries it with backoff; the last attempt marks the order 'failed'.
    [JOBS.prepaid.provision]: (job) => this.provisioning.provision(job.data.orderId, isLastAttempt(job)),
  };

  constructor(
    private readonly expiry: ExpiryLifecycleService,
    private readonly provisioning: ProvisioningService,
    private readonly ticks: TickRunner,
    protected readonly clock: Clock,
  ) {
    super();
  }
}
