import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { SETTLE_THROUGH_JOB, SettlementService } from '../../../core/src/settlement/settlement.service';
import { TickRunner } from '../scheduling/tick-runner';

@Processor('settlement')
export class SettlementProcessor extends WorkerHost {
  constructor(
    private readonly settlement: SettlementService,
    private readonly ticks: TickRunner,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    await this.clock.sync();
    switch (job.name) {
      case 'settlement.tick':
        return this.ticks.run(job, (scheduledFor) => this.settlement.enqueueForTick(scheduledFor));
      case SETTLE_THROUGH_JOB:
        return this.settlement.settleThrough(job.data.through);
      default:
        throw new Error(`unknown settlement job ${job.name}`);
    }
  }
}
