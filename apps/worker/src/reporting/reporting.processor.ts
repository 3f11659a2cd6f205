import { Processor } from '@nestjs/bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { JOBS } from '../../../core/src/queue/jobs';
import { RevenueRollupService } from '../../../core/src/reporting/revenue-rollup.service';
import { ClockedProcessor, JobHandlers, processorOptions } from '../scheduling/clocked-processor';
import { TickRunner } from '../scheduling/tick-runner';

/** The revenue rollup behind the dashboards: one run at a time is enough. */
@Processor('reporting', processorOptions(1))
export class ReportingProcessor extends ClockedProcessor<'reporting'> {
  protected readonly handlers: JobHandlers<'reporting'> = {
    [JOBS.reporting.rollupTick]: (job) => this.ticks.run(job, (scheduledFor) => this.rollup.enqueue(scheduledFor)),
    [JOBS.reporting.rollup]: () => this.rollup.rollUp(),
  };

  constructor(
    private readonly rollup: RevenueRollupService,
    private readonly ticks: TickRunner,
    protected readonly clock: Clock,
  ) {
    super();
  }
}
