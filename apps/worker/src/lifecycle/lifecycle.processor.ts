import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { LIFECYCLE_JOBS, TrialLifecycleService } from '../../../core/src/lifecycle/trial-lifecycle.service';
import { TickRunner } from '../scheduling/tick-runner';

@Processor('lifecycle', {
  concurrency: 2,
  lockDuration: Number(process.env.JOB_LOCK_MS ?? 60_000),
  stalledInterval: Number(process.env.JOB_STALLED_CHECK_MS ?? 30_000),
})
export class LifecycleProcessor extends WorkerHost {
  constructor(
    private readonly trials: TrialLifecycleService,
    private readonly ticks: TickRunner,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    await this.clock.sync();
    switch (job.name) {
      case LIFECYCLE_JOBS.dailyTick:
        return this.ticks.run(job, (scheduledFor) => this.trials.enqueueDaily(scheduledFor));
      case LIFECYCLE_JOBS.sweepTick:
        return this.ticks.run(job, (scheduledFor) => this.trials.enqueueSweep(scheduledFor));
      case LIFECYCLE_JOBS.trialDay:
        return this.trials.planDay(job.data.lastEndedDay);
      case LIFECYCLE_JOBS.trialChunk:
        return this.trials.decideChunk(job.data.lastEndedDay, job.data.appIds);
      case LIFECYCLE_JOBS.trialSweep:
        return this.trials.sweep(job.data.day);
      default:
        throw new Error(`unknown lifecycle job ${job.name}`);
    }
  }
}
