import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { addDays, billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { jobId } from '../queue/queues';
import { SettlementRepository } from './settlement.repository';
import { daysToSettle } from './settlement.rules';

export const SETTLE_THROUGH_JOB = 'settlement.settle-through';

@Injectable()
export class SettlementService {
  private readonly logger = new Logger(SettlementService.name);

  constructor(
    private readonly days: SettlementRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue('settlement') private readonly queue: Queue,
  ) {}

  /** The 06:00 tick of day D enqueues the settlement of everything through D-1 (one job per target day). */
  async enqueueForTick(scheduledFor: Date): Promise<string> {
    const target = addDays(billingDate(scheduledFor, this.config.billingTz), -1);
    await this.queue.add(SETTLE_THROUGH_JOB, { through: target }, { jobId: jobId('settle-through', target) });
    return target;
  }

  /** Safe to run twice or on two workers at once: each day is closed by a conflict-free insert. */
  async settleThrough(target: string): Promise<string[]> {
    const pending = daysToSettle(await this.days.lastClosedDay(), target);
    for (const day of pending) {
      await this.days.close(day, this.clock.now());
      this.logger.log({ msg: 'day settled', day });
    }
    return pending;
  }

  async isDayClosed(day: string): Promise<boolean> {
    return this.days.isClosed(day);
  }
}
