import { Processor } from '@nestjs/bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { TrialLifecycleService } from '../../../core/src/lifecycle/trial-lifecycle.service';
import { JOBS } from '../../../core/src/queue/jobs';
import { ClockedProcessor, JobHandlers, processorOptions } from '../scheduling/clocked-processor';
import { TickRunner } from '../scheduling/tick-runner';

@Processor('lifecycle', processorOptions(2))
export class LifecycleProcessor extends ClockedProcessor<'lifecycle'> {
  protected readonly handlers: JobHandlers<'lifecycle'> = {
    [JOBS.lifecycle.dailyTick]: (job) => this.ticks.run(job, (scheduledFor) => this.trials.enqueueDaily(scheduledFor)),
    [JOBS.lifecycle.sweepTick]: (job) => this.ticks.run(job, (scheduledFor) => this.trials.enqueueSweep(scheduledFor)),
    [JOBS.lifecycle.trialDay]: (job) => this.trials.planDay(job.data.lastEndedDay),
    [JOBS.lifecycle.trialChunk]: (job) => this.trials.decideChunk(job.data.lastEndedDay, job.data.appIds),
    [JOBS.lifecycle.trialSweep]: (job) => this.trials.sweep(job.data.day),
  };

  constructor(
    private readonly trials: TrialLifecycleService,
    private readonly ticks: TickRunner,
    protected readonly clock: Clock,
  ) {
    super();
  }
}
