import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { ExpiryLifecycleService } from '../../../core/src/subscriptions/expiry-lifecycle.service';
import { PREPAID_JOBS } from '../../../core/src/subscriptions/prepaid.jobs';
import { ProvisioningService } from '../../../core/src/subscriptions/provisioning.service';
import { TickRunner } from '../scheduling/tick-runner';

/** Prepaid plans: provisioning of purchases, the daily expiry lifecycle and the hourly safety nets. */
@Processor('prepaid', {
  concurrency: 4,
  lockDuration: Number(process.env.JOB_LOCK_MS ?? 60_000),
  stalledInterval: Number(process.env.JOB_STALLED_CHECK_MS ?? 30_000),
})
export class PrepaidProcessor extends WorkerHost {
  constructor(
    private readonly expiry: ExpiryLifecycleService,
    private readonly provisioning: ProvisioningService,
    private readonly ticks: TickRunner,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    await this.clock.sync();
    switch (job.name) {
      case PREPAID_JOBS.dailyTick:
        return this.ticks.run(job, (scheduledFor) => this.expiry.enqueueDay(scheduledFor));
      case PREPAID_JOBS.hourlyTick:
        return this.ticks.run(job, (scheduledFor) => this.expiry.enqueueSweep(scheduledFor));
      case PREPAID_JOBS.day:
        return this.expiry.runDay(job.data.day);
      case PREPAID_JOBS.sweep:
        return this.expiry.sweep(job.data.day);
      case PREPAID_JOBS.provision:
        // A failure rethrows, so BullMQ retries it with backoff; the last attempt marks the order 'failed'.
        return this.provisioning.provision(job.data.orderId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
      default:
        throw new Error(`unknown prepaid job ${job.name}`);
    }
  }
}
