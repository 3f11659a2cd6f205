import { Processor } from '@nestjs/bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { LIFECYCLE_JOBS, TrialLifecycleService } from '../../../core/src/lifecycle/trial-lifecycle.service';
import { ClockedProcessor, JobHandlers, processorOptions } from '../scheduling/clocked-processor';
import { TickRunner } from '../scheduling/tick-runner';

@Processor('lifecycle', processorOptions(2))
export class LifecycleProcessor extends ClockedProcessor {
  protected readonly handlers: JobHandlers = {
    [LIFECYCLE_JOBS.dailyTick]: (job) => this.ticks.run(job, (scheduledFor) => this.trials.enqueueDaily(scheduledFor)),
    [LIFECYCLE_JOBS.sweepTick]: (job) => this.ticks.run(job, (scheduledFor) => this.trials.enqueueSweep(scheduledFor)),
    [LIFECYCLE_JOBS.trialDay]: (job) => this.trials.planDay(job.data.lastEndedDay),
    [LIFECYCLE_JOBS.trialChunk]: (job) => this.trials.decideChunk(job.data.lastEndedDay, job.data.appIds),
    [LIFECYCLE_JOBS.trialSweep]: (job) => this.trials.sweep(job.data.day),
  };

  constructor(
    private readonly trials: TrialLifecycleService,
    private readonly ticks: TickRunner,
    protected readonly clock: Clock,
  ) {
    super();
  }
}
