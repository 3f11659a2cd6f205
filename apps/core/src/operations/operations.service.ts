import { Inject, Injectable } from '@nestjs/common';
import { daysBetween } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { lastSettleableDay } from '../settlement/settlement.rules';
import { DeliveryBacklog, OperationsRepository } from './operations.repository';

/** Figures for the metrics endpoint that come from the database. */
@Injectable()
export class OperationsService {
  constructor(
    private readonly repository: OperationsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Days between the last closed settlement day and the last day whose
   * settlement time has come: 0 when settlement is up to date. Null before the
   * first day was ever settled.
   */
  async settlementLagDays(): Promise<number | null> {
    const lastClosed = await this.repository.lastClosedSettlementDay();
    return lastClosed === null ? null : Math.max(daysBetween(lastClosed, lastSettleableDay(this.clock.now(), this.config.billingTz)), 0);
  }

  /**
   * Seconds since each schedule row last finished a tick, on the system's
   * clock (the simulated one too), so "a sweep has not run for 2 hours" means
   * the same in both clock modes.
   */
  async secondsSinceLastRun(): Promise<{ scheduleId: string; seconds: number }[]> {
    const now = this.clock.now().getTime();
    return (await this.repository.lastFinishedRuns()).map((run) => ({
      scheduleId: run.scheduleId,
      seconds: Math.max(now - run.finishedAt.getTime(), 0) / 1000,
    }));
  }

  deliveryBacklog(): Promise<DeliveryBacklog> {
    return this.repository.deliveryBacklog();
  }
}
