import { Processor } from '@nestjs/bullmq';
import { TRIAL_FORECAST_JOB, TrialForecastService } from '../../../core/src/advice/trial-forecast.service';
import { Clock } from '../../../core/src/clock/clock';
import { LIFECYCLE_JOBS, TrialLifecycleService } from '../../../core/src/lifecycle/trial-lifecycle.service';
import { ClockedProcessor, JobHandlers, processorOptions } from '../scheduling/clocked-processor';
import { TickRunner } from '../scheduling/tick-runner';

@Processor('lifecycle', processorOptions(2))
export class LifecycleProcessor extends ClockedProcessor {
  protected readonly handlers: JobHandlers = {
    // The forecast follows the trial decisions of the same tick: an app cut off or restored is judged after the move.
    [LIFECYCLE_JOBS.dailyTick]: (job) =>
      this.ticks.run(job, async (scheduledFor) => {
        const lastEndedDay = await this.trials.enqueueDaily(scheduledFor);
        await this.forecasts.enqueueDay(scheduledFor);
        return lastEndedDay;
      }),
    [LIFECYCLE_JOBS.sweepTick]: (job) => this.ticks.run(job, (scheduledFor) => this.trials.enqueueSweep(scheduledFor)),
    [LIFECYCLE_JOBS.trialDay]: (job) => this.trials.planDay(job.data.lastEndedDay),
    [LIFECYCLE_JOBS.trialChunk]: (job) => this.trials.decideChunk(job.data.lastEndedDay, job.data.appIds),
    [LIFECYCLE_JOBS.trialSweep]: (job) => this.trials.sweep(job.data.day),
    [TRIAL_FORECAST_JOB]: (job) => this.forecasts.runDay(job.data.today),
  };

  constructor(
    private readonly trials: TrialLifecycleService,
    private readonly forecasts: TrialForecastService,
    private readonly ticks: TickRunner,
    protected readonly clock: Clock,
  ) {
    super();
  }
}
