import { Processor } from '@nestjs/bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { REPORTING_JOBS } from '../../../core/src/reporting/reporting.jobs';
import { RevenueRollupService } from '../../../core/src/reporting/revenue-rollup.service';
import { ClockedProcessor, JobHandlers, processorOptions } from '../scheduling/clocked-processor';
import { TickRunner } from '../scheduling/tick-runner';

/** The revenue rollup behind the dashboards: one run at a time is enough. */
@Processor('reporting', processorOptions(1))
export class ReportingProcessor extends ClockedProcessor {
  protected readonly handlers: JobHandlers = {
    [REPORTING_JOBS.rollupTick]: (job) => this.ticks.run(job, (scheduledFor) => this.rollup.enqueue(scheduledFor)),
    [REPORTING_JOBS.rollup]: () => this.rollup.rollUp(),
  };

  constructor(
    private readonly rollup: RevenueRollupService,
    private readonly ticks: TickRunner,
    protected readonly clock: Clock,
  ) {
    super();
  }
}
