import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { ARREARS_SWEEP_JOB, ArrearsService } from '../../../core/src/settlement/arrears.service';
import { SETTLEMENT_JOBS, SettlementService } from '../../../core/src/settlement/settlement.service';
import { TickRunner } from '../scheduling/tick-runner';

/** Two chunks at once: one prices in Node while the other writes in Postgres. */
@Processor('settlement', {
  concurrency: 2,
  // How soon a job held by a killed worker is handed to another (tests and benchmarks shorten it).
  lockDuration: Number(process.env.JOB_LOCK_MS ?? 60_000),
  stalledInterval: Number(process.env.JOB_STALLED_CHECK_MS ?? 30_000),
})
export class SettlementProcessor extends WorkerHost {
  constructor(
    private readonly settlement: SettlementService,
    private readonly arrears: ArrearsService,
    private readonly ticks: TickRunner,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    await this.clock.sync();
    switch (job.name) {
      case 'settlement.tick':
        return this.ticks.run(job, () => this.settlement.enqueueDue());
      case SETTLEMENT_JOBS.settleDay:
        return this.settlement.settleDay(job.data.day);
      case SETTLEMENT_JOBS.settleChunk:
        return this.settlement.settleChunk(job.data.day, job.data.chunkNo);
      case SETTLEMENT_JOBS.closeDay:
        return this.settlement.closeDay(job.data.day);
      case 'settlement.arrears-tick':
        return this.ticks.run(job, (scheduledFor) => this.arrears.enqueueSweep(scheduledFor));
      case ARREARS_SWEEP_JOB:
        return this.arrears.sweep();
      default:
        throw new Error(`unknown settlement job ${job.name}`);
    }
  }
}
