import { Processor } from '@nestjs/bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { JOBS } from '../../../core/src/queue/jobs';
import { DailyRedriveService } from '../../../core/src/scheduling/daily-redrive.service';
import { ArrearsService } from '../../../core/src/settlement/arrears.service';
import { SettlementService } from '../../../core/src/settlement/settlement.service';
import { VoucherExpiryService } from '../../../core/src/settlement/voucher-expiry.service';
import { ClockedProcessor, JobHandlers, processorOptions } from '../scheduling/clocked-processor';
import { TickRunner } from '../scheduling/tick-runner';

/** Two chunks at once: one prices in Node while the other writes in Postgres. */
@Processor('settlement', processorOptions(2))
export class SettlementProcessor extends ClockedProcessor<'settlement'> {
  protected readonly handlers: JobHandlers<'settlement'> = {
    [JOBS.settlement.tick]: (job) => this.ticks.run(job, () => this.settlement.enqueueDue()),
    [JOBS.settlement.settleDay]: (job) => this.settlement.settleDay(job.data.day),
    [JOBS.settlement.settleChunk]: (job) => this.settlement.settleChunk(job.data.day, job.data.chunkNo),
    [JOBS.settlement.closeDay]: (job) => this.settlement.closeDay(job.data.day),
    // The hourly tick, replayed in both clock modes, also re-drives the daily work of every queue that failed for good.
    [JOBS.settlement.arrearsTick]: (job) =>
      this.ticks.run(job, async (scheduledFor) => {
        await this.arrears.enqueueSweep(scheduledFor);
        return { redriven: await this.redrive.run() };
      }),
    [JOBS.settlement.arrearsSweep]: () => this.arrears.sweep(),
    [JOBS.settlement.vouchersTick]: (job) => this.ticks.run(job, (scheduledFor) => this.vouchers.enqueueDay(scheduledFor)),
    [JOBS.settlement.expireVouchers]: () => this.vouchers.run(),
  };

  constructor(
    private readonly settlement: SettlementService,
    private readonly arrears: ArrearsService,
    private readonly vouchers: VoucherExpiryService,
    private readonly redrive: DailyRedriveService,
    private readonly ticks: TickRunner,
    protected readonly clock: Clock,
  ) {
    super();
  }
}
