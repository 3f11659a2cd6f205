import { Processor } from '@nestjs/bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { ARREARS_SWEEP_JOB, ArrearsService } from '../../../core/src/settlement/arrears.service';
import { SETTLEMENT_JOBS, SettlementService } from '../../../core/src/settlement/settlement.service';
import { VOUCHER_EXPIRY_JOB, VOUCHER_EXPIRY_TICK, VoucherExpiryService } from '../../../core/src/settlement/voucher-expiry.service';
import { ClockedProcessor, JobHandlers, processorOptions } from '../scheduling/clocked-processor';
import { TickRunner } from '../scheduling/tick-runner';

/** Two chunks at once: one prices in Node while the other writes in Postgres. */
@Processor('settlement', processorOptions(2))
export class SettlementProcessor extends ClockedProcessor {
  protected readonly handlers: JobHandlers = {
    'settlement.tick': (job) => this.ticks.run(job, () => this.settlement.enqueueDue()),
    [SETTLEMENT_JOBS.settleDay]: (job) => this.settlement.settleDay(job.data.day),
    [SETTLEMENT_JOBS.settleChunk]: (job) => this.settlement.settleChunk(job.data.day, job.data.chunkNo),
    [SETTLEMENT_JOBS.closeDay]: (job) => this.settlement.closeDay(job.data.day),
    'settlement.arrears-tick': (job) => this.ticks.run(job, (scheduledFor) => this.arrears.enqueueSweep(scheduledFor)),
    [ARREARS_SWEEP_JOB]: () => this.arrears.sweep(),
    [VOUCHER_EXPIRY_TICK]: (job) => this.ticks.run(job, (scheduledFor) => this.vouchers.enqueueDay(scheduledFor)),
    [VOUCHER_EXPIRY_JOB]: () => this.vouchers.run(),
  };

  constructor(
    private readonly settlement: SettlementService,
    private readonly arrears: ArrearsService,
    private readonly vouchers: VoucherExpiryService,
    private readonly ticks: TickRunner,
    protected readonly clock: Clock,
  ) {
    super();
  }
}
