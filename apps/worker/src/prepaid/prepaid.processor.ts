import { Processor } from '@nestjs/bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { ExpiryLifecycleService } from '../../../core/src/subscriptions/expiry-lifecycle.service';
import { PREPAID_JOBS } from '../../../core/src/subscriptions/prepaid.jobs';
import { ProvisioningService } from '../../../core/src/subscriptions/provisioning.service';
import { ClockedProcessor, JobHandlers, processorOptions } from '../scheduling/clocked-processor';
import { TickRunner } from '../scheduling/tick-runner';

/** Prepaid plans: provisioning of purchases, the daily expiry lifecycle and the hourly safety nets. */
@Processor('prepaid', processorOptions(4))
export class PrepaidProcessor extends ClockedProcessor {
  protected readonly handlers: JobHandlers = {
    [PREPAID_JOBS.dailyTick]: (job) => this.ticks.run(job, (scheduledFor) => this.expiry.enqueueDay(scheduledFor)),
    [PREPAID_JOBS.hourlyTick]: (job) => this.ticks.run(job, (scheduledFor) => this.expiry.enqueueSweep(scheduledFor)),
    [PREPAID_JOBS.day]: (job) => this.expiry.runDay(job.data.day),
    [PREPAID_JOBS.sweep]: (job) => this.expiry.sweep(job.data.day),
    // A failure rethrows, so BullMQ retries it with backoff; the last attempt marks the order 'failed'.
    [PREPAID_JOBS.provision]: (job) => this.provisioning.provision(job.data.orderId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
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
