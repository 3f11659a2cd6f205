import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { billingDate } from '../clock/calendar';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { LedgerService } from '../ledger/ledger.service';
import { JOBS } from '../queue/jobs';
import { jobId } from '../queue/queues';

/**
 * The daily voucher expiry (SPEC.md 8): at 00:00 the vouchers whose last day
 * just ended give up what they still hold, through the ledger.
 */
@Injectable()
export class VoucherExpiryService {
  private readonly logger = new Logger(VoucherExpiryService.name);

  constructor(
    private readonly ledger: LedgerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue('settlement') private readonly queue: Queue,
  ) {}

  /** One expiry run per billing day (a repeated tick finds it already there). */
  async enqueueDay(scheduledFor: Date): Promise<void> {
    const day = billingDate(scheduledFor, this.config.billingTz);
    await this.queue.add(JOBS.settlement.expireVouchers, { day }, { jobId: jobId('expire-vouchers', day) });
  }

  /** Expires every voucher past its last day as of now, whichever day the job was meant for: late runs catch up. */
  async run(): Promise<number> {
    const expired = await this.ledger.expireVouchers();
    if (expired) this.logger.log({ msg: 'vouchers expired', expired });
    return expired;
  }
}
