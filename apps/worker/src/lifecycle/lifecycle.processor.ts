import { Processor } from '@nestjs/bullmq';
import { TrialForecastService } from '../../../core/src/advice/trial-forecast.service';
import { Clock } from '../../../core/src/clock/clock';
import { TrialLifecycleService } from '../../../core/src/lifecycle/trial-lifecycle.service';
import { JOBS } from '../../../core/src/queue/jobs';
import { ClockedProcessor, JobHandlers, processorOptions } from '../scheduling/clocked-processor';
import { TickRunner } from '../scheduling/tick-runner';

@Processor('lifecycle', processorOptions(2))
export class LifecycleProcessor extends ClockedProcessor<'lifecycle'> {
  protected readonly handlers: JobHandlers<'lifecycle'> = {
    // The forecast follows the trial decisions of the same tick: an app cut off or restored is judged after the move.
    [JOBS.lifecycle.dailyTick]: (job) =>
      this.ticks.run(job, async (scheduledFor) => {
        const lastEndedDay = await this.trials.enqueueDaily(scheduledFor);
        await this.forecasts.enqueueDay(scheduledFor);
        return lastEndedDay;
      }),
    [JOBS.lifecycle.sweepTick]: (job) => this.ticks.run(job, (scheduledFor) => this.trials.enqueueSweep(scheduledFor)),
    [JOBS.lifecycle.trialDay]: (job) => this.trials.planDay(job.data.lastEndedDay),
    [JOBS.lifecycle.trialChunk]: (job) => this.trials.decideChunk(job.data.lastEndedDay, job.data.appIds),
    [JOBS.lifecycle.trialSweep]: (job) => this.trials.sweep(job.data.day),
    [JOBS.lifecycle.trialForecast]: (job) => this.forecasts.runDay(job.data.today),
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
